"""``--output`` writes into what it is given, never replaces it (issue 10, item 6).

The attack: "atomic" writing renamed a temporary file over whatever the path was — a
device node (``-o /dev/null`` as root replaced the device), a symbolic link
(``papers/latest.html`` → a target), and ``/dev/full`` never said "no space". Now
``output.write_output`` replaces only a regular file (or creates a new one) atomically,
writes through to a character device, a FIFO or ``/dev/stdout``, follows a link only to a
file in the link's own folder, and reports a failed write in one line with exit 1,
leaving nothing half-written. Every command that takes ``--output`` goes through it.

The tests use the real devices. Reproducing the old behaviour on them would have replaced
the machine's own ``/dev/null``, so the first tests use device nodes made in a temporary
folder (``mknod``, as root), and the ``/dev/null`` test puts the device back if a
regression ever replaces it.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sendtrack.store.history import clean_environment
from tests.security.hostile_clone import hostile_clone

Cli = Callable[..., Any]
AS_OF = ("--as-of", "2025-11-03")
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")

COMMANDS = {
    "highlight-markdown": ("report", "highlight", *AS_OF),
    "highlight-html": ("report", "highlight", "-f", "html", *AS_OF),
    "highlight-text": ("report", "highlight", "-f", "text", *AS_OF),
    "board-pack-markdown": ("report", "board-pack", *AS_OF),
    "board-pack-html": ("report", "board-pack", "-f", "html", *AS_OF),
    "export-xlsx": ("export", *AS_OF),
}
"""Every command whose --output names a file."""


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return hostile_clone(tmp_path)


def _device(path: Path, major: int, minor: int) -> Path:
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path


def _is_device(path: Path, major: int, minor: int) -> bool:
    info = os.lstat(path)
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(major, minor)


@ROOT_ONLY
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_device_is_written_into_not_replaced(
    cli: Cli, board: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    null = _device(tmp_path / "null", 1, 3)
    result = cli("--repo", str(board), *command, "--output", str(null))
    assert result.exit_code == 0, result.output
    assert _is_device(null, 1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attacker", "null", "victim"]


@pytest.fixture
def dev_null_kept() -> Iterator[None]:
    yield
    if os.geteuid() == 0 and not _is_device(Path(os.devnull), 1, 3):
        # A regression replaced the machine's /dev/null: put the device back, then fail.
        Path(os.devnull).unlink()
        _device(Path(os.devnull), 1, 3)
        pytest.fail("/dev/null was replaced by the write (and has been restored)")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_dev_null_stays_a_device(
    cli: Cli, board: Path, dev_null_kept: None, command: tuple[str, ...]
) -> None:
    before = sorted(os.listdir("/dev"))
    result = cli("--repo", str(board), *command, "--output", os.devnull)
    assert result.exit_code == 0, result.output
    assert _is_device(Path(os.devnull), 1, 3)
    assert sorted(os.listdir("/dev")) == before  # no chart or temporary file beside it
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {os.devnull}")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_full_device_says_no_space(cli: Cli, board: Path, command: tuple[str, ...]) -> None:
    result = cli("--repo", str(board), *command, "--output", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr == "sendtrack: cannot write /dev/full: No space left on device\n"
    assert _is_device(Path("/dev/full"), 1, 7)


@ROOT_ONLY
def test_a_full_device_node_was_replaced_before(cli: Cli, board: Path, tmp_path: Path) -> None:
    full = _device(tmp_path / "full", 1, 7)
    result = cli("--repo", str(board), *COMMANDS["highlight-text"], "--output", str(full))
    assert result.exit_code == 1
    assert result.stderr == f"sendtrack: cannot write {full}: No space left on device\n"
    assert _is_device(full, 1, 7)


def _read_in_thread(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_a_fifo_gets_the_whole_paper(cli: Cli, board: Path, tmp_path: Path, fmt: str) -> None:
    """Markdown charts cannot go beside a pipe: the paper embeds them, as on stdout."""
    paper = ("report", "highlight", "-f", fmt, *AS_OF)
    expected = cli("--repo", str(board), *paper).stdout
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = _read_in_thread(fifo)
    result = cli("--repo", str(board), *paper, "--output", str(fifo))
    reader.join(timeout=60)
    assert not reader.is_alive(), "the reader never got an end of file"
    assert result.exit_code == 0, result.output
    assert received == [expected.encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attacker", "pipe", "victim"]


def _sendtrack(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sendtrack", "--no-cache", *args],
        env={**clean_environment(), "MPLBACKEND": "svg"},
        check=False,
        **kwargs,
    )


def test_dev_stdout_is_written_through(board: Path, tmp_path: Path) -> None:
    paper = ("--repo", str(board), "report", "highlight", "-f", "text", *AS_OF)
    expected = _sendtrack(*paper, capture_output=True).stdout
    piped = _sendtrack(*paper, "--output", "/dev/stdout", capture_output=True)
    assert (piped.returncode, piped.stdout) == (0, expected)
    assert piped.stderr == b"wrote /dev/stdout\n"
    into_file = tmp_path / "out.txt"
    with open(into_file, "wb") as stream:
        redirected = _sendtrack(*paper, "-o", "/dev/stdout", stdout=stream, stderr=subprocess.PIPE)
    assert redirected.returncode == 0
    assert into_file.read_bytes() == expected
    assert os.path.islink("/dev/stdout")


def test_a_link_to_a_file_in_its_folder_is_followed(cli: Cli, board: Path, tmp_path: Path) -> None:
    """papers/latest.html → 2025-11-03.html: the dated file is written, the link kept."""
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "2025-11-03.html").write_text("old", encoding="utf-8")
    (papers / "latest.html").symlink_to("2025-11-03.html")
    link = papers / "latest.html"
    result = cli("--repo", str(board), *COMMANDS["highlight-html"], "-o", str(link))
    assert result.exit_code == 0, result.output
    assert os.readlink(papers / "latest.html") == "2025-11-03.html"
    assert (papers / "2025-11-03.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in papers.iterdir()) == ["2025-11-03.html", "latest.html"]


def test_a_link_out_of_its_folder_is_refused(cli: Cli, board: Path, tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep", encoding="utf-8")
    (papers / "latest.html").symlink_to(outside)
    link = papers / "latest.html"
    result = cli("--repo", str(board), *COMMANDS["board-pack-html"], "-o", str(link))
    assert result.exit_code == 1
    assert result.stderr == (
        f"sendtrack: {link} is a symbolic link to {outside}, outside {papers}; sendtrack "
        "writes through a link only to a file in the link's own folder\n"
    )
    assert outside.read_text(encoding="utf-8") == "keep"
    assert os.readlink(link) == str(outside)


def test_a_folder_is_not_a_file(cli: Cli, board: Path, tmp_path: Path) -> None:
    for command in COMMANDS.values():
        result = cli("--repo", str(board), *command, "-o", str(tmp_path))
        assert (result.exit_code, result.stderr) == (
            1,
            f"sendtrack: {tmp_path} is a folder; give the file to write\n",
        )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_folder_without_write_permission(cli: Cli, board: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = cli("--repo", str(board), *COMMANDS["highlight-html"], "-o", str(locked / "x.html"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"sendtrack: cannot write {locked / 'x.html'}: Permission denied\n",
    )


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_failed_write_leaves_the_old_paper_whole(board: Path, tmp_path: Path) -> None:
    """A write that fails half way (here: the file-size limit, EFBIG) keeps the old paper
    byte for byte and leaves no temporary file behind."""
    papers = tmp_path / "papers"
    papers.mkdir()
    paper = papers / "pack.html"
    paper.write_text("the paper the board already has", encoding="utf-8")
    result = _sendtrack(
        "--repo", str(board), *COMMANDS["board-pack-html"], "-o", str(paper),
        capture_output=True, preexec_fn=_file_size_limit(16 * 1024),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == f"sendtrack: cannot write {paper}: File too large\n".encode()
    assert paper.read_text(encoding="utf-8") == "the paper the board already has"
    assert sorted(p.name for p in papers.iterdir()) == ["pack.html"]


def test_a_replaced_file_keeps_its_permissions(cli: Cli, board: Path, tmp_path: Path) -> None:
    paper = tmp_path / "private.html"
    paper.write_text("old", encoding="utf-8")
    paper.chmod(0o600)
    result = cli("--repo", str(board), *COMMANDS["highlight-html"], "-o", str(paper))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(paper.stat().st_mode) == 0o600
    assert paper.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_csv_export_refuses_a_link_out_of_its_folder(cli: Cli, board: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text("keep", encoding="utf-8")
    (folder / "risks.csv").symlink_to(outside)
    result = cli("--repo", str(board), "export", "-f", "csv", *AS_OF, "-o", str(folder))
    assert result.exit_code == 1
    assert "is a symbolic link to" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in folder.iterdir()) == ["risks.csv"]


def test_schema_writes_through_the_same_function(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text("keep", encoding="utf-8")
    (folder / "risks.schema.json").symlink_to(outside)
    result = cli("schema", "--output", str(folder))
    assert result.exit_code == 1
    assert "is a symbolic link to" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in folder.iterdir()) == ["risks.schema.json"]
