"""What a cached value was made by, and where caches live: cheap enough to ask first.

``code_fingerprint`` is stored with every cached model and keys every stored output:
sendtrack's own code (its Python files and templates), the Python version and the
installed versions of the libraries that shape what is stored. A cache made by any
other build is ignored.

Written with ``os`` and ``hashlib`` only: it runs before an unchanged repository's status
is printed from the output cache (``cli/stored_output.py``), where importing pathlib,
importlib.util or the libraries themselves (pydantic-core and PyYAML cost more than the
whole answer may take) would be most of the run.
"""

from __future__ import annotations

import hashlib
import os
import sys

ENV_VAR = "SENDTRACK_CACHE_DIR"

SHAPING_LIBRARIES = (
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic_core"),
    ("yaml", "pyyaml"),
    ("rich", "rich"),
    ("tabulate", "tabulate"),
)
"""The libraries whose version changes what is cached (module, distribution): the
models pickled, the YAML read, the text and Markdown rendered into stored outputs."""

_fingerprint: bytes | None = None


def digest(raw: bytes) -> bytes:
    """A file's identity in every cache: BLAKE2b, 128 bits."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def repository_stem(root: str) -> str:
    """The name a repository's files in the cache folder share (``<stem>.cache``,
    ``<stem>.outputs``, ``<stem>.papers``): a hash of its resolved folder."""
    return hashlib.blake2b(root.encode(), digest_size=16).hexdigest()


def cache_folder() -> str:
    """Where the caches live: ``$SENDTRACK_CACHE_DIR`` if set, else
    ``$XDG_CACHE_HOME/sendtrack``, else the platform's user cache folder."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    if os.environ.get("XDG_CACHE_HOME"):
        return os.path.join(os.environ["XDG_CACHE_HOME"], "sendtrack")
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return os.path.join(os.environ["LOCALAPPDATA"], "sendtrack", "cache")
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "sendtrack")
    return os.path.join(home, ".cache", "sendtrack")


def _normalised(distribution: str) -> str:
    """A distribution's name as packaging compares them: 'PyYAML' and 'pyyaml' are one
    name, as are 'ruamel.yaml' and 'ruamel_yaml'."""
    return distribution.lower().replace("-", "_").replace(".", "_")


def installed_version(module: str, distribution: str) -> str:
    """``distribution``'s installed version, read from the name of its ``.dist-info``
    folder (``<name>-<version>.dist-info``) in the first ``sys.path`` folder holding
    ``module``, as the import system would find it; the module's ``__version__``, imported,
    where there is no such folder (an unusual install)."""
    top = module.partition(".")[0]
    wanted = _normalised(distribution)
    for entry in sys.path:
        folder = entry or os.curdir
        if not (
            os.path.isdir(os.path.join(folder, top))
            or os.path.isfile(os.path.join(folder, f"{top}.py"))
        ):
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            break
        for name in names:
            stem = name.removesuffix(".dist-info")
            if stem != name and _normalised(stem.partition("-")[0]) == wanted:
                return stem
        break
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return f"no {module}"
    return f"{module} {getattr(loaded, '__version__', 'of unknown version')}"


def code_fingerprint() -> bytes:
    """What the cached values were made by (see the module's docstring); computed once."""
    global _fingerprint
    if _fingerprint is None:
        # The whole package, not this module's folder: models/ and plan/ shape what is
        # cached as much as store/ does.
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(sys.version.encode() + b"\0")
        for module, distribution in SHAPING_LIBRARIES:
            hasher.update(installed_version(module, distribution).encode() + b"\0")
        # os.walk over ~160 small files costs ~3 ms; pathlib's rglob costs ten times that.
        for folder, subfolders, files in os.walk(package):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                # Templates are code too: a paper's HTML is rendered from them.
                if name.endswith((".py", ".j2")):
                    path = os.path.join(folder, name)
                    with open(path, "rb") as stream:
                        hasher.update(os.path.relpath(path, package).encode() + b"\0")
                        hasher.update(stream.read())
        _fingerprint = hasher.digest()
    return _fingerprint
