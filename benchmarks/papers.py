"""Time the board papers (issue 14): the board pack and a highlight report, cold and warm.

    python benchmarks/papers.py [--runs 5] [--code SRC] [--label NAME] [--results FILE]

Whole processes on the shipped data (95 milestones, the 3 November 2025 board), each
writing its paper to a file so that every chart is drawn (or fetched), round-robin so
the machine's noise falls on every command alike; medians and peak memory per command:

* ``report board-pack --format html``, cold (an empty cache folder: no cached models,
  no cached charts), warm (the data unchanged since the last identical run: the stored
  paper is written again) and with its charts cached (written to another file: the
  models and every chart come from the cache, the paper is rendered);
* ``report highlight --format markdown --output FILE`` (every workstream, an SVG file
  per chart beside it), cold and warm;
* both with ``--no-cache``: everything read and drawn afresh, the cache untouched.

``--code SRC`` times another copy of the package (a ``src`` folder, e.g. the code before
a change: ``git archive <commit> src | tar -x -C /tmp/before``), so before and after
are measured by the same harness on the same machine. The table is written between the
``papers`` markers of ``--results`` (default benchmarks/RESULTS.md); ``run.py`` keeps
that section when it rewrites the file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import HERE, PAPERS_END, PAPERS_START, Timing, machine, measure

ROOT = HERE.parent
START, END = PAPERS_START, PAPERS_END
TARGETS = {"board pack, cold": 1.5, "board pack, warm": 0.6}
"""Seconds, from issue 14, where the code before took 3.7 s (``BEFORE``)."""
BEFORE = 3.7
"""The board pack's time before issue 14 on the machine the targets were set on: with
``--before`` the targets are also judged as fractions of it (1.5 / 3.7 = 0.41 ×,
0.6 / 3.7 = 0.16 ×), which a loaded machine slows alike."""


def commands(out: Path) -> list[tuple[str, list[str], bool]]:
    """(name, arguments after 'sendtrack', whether the cache folder starts empty)."""
    pack = ["report", "board-pack", "--meeting", "2025-11-03", "--format", "html"]
    highlight = ["report", "highlight", "--as-of", "2025-11-03", "--format", "markdown"]
    return [
        ("board pack, cold", [*pack, "--output", str(out / "pack.html")], True),
        ("board pack, warm", [*pack, "--output", str(out / "pack.html")], False),
        # The same data, a new file each run: no stored paper, every chart from the cache.
        ("board pack, charts cached", [*pack, "--output", str(out / "run-{run}.html")], False),
        ("board pack, --no-cache", ["--no-cache", *pack, "--output", str(out / "p.html")], False),
        ("highlight (Markdown + SVGs), cold", [*highlight, "-o", str(out / "h.md")], True),
        ("highlight (Markdown + SVGs), warm", [*highlight, "-o", str(out / "h.md")], False),
        ("highlight, --no-cache", ["--no-cache", *highlight, "-o", str(out / "n.md")], False),
    ]


def bench(codes: list[tuple[str, Path]], runs: int) -> dict[str, dict[str, Timing]]:
    """Every command for every copy of the code, interleaved run by run."""
    work = Path(tempfile.mkdtemp(prefix="sendtrack-papers-"))
    setups = []
    for label, code in codes:
        snapshot = work / label / "code"
        shutil.copytree(
            code / "sendtrack", snapshot / "sendtrack", ignore=shutil.ignore_patterns("__pycache__")
        )
        # Compiled once, so no run pays for writing .pyc files.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(snapshot)], check=True)
        cache = work / label / "cache"
        env = {
            **os.environ,
            "PYTHONPATH": str(snapshot),
            "SENDTRACK_CACHE_DIR": str(cache),
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        out = work / label / "out"
        out.mkdir()
        setups.append((label, cache, env, commands(out)))
    results = {label: {name: Timing() for name, _, _ in steps} for label, _, _, steps in setups}
    argv0 = [sys.executable, "-m", "sendtrack", "--repo", str(ROOT)]
    for run in range(runs):
        for label, cache, env, steps in setups:
            for name, args, cold in steps:
                if cold:
                    shutil.rmtree(cache, ignore_errors=True)
                argv = [*argv0, *(arg.replace("{run}", str(run)) for arg in args)]
                seconds, _, kb, status, error = measure(argv, work, env)
                timing = results[label][name]
                if status != 0:
                    timing.failed = (error.strip().splitlines() or ["failed"])[-1]
                timing.seconds.append(seconds)
                timing.peak_kb.append(kb)
                print(f"  run {run + 1}/{runs} {label} {name}: {seconds:.3f} s", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return results


def table(
    label: str, results: dict[str, Timing], before: dict[str, Timing] | None = None
) -> list[str]:
    ratio = " | ÷ before" if before else ""
    out = [
        f"| {label} | median | peak memory{ratio} | target |",
        "|---|---|---|---|" + ("---|" if before else ""),
    ]
    for name, timing in results.items():
        target = TARGETS.get(name)
        shown = f"FAILED ({timing.failed})" if timing.failed else f"{timing.median:.3f} s"
        cells = [name, shown, f"{timing.peak_mb:.0f} MB"]
        verdict = ""
        if target is not None:
            verdict = f"≤ {target} s: " + ("met" if timing.median <= target else "missed")
        if before is not None:
            share = timing.median / before[name].median
            cells.append(f"{share:.2f} ×")
            if target is not None:
                limit = target / BEFORE
                verdict += f"; ≤ {limit:.2f} × before: " + ("met" if share <= limit else "MISSED")
        out.append("| " + " | ".join([*cells, verdict]) + " |")
    return out


def write(results_file: Path, section: list[str]) -> None:
    text = results_file.read_text(encoding="utf-8") if results_file.is_file() else ""
    block = "\n".join([START, *section, END])
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Board papers (issue 14)\n\n" + block + "\n"
    results_file.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=ROOT / "src", help="A src folder to time.")
    parser.add_argument("--label", default="this code", help="Names the code in the table.")
    parser.add_argument("--before", type=Path, help="Also time this src folder, as 'before'.")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    codes = [("before", args.before)] if args.before else []
    codes.append(("after" if args.before else args.label, args.code))
    timed = bench(codes, args.runs)
    section: list[str] = []
    for label, results in timed.items():
        earlier = timed["before"] if args.before and label != "before" else None
        section += [*table(label, results, earlier), ""]
    reproduce = f"python benchmarks/papers.py --runs {args.runs}"
    if args.before:
        reproduce = (
            "git archive 5da1da0 src | tar -x -C /tmp/before   # the code before issue 14\n"
            f"{reproduce} --before /tmp/before/src"
        )
    section = [
        "Whole processes on the shipped data (95 milestones; 19 charts in the pack, 7 of them "
        "impact measures), "
        f"medians of {args.runs} runs, round-robin; *cold* starts with an empty cache "
        "folder, *warm* finds the data unchanged since the last run.",
        "",
        *machine()[:2],
        "",
        "```",
        reproduce,
        "```",
        "",
        *section,
    ]
    write(args.results, section)
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
