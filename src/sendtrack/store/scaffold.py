"""`sendtrack init`: a small, valid, commented repository for a new partnership."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


class TargetNotEmpty(Exception):
    """The target folder already holds sendtrack data; init never overwrites."""


def template_files() -> dict[str, bytes]:
    """Relative path → content of every file the template writes."""
    base = resources.files("sendtrack") / "templates" / "init"
    files: dict[str, bytes] = {}
    for folder in sorted(base.iterdir(), key=lambda p: p.name):
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith((".yaml", ".yml")):
                files[f"{folder.name}/{item.name}"] = item.read_bytes()
    return files


def init_repository(target: Path) -> list[str]:
    """Write the template into ``target`` (created if needed); returns what was written."""
    files = template_files()
    clashes = [name for name in files if (target / name).exists()]
    if clashes:
        raise TargetNotEmpty(f"{target} already has {', '.join(clashes)}; nothing was written")
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(files)
