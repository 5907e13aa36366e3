"""Time `sendtrack trend` over 20 boards of history on the shipped data (issue 15).

Target: reading 20 boards of history takes under 2 s, whole process. The history is
made here: a git repository holding the shipped data, then 20 monthly boards, each a
commit dated by GIT_COMMITTER_DATE that records the meeting as held and moves one
milestone on, so each board reads a different state. Medians of ``--runs`` runs.

    python benchmarks/trend.py [--runs 5] [--boards 20]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("plan", "tracker", "risks", "meetings", "measures")


def git(root: Path, *args: str, stamp: str | None = None) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    if stamp:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def make_history(root: Path, boards: int) -> None:
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, root / folder)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "shipped data", stamp="2024-08-01T09:00:00+00:00")
    plan = root / "plan" / "priority-2.yaml"
    for number in range(boards):
        year, month = 2024 + (8 + number) // 12, (8 + number) % 12 + 1
        day = date(year, month, 10)
        (root / "meetings" / f"{day.isoformat()}.yaml").write_text(
            f'id: "{day.isoformat()}"\nboard: SEND Partnership Improvement Board\n'
            f"date: {day.isoformat()}\nstatus: held\n",
            encoding="utf-8",
        )
        text = plan.read_text(encoding="utf-8")
        plan.write_text(
            re.sub("status: not_started", "status: in_progress", text, count=1), encoding="utf-8"
        )
        git(root, "add", "--all")
        git(
            root,
            "commit",
            "--quiet",
            "-m",
            f"board {day}",
            stamp=f"{day.isoformat()}T16:00:00+00:00",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--boards", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        make_history(root, args.boards)
        command = [
            sys.executable,
            "-m",
            "sendtrack",
            "--repo",
            str(root),
            "--no-cache",
            "trend",
            "--format",
            "json",
        ]
        subprocess.run(command, check=True, capture_output=True)  # warm the OS cache
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
        recorded = done.stdout.count('"recorded": true')
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - started
    print(
        f"trend over {recorded} recorded boards: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs); "
        f"python -c pass {bare:.3f} s; target < 2 s"
    )


if __name__ == "__main__":
    main()
