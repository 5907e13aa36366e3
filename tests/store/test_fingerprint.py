"""The code fingerprint every cache is keyed by: remembered under its files' signature,
so an unchanged build does not hash its code again, and never wrong when a file changes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from sendtrack.store import fingerprint
from sendtrack.store.cache import ModelCache
from sendtrack.store.fingerprint import FINGERPRINTS, digest, package_fingerprint
from sendtrack.store.loader import data_files, load
from tests.conftest import PROJECT_ROOT
from tests.store.test_read_paths import generator


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of sendtrack's code, and a cache folder of its own."""
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "sendtrack"
    shutil.copytree(
        PROJECT_ROOT / "src" / "sendtrack", copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy


def memo(tmp_path: Path) -> Path:
    return tmp_path / "cache" / FINGERPRINTS


def hashed(package: Path) -> bytes:
    """The fingerprint computed from the files' bytes, nothing remembered."""
    return package_fingerprint(str(package), racy_ns=1 << 62)


def test_the_fingerprint_is_remembered_and_served_for_unchanged_files(
    package: Path, tmp_path: Path
) -> None:
    first = package_fingerprint(str(package), racy_ns=0)
    assert memo(tmp_path).stat().st_size == 40  # one record
    # Served from the record: a record saying otherwise for these files is believed.
    other = b"x" * 16
    blob = memo(tmp_path).read_bytes()
    forged = blob[:16] + other
    memo(tmp_path).write_bytes(forged + fingerprint.blake2b(forged, digest_size=8).digest())
    assert package_fingerprint(str(package), racy_ns=0) == other != first
    memo(tmp_path).write_bytes(blob)
    assert package_fingerprint(str(package), racy_ns=0) == first == hashed(package)


def test_any_change_to_a_file_changes_the_fingerprint(package: Path, tmp_path: Path) -> None:
    first = package_fingerprint(str(package), racy_ns=0)
    module = package / "plan" / "health.py"
    text = module.read_bytes()
    same_size = text.replace(b"def ", b"def_", 1)
    assert len(same_size) == len(text) and same_size != text
    # Past the file system clock's tick: a change within it is what ``racy_ns`` guards.
    time.sleep(0.05)
    before = module.stat()
    module.write_bytes(same_size)
    # Same inode, same size, its modification time set back as a tool might: its ctime
    # still moved on.
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = package_fingerprint(str(package), racy_ns=0)
    assert changed != first
    assert changed == hashed(package)
    (package / "plan" / "new.py").write_text("")
    assert package_fingerprint(str(package), racy_ns=0) not in (first, changed)


def test_files_changed_a_moment_ago_are_hashed_again_next_time(
    package: Path, tmp_path: Path
) -> None:
    package_fingerprint(str(package))  # the copy was just made: nothing remembered
    assert not memo(tmp_path).exists()


def test_a_damaged_record_is_not_believed(package: Path, tmp_path: Path) -> None:
    first = package_fingerprint(str(package), racy_ns=0)
    blob = bytearray(memo(tmp_path).read_bytes())
    blob[20] ^= 0xFF  # inside the fingerprint
    memo(tmp_path).write_bytes(bytes(blob))
    assert package_fingerprint(str(package), racy_ns=0) == first


def test_the_installed_code_is_fingerprinted_as_its_files_say(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fingerprint, "_fingerprint", None)
    package = Path(fingerprint.__file__).resolve().parent.parent
    assert fingerprint.code_fingerprint() == hashed(package)


def test_a_cold_load_hashes_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model cache looks each file up and keeps its model, and the reader's answer is
    checked against its bytes: three digests of the same bytes, one hash."""
    root = tmp_path / "repo"
    for name, text in generator().generate(300, 6).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    hashed: list[int] = []
    real = fingerprint.blake2b

    def counting(data: bytes = b"", **options: Any) -> Any:
        hashed.append(len(data))
        return real(data, **options)

    monkeypatch.setattr(fingerprint, "blake2b", counting)
    cache = ModelCache(root, tmp_path / "cache")
    load(root, cache=cache, read_ahead=True)
    sizes = sorted(len((root / name).read_bytes()) for name in data_files(root))
    assert sorted(size for size in hashed if size in set(sizes)) == sizes
    for raw in (b"one", bytes(bytearray(b"one")), b"two"):
        assert digest(raw) == real(raw, digest_size=16).digest()
