"""External programs the real-world tests drive (Chromium, node, LibreOffice).

Locally, a missing program skips its tests with the reason and the install command. In
CI (``CI`` set, as GitHub Actions and .ci/run do) it fails the test instead: a green CI
run must mean the browser and spreadsheet checks really ran.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def require(program: str, install: str) -> str:
    """The path of ``program`` (a name on PATH or an absolute path), or skip / fail."""
    found = shutil.which(program) if not os.path.isabs(program) else program
    if found and Path(found).exists():
        return found
    message = f"{program} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run this test", pytrace=False)
    pytest.skip(message)
