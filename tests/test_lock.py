"""The development environment is locked: CI installs requirements-dev.lock, and the lock
still holds every dependency pyproject.toml names, at a version its range allows.

A dependency added to pyproject.toml without running ``scripts/lock`` fails here, not as
a missing module in CI.
"""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?: ;[^\\]*)? \\$")


def _pins() -> dict[str, list[Version]]:
    pins: dict[str, list[Version]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    return [Requirement(name) for name in names]


def test_every_declared_dependency_is_locked_within_its_range() -> None:
    pins = _pins()
    assert len(pins) > 40  # the parse found the lock's entries, not nothing
    for requirement in _declared():
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements-dev.lock: run scripts/lock"
        for version in versions:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{requirement.name}=={version} is outside '{requirement}': run scripts/lock"
            )


def test_every_locked_package_has_its_hashes() -> None:
    entries = re.split(r"\n(?=\S)", LOCK.read_text(encoding="utf-8"))
    packages = [entry for entry in entries if PIN.match(entry.splitlines()[0])]
    assert len(packages) >= len(_pins())
    for entry in packages:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_ci_and_the_readme_install_from_the_lock() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install --quiet -r requirements-dev.lock\n" in ci
    assert "python -m pip install --quiet --no-deps --no-build-isolation -e .\n" in ci
    assert "[dev]" not in ci
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "pip install -r requirements-dev.lock && "
        "pip install --no-deps --no-build-isolation -e . && bash scripts/test"
    ) in readme
