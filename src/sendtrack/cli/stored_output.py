"""An unchanged repository's ``status``, printed before Typer, pydantic or YAML is imported.

Why: ``sendtrack status`` is what the partnership manager and editors run again and again
over files that have not changed, and the output cache (``store/outputs.py``) already
holds what it would print. Importing the CLI (Typer, Click, the command modules) costs
~250 ms, twenty times Python's own start-up; answering from the cache needs only ``os``,
``sys``, ``time`` and BLAKE2 — this module and the ones it uses (``store/root.py``,
``store/state_paths.py``, ``store/outputs.py``, ``store/fingerprint.py``,
``render/terminal.py``) import nothing else, not even pathlib or typing, which alone
would double the run (tests/cli/test_stored_output.py holds them to it).

``answer`` reads the arguments itself, but only the forms it is sure of: ``status`` with
``--format``/``-f``, ``--verbose``/``-v``, ``--as-of`` as ``YYYY-MM-DD`` and
``--scheme``, and the global ``--repo`` and ``--width``, each value spelt out
(``--format json`` or ``--format=json``). Any other argument or spelling, a repository
with a write journal waiting, or no stored output, and it returns False: the full CLI
then runs and says whatever there is to say. A value is not validated here beyond its
form: an output is stored only by a run of the full CLI that accepted the same
arguments on the same day (today is part of the key), so a stored output exists only
for arguments the CLI accepts. Both paths build the key with ``key_parameters`` and
``status_parameters``, so they cannot disagree about what an identical run is.
"""

from __future__ import annotations

import os
import sys
import time

from sendtrack.store.outputs import OutputCache

TYPE_CHECKING = False  # not typing's, nor collections.abc at run time: render/terminal.py
if TYPE_CHECKING:
    from collections.abc import Sequence

STATUS_FORMATS = ("text", "json", "markdown")
STATUS_SCHEMES = ("board", "pap", "nhse-brag")
"""As the CLI's choices (``cli/status.py``): a test holds the two to the same words."""

_VALUED = {"--repo": "repo", "--width": "width"}
_STATUS_VALUED = {"--format": "format", "-f": "format", "--as-of": "as_of", "--scheme": "scheme"}


def today() -> str:
    """Today in ISO form, local time, as ``datetime.date.today().isoformat()`` gives it
    (without importing datetime)."""
    return time.strftime("%Y-%m-%d")


def key_parameters(command: str, *parameters: str) -> tuple[str, ...]:
    """What an output is kept under besides the data files, the folder and the code: the
    command, today (the day its checks run as of) and what the command passes."""
    return (command, today(), *parameters)


def status_parameters(
    day: str, output_format: str, scheme: str | None, width: int, colour: bool, verbose: bool
) -> tuple[str, ...]:
    """Everything ``status``'s output depends on besides the data, the code and today:
    the as-of day (ISO), the format, the scheme asked for, the terminal, verbosity."""
    return (day, output_format, str(scheme), str(width), str(colour), str(verbose))


def stored(
    root: str | os.PathLike[str], parameters: Sequence[str], kind: str = "outputs"
) -> tuple[OutputCache, bytes | None, str | None]:
    """The store for ``root``, the key of ``parameters`` (None if a data file cannot be
    read) and the output kept under it, if any."""
    store = OutputCache(root, kind=kind)
    key = store.key(parameters)
    return store, key, store.get(key) if key is not None else None


def _iso_day(value: str) -> bool:
    """``YYYY-MM-DD`` in digits: the one spelling whose ISO form is itself."""
    return (
        len(value) == 10
        and value[4] == value[7] == "-"
        and (value[:4] + value[5:7] + value[8:]).isdigit()
    )


def read_status_call(args: Sequence[str]) -> dict[str, str] | None:
    """``args`` as a plain ``status`` run (the values given, by name), or None if they
    are anything else."""
    values: dict[str, str] = {}
    command = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "status" and not command:
            command = True
            continue
        if command and arg in ("--verbose", "-v"):
            values["verbose"] = "yes"
            continue
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        field = _VALUED.get(name) or (_STATUS_VALUED.get(name) if command else None)
        if field is None or (name == "-f" and equals):
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        values[field] = value
    plain = (
        values.get("format", "text") in STATUS_FORMATS
        and values.get("scheme", "board") in STATUS_SCHEMES
        and values.get("width", "80").isdigit()
        and _iso_day(values.get("as_of", "2000-01-01"))
    )
    return values if command and plain else None


class Unanswered:
    """A plain ``status`` call the output cache had nothing for: its key, made by reading
    and hashing every data file, which the CLI (run next, in the same process, handed
    this by the entry point) takes instead of making it again (``cli.common``)."""

    __slots__ = ("key", "parameters", "store")

    def __init__(self, store: OutputCache, parameters: tuple[str, ...], key: bytes) -> None:
        self.store = store
        self.parameters = parameters
        self.key = key


def answer(args: Sequence[str]) -> bool | Unanswered:
    """Print what an identical earlier ``status`` printed, if ``args`` are a plain
    ``status`` run and the output cache holds it; True when printed, an ``Unanswered``
    when they are but nothing was stored under their key, else False."""
    call = read_status_call(args)
    if call is None:
        return False
    from sendtrack.render.terminal import measure
    from sendtrack.store.root import NotARepository, find_root_folder
    from sendtrack.store.state_paths import state_paths

    try:
        root = find_root_folder(explicit=call.get("repo"))
        if os.path.lexists(state_paths(root)[0]):  # a write journal: the CLI decides
            return False
    except (NotARepository, OSError):
        return False
    width, colour, _ = measure(int(call["width"]) if "width" in call else None, sys.stdout)
    parameters = status_parameters(
        call.get("as_of") or today(),
        call.get("format", "text"),
        call.get("scheme"),
        width,
        colour,
        "verbose" in call,
    )
    asked = key_parameters("status", *parameters)
    store, key, text = stored(root, asked)
    if text is None:
        return Unanswered(store, asked, key) if key is not None else False
    sys.stdout.write(text)
    sys.stdout.flush()
    return True
