"""Time sendtrack against the YAML parser and a generic schema validator, side by side.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3] [--large-runs 1]

For each size it generates a repository (``generate.py``, cached in ``--work``), then
times whole processes, round-robin so that the machine's noise falls on every command
alike, and reports medians and peak memory (``os.wait4``'s ``ru_maxrss`` per process):

* ``python -c pass`` and ``sendtrack --version`` / ``--help``: start-up;
* a bare parse of every data file with PyYAML's ``CSafeLoader`` (libyaml), keeping the
  data: the practical floor, what it costs just to read the YAML;
* ``sendtrack check`` and ``sendtrack status``, cold (empty cache: parse, validate, check
  and write the cache) and warm (files unchanged since the last run: an identical status
  prints its stored output; one for another day reads the cached models), and ``status
  --no-cache``;
* ``check-jsonschema`` with the schemas ``sendtrack schema`` writes, one invocation per
  file kind as a CI user would write it (their times summed, their peaks' maximum);
* an edit: ``sendtrack reprofile`` of a milestone in the largest plan file (the file is
  put back after each run).

It then profiles ``status`` at the middle size in-process (time per phase, and the top
functions under cProfile) and writes everything, with the machine's description and the
targets met or missed, to ``benchmarks/RESULTS.md``. A hand-written section between the
``notes`` markers of an existing RESULTS.md is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SENDTRACK = str(BIN / "sendtrack")
CHECK_JSONSCHEMA = str(BIN / "check-jsonschema")
NOTES_START = "<!-- notes: kept when run.py rewrites this file -->"
NOTES_END = "<!-- /notes -->"
FOLDERS = ("plan", "tracker", "risks", "meetings")
AS_OF = ["--as-of", "2025-11-03"]
"""The day the generated data is written as of (generate.AS_OF): a board's view of it."""
BARE = "bare parse (CSafeLoader)"
CJS = "check-jsonschema"

BARE_PARSE = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
folders = ("plan", "tracker", "risks", "meetings")
files = sorted(p for folder in folders for p in (root / folder).glob("*.yaml"))
data = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files]
"""

SCHEMA_KINDS = (
    # (schema written by 'sendtrack schema', files it validates)
    ("partnership", ["plan/partnership.yaml"]),
    ("priority", ["plan/*-priority-*.yaml"]),
    ("actions", ["tracker/actions.yaml"]),
    ("archive", ["tracker/archive.yaml"]),
    ("risks", ["risks/*.yaml"]),
    ("meeting", ["meetings/*.yaml"]),
)


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """User + system CPU seconds: less disturbed than wall time by other users' load."""
    peak_kb: list[int] = field(default_factory=list)
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024 if self.peak_kb else float("nan")


def measure(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """Wall time, CPU time, peak resident memory (KB) and exit status of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    error = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, error


# -- the repository under test -------------------------------------------------------------


def repository(work: Path, milestones: int, seed: int) -> Path:
    """Generate (or reuse, when made by the same generator and seed) a repository."""
    root = work / f"repo-{milestones}"
    stamp = f"{milestones} {seed} {(HERE / 'generate.py').stat().st_mtime_ns}"
    if (root / ".generated").is_file() and (root / ".generated").read_text() == stamp:
        return root
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--milestones", str(milestones),
         "--out", str(root), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    (root / ".generated").write_text(stamp)
    return root


def settle(cache: Path, wait: float = 60.0) -> None:
    """Wait for the model cache a command left to its forked writer (``cli/common.py``)
    to be in place, so the next command is timed against the cache the last one wrote,
    not against a write still going on."""
    # The writer may not have made its temporary file yet when the command exits: the
    # folder counts as settled once no temporary file has been seen for a quiet spell.
    deadline = time.monotonic() + wait
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if cache.is_dir() and any(cache.glob(".*.tmp")):
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 0.5:
            return
        time.sleep(0.02)


def reprofile_target(root: Path) -> tuple[Path, str]:
    """The largest plan file and the id of an open milestone in it with no re-profile
    awaiting the board (proposing a second one is refused)."""
    import yaml

    plans = [p for p in (root / "plan").glob("*.yaml") if p.name != "partnership.yaml"]
    largest = max(plans, key=lambda path: (path.stat().st_size, path.name))
    data = yaml.load(largest.read_bytes(), Loader=yaml.CSafeLoader)
    candidates = [
        milestone["id"]
        for outcome in data["outcomes"]
        for action in outcome["actions"]
        for milestone in action["milestones"]
        if milestone.get("status") != "complete"
        and "withdrawn" not in milestone
        and not any(entry.get("proposed") for entry in milestone.get("reprofiles") or [])
    ]
    return largest, candidates[-1]


def schema_commands(root: Path, schemas: Path) -> list[list[str]]:
    commands = []
    for kind, patterns in SCHEMA_KINDS:
        files = sorted(str(p.relative_to(root)) for pattern in patterns for p in root.glob(pattern))
        if files:
            commands.append(
                [CHECK_JSONSCHEMA, "--schemafile", str(schemas / f"{kind}.schema.json"), *files]
            )
    return commands


# -- one size --------------------------------------------------------------------------


def snapshot_code(work: Path) -> dict[str, str]:
    """Copy the package into ``work`` and return an environment that runs that copy.

    Other engineers edit the tree while benchmarks run; every edit would change the
    cache's code fingerprint (a warm run turning cold) and the code being timed.
    """
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(
        HERE.parent / "src" / "sendtrack",
        code / "sendtrack",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    # Compiled once, as `pip install` compiles an installed package: where the environment
    # sets PYTHONDONTWRITEBYTECODE (this machine does), every run would otherwise compile
    # all of sendtrack again (~0.2 s of a warm run) and time the compiler, not sendtrack.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code)], check=True)
    return {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1", "COLUMNS": "100"}


def bench_size(
    root: Path,
    schemas: Path,
    cache: Path,
    runs: int,
    log: list[str],
    base: dict[str, str],
    skip: list[str],
) -> dict[str, Timing]:
    env = {**base, "SENDTRACK_CACHE_DIR": str(cache)}
    plan_file, milestone = reprofile_target(root)
    original = plan_file.read_bytes()
    reprofile = [SENDTRACK, "reprofile", milestone, "--to", "2030-12-31", "--proposed",
                 "--reason", "Benchmark: a re-profile proposed to the board."]  # fmt: skip

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def restore() -> None:
        plan_file.write_bytes(original)

    steps: list[tuple[str, list[list[str]], object]] = [
        ("python -c pass", [[sys.executable, "-c", "pass"]], None),
        ("sendtrack --version", [[SENDTRACK, "--version"]], None),
        ("sendtrack --help", [[SENDTRACK, "--help"]], None),
        (BARE, [[sys.executable, "-c", BARE_PARSE, str(root)]], None),
        ("check, cold", [[SENDTRACK, "check", *AS_OF]], clear_cache),
        ("check, warm", [[SENDTRACK, "check", *AS_OF]], None),
        ("status, cold", [[SENDTRACK, "status", *AS_OF]], clear_cache),
        ("status, warm", [[SENDTRACK, "status", *AS_OF]], None),
        ("status, warm, other day", [[SENDTRACK, "status", "--as-of", "2025-11-04"]], None),
        ("status --no-cache", [[SENDTRACK, "--no-cache", "status", *AS_OF]], None),
        (CJS, schema_commands(root, schemas), None),
        ("reprofile (edit)", [reprofile], None),
    ]
    size = root.name.removeprefix("repo-")
    results = {
        name: Timing(failed="skipped" if {name, f"{name}@{size}"} & set(skip) else "")
        for name, _, _ in steps
    }
    for run in range(runs):
        for name, commands, before in steps:
            timing = results[name]
            if timing.failed:
                continue
            if callable(before):
                before()
            total, cpu, peak = 0.0, 0.0, 0
            for argv in commands:
                seconds, cpu_seconds, kb, code, error = measure(argv, root, env)
                total += seconds
                cpu += cpu_seconds
                peak = max(peak, kb)
                if code != 0:
                    last = error.strip().splitlines()[-1:] or ["no message"]
                    timing.failed = f"exit {code}: {last[0]}"
            if name == "reprofile (edit)":
                restore()
            settle(cache)
            timing.seconds.append(total)
            timing.cpu.append(cpu)
            timing.peak_kb.append(peak)
            log.append(f"  run {run + 1}/{runs} {name}: {total:.3f} s, {peak / 1024:.0f} MB")
            print(log[-1], flush=True)
    return results


# -- profile ----------------------------------------------------------------------------

PHASES = """\
import gc, sys, time, io, cProfile, pstats, json
gc.disable()  # as the CLI does
started = time.perf_counter()
from pathlib import Path
from datetime import date
from sendtrack.cli import app  # noqa: F401 - the imports a command pays for
from sendtrack.store import loader
from sendtrack.checks import validate
from sendtrack.store.cache import ModelCache
from sendtrack.plan.status import compute_status
from sendtrack.render.status import render_text
from sendtrack.render.console import Terminal
import sendtrack.checks.rules  # noqa: F401
root, cache_dir, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
phases = {"imports": time.perf_counter() - started}

def timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - start
    return wrapper

if mode in ("cold", "warm"):
    # The real code path (check_repository, as 'sendtrack status' calls it), with its
    # steps wrapped in timers.
    loader.read_for_models = timed("parse (libyaml events to plain data)", loader.read_for_models)
    loader._validate = timed("validate (pydantic)", loader._validate)
    validate.run_checks = timed("cross-file checks", validate.run_checks)
    ModelCache.model = timed("cache: hash files, unpickle models", ModelCache.model)
    ModelCache.keep = timed("cache: pickle models", ModelCache.keep)
    ModelCache.check_problems = timed("cache: look up check results", ModelCache.check_problems)
    ModelCache.save = timed("cache: write", ModelCache.save)
    start = time.perf_counter()
    result = validate.check_repository(root, date.today(), cache=ModelCache(root, cache_dir))
    inside = sum(v for k, v in phases.items() if k != "imports")
    phases["read files, build the repository"] = time.perf_counter() - start - inside
    start = time.perf_counter()
    report = compute_status(result.repo, date(2025, 11, 3), None)
    phases["compute status"] = time.perf_counter() - start
    start = time.perf_counter()
    render_text(report, Terminal(100))
    phases["render text"] = time.perf_counter() - start
else:
    profiler = cProfile.Profile()
    profiler.enable()
    result = validate.check_repository(root, date.today())
    render_text(compute_status(result.repo, date(2025, 11, 3), None), Terminal(100))
    profiler.disable()
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in pstats.Stats(profiler).stats.items():
        rows.append((tt, ct, nc, f"{Path(file).name}:{line}({name})"))
    rows.sort(reverse=True)
    phases = {"top": [list(row) for row in rows[:12]]}
print(json.dumps(phases))
"""


def named(stages: list[tuple[float, str]]) -> str:
    """'parse (0.71 s), render text (0.40 s)': stages with their times."""
    return ", ".join(f"{phase} ({seconds:.2f} s)" for seconds, phase in stages)


def profile(root: Path, cache: Path, env: dict[str, str]) -> dict[str, object]:
    """Where a status run's time goes, cold and warm, and its top functions."""
    found: dict[str, object] = {}
    for mode in ("cold", "warm", "profile"):  # cold writes the cache warm reads
        out = subprocess.run(
            [sys.executable, "-c", PHASES, str(root), str(cache), mode],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        found[mode] = json.loads(out.stdout)
    return found


# -- report -----------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for package in ("pyyaml", "pydantic", "pydantic-core", "typer", "check-jsonschema"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:
            versions.append(f"{package} ?")
    return [
        f"- {platform.system()} {platform.release()} ({platform.machine()}), {cpu}, "
        f"{os.cpu_count()} cores{memory}",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
        "- libyaml in PyYAML: "
        + ("yes" if __import__("yaml").__with_libyaml__ else "no (pure Python)"),
        f"- Code measured: sendtrack at {revision()} (a copy taken when the run started)",
    ]


def revision() -> str:
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "an unknown revision"
    return f"commit {described.stdout.strip()}"


@dataclass
class Target:
    what: str
    size: int
    command: str
    against: str
    limit: float
    memory: bool = False


SHIPPED = -1
"""A target's size for the shipped repository (95 milestones), timed by ``bench_shipped``."""
PASS = "python -c pass"
SHIPPED_WARM = "status, warm"


TARGETS = [
    Target("check ≤ 0.5 × check-jsonschema", 10_000, "check, cold", CJS, 0.5),
    Target("status cold ≤ 1.5 × bare parse", 10_000, "status, cold", BARE, 1.5),
    Target("status warm ≤ 0.2 × bare parse", 10_000, "status, warm", BARE, 0.2),
    Target("--version ≤ 2 × python -c pass", 0, "sendtrack --version", "python -c pass", 2.0),
    Target("peak memory ≤ 2 × bare parse: check", 100_000, "check, cold", BARE, 2.0, True),
    Target("peak memory ≤ 2 × bare parse: status", 100_000, "status, cold", BARE, 2.0, True),
    Target("peak memory ≤ 2 × bare parse: edit", 100_000, "reprofile (edit)", BARE, 2.0, True),
    # Issue 17: the cold path.
    Target("status cold ≤ 1.0 × bare parse", 10_000, "status, cold", BARE, 1.0),
    Target("status cold ≤ 0.75 × bare parse (stretch)", 10_000, "status, cold", BARE, 0.75),
    Target("check cold ≤ 1.0 × bare parse", 10_000, "check, cold", BARE, 1.0),
    Target("check cold ≤ 0.75 × bare parse (stretch)", 10_000, "check, cold", BARE, 0.75),
    Target("writing the cache ≤ 10% of a cold status", 10_000, "status, cold",
           "status --no-cache", 1.10),
    Target("status warm ≤ 0.15 × bare parse", 10_000, "status, warm", BARE, 0.15),
    Target("peak memory ≤ 1.5 × bare parse: check", 100_000, "check, cold", BARE, 1.5, True),
    Target("peak memory ≤ 1.5 × bare parse: status", 100_000, "status, cold", BARE, 1.5, True),
    Target("shipped data: status warm ≤ 3 × python -c pass", SHIPPED, SHIPPED_WARM, PASS, 3.0),
]  # fmt: skip


def bench_shipped(
    runs: int, log: list[str], base: dict[str, str], cache: Path
) -> dict[str, Timing]:
    """``python -c pass`` against a warm ``status`` on the shipped repository (the
    project's own data), round-robin; one untimed run first fills the cache."""
    env = {**base, "SENDTRACK_CACHE_DIR": str(cache)}
    shutil.rmtree(cache, ignore_errors=True)
    steps = [(PASS, [sys.executable, "-c", "pass"]), (SHIPPED_WARM, [SENDTRACK, "status"])]
    measure(steps[1][1], HERE.parent, env)
    results = {name: Timing() for name, _ in steps}
    for run in range(runs):
        for name, argv in steps:
            seconds, cpu, kb, code, error = measure(argv, HERE.parent, env)
            timing = results[name]
            if code != 0:
                timing.failed = f"exit {code}: {(error.strip().splitlines() or ['?'])[-1]}"
            timing.seconds.append(seconds)
            timing.cpu.append(cpu)
            timing.peak_kb.append(kb)
            log.append(f"  run {run + 1}/{runs} shipped {name}: {seconds:.3f} s")
            print(log[-1], flush=True)
    return results


def header(sizes: list[int], first: str = "command") -> list[str]:
    return [
        f"| {first} | " + " | ".join(f"{n:,}" for n in sizes) + " |",
        "|---" * (len(sizes) + 1) + "|",
    ]


def report(
    sizes: list[int],
    results: dict[int, dict[str, Timing]],
    files: dict[int, tuple[int, float]],
    profiled: tuple[int, dict[str, object]] | None,
    argv: list[str],
    runs: dict[int, int],
    notes: str,
    papers: str = "",
    shipped: dict[str, Timing] | None = None,
    load: tuple[tuple[float, ...], tuple[float, ...]] = ((), ()),
) -> str:
    def where(size: int) -> str:
        return "shipped data" if size == SHIPPED else f"{size:,}"

    shipped = shipped or {}
    out = [
        "# Benchmarks: sendtrack against the YAML parser and a generic validator",
        "",
        f"Written by `benchmarks/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        "Whole processes, medians of the runs; ratios compare commands timed round-robin "
        "in this one run on this one machine (a loaded 2-core machine: trust the ratios "
        "more than the seconds).",
        "",
        "## Machine",
        "",
        *machine(),
        "- Load average (1, 5, 15 min) at the start: "
        + ", ".join(f"{x:.2f}" for x in load[0])
        + "; at the end: "
        + ", ".join(f"{x:.2f}" for x in load[1]),
        "",
        "## Reproduce",
        "",
        "```",
        "python -m venv venv && . venv/bin/activate && pip install -e '.[dev]'",
        "python benchmarks/run.py " + " ".join(argv),
        "```",
        "",
        "Each repository is `python benchmarks/generate.py --milestones N --out DIR --seed 1`. "
        "The cache lives in a temporary `SENDTRACK_CACHE_DIR`; *cold* runs start with it "
        "empty (and write it), *warm* runs find every file unchanged.",
        "",
    ]
    out += ["## Results", ""]
    out += header(sizes)
    out.append(
        "| repository | "
        + " | ".join(f"{files[n][0]:,} files, {files[n][1]:.1f} MB" for n in sizes)
        + " |"
    )
    out.append("| runs (median of) | " + " | ".join(str(runs[n]) for n in sizes) + " |")
    names = list(results[sizes[0]])
    for name in names:
        cells = []
        for n in sizes:
            timing = results[n][name]
            if timing.failed == "skipped":
                cells.append("skipped")
            elif timing.failed:
                cells.append(f"FAILED ({timing.failed})")
            else:
                cells.append(f"{timing.median:.3f} s · {timing.peak_mb:.0f} MB")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", "Time · peak resident memory of the process (for check-jsonschema: the sum of "
            "its six invocations' times, the largest peak).", ""]  # fmt: skip

    out += ["## Ratios", "", "Time and peak memory relative to the bare parse:", ""]
    out += header(sizes)
    for name in names:
        cells = []
        for n in sizes:
            timing, floor = results[n][name], results[n][BARE]
            if timing.failed or floor.failed:
                cells.append("-")
                continue
            time_ratio = timing.median / floor.median
            cells.append(f"{time_ratio:.2f} × · {timing.peak_mb / floor.peak_mb:.2f} × memory")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for n in sizes:
        mine, theirs = results[n]["check, cold"], results[n][CJS]
        cells.append("-" if mine.failed or theirs.failed else f"{mine.median / theirs.median:.2f}")
    out += ["| check, cold ÷ check-jsonschema | " + " | ".join(cells) + " |"]
    cells = []
    for n in sizes:
        cold, plain = results[n]["status, cold"], results[n]["status --no-cache"]
        cells.append("-" if cold.failed or plain.failed else f"{cold.median / plain.median:.2f}")
    out += ["| status, cold ÷ status --no-cache (the cost of writing the cache) | "
            + " | ".join(cells) + " |", ""]  # fmt: skip
    out += ["CPU time (user + system) relative to the bare parse's:", ""]
    out += header(sizes)
    for name in names:
        cells = []
        for n in sizes:
            timing, floor = results[n][name], results[n][BARE]
            ok = not (timing.failed or floor.failed)
            cells.append(f"{timing.cpu_median:.2f} s · {timing.cpu_median / floor.cpu_median:.2f} ×"
                         if ok else "-")  # fmt: skip
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("")
    if shipped:
        out += ["Shipped data (this repository's own, 95 milestones), medians:", ""]
        for name, timing in shipped.items():
            out.append(
                f"- {name}: {timing.median * 1000:.1f} ms wall, "
                f"{timing.cpu_median * 1000:.1f} ms CPU, {timing.peak_mb:.0f} MB"
            )
        out.append("")

    out += [
        "## Targets",
        "",
        "Verdicts on the wall-time medians (peak memory where it says so); "
        "the CPU-time ratio beside each is less disturbed by the machine's other users.",
        "",
        "| target | at | measured | CPU ratio | verdict |",
        "|---|---|---|---|---|",
    ]
    for target in TARGETS:
        size = target.size
        if target.size == SHIPPED:
            results = {**results, SHIPPED: shipped}
        elif target.size == 0:
            size = sizes[0]
        if size not in results:
            out.append(f"| {target.what} | {target.size:,} | not run at this size | - | - |")
            continue
        mine, theirs = results[size][target.command], results[size][target.against]
        if "skipped" in (mine.failed, theirs.failed):
            out.append(f"| {target.what} | {where(size)} | skipped | - | - |")
            continue
        if mine.failed or theirs.failed:
            out.append(f"| {target.what} | {where(size)} | failed | - | MISSED |")
            continue
        ratio = (mine.peak_mb / theirs.peak_mb) if target.memory else (mine.median / theirs.median)
        cpu = "-" if target.memory else f"{mine.cpu_median / theirs.cpu_median:.2f}"
        verdict = "met" if ratio <= target.limit else f"MISSED by {ratio / target.limit - 1:.0%}"
        out.append(f"| {target.what} | {where(size)} | {ratio:.2f} | {cpu} | {verdict} |")
    every = all(t.failed in ("", "skipped") for n in sizes for t in results[n].values())
    out += ["", f"Every command completed at every size: {'yes' if every else 'NO'}.", ""]

    out += ["## Growth with N", "", "Seconds per 1,000 milestones (flat = linear):", ""]
    out += header(sizes)
    growth = [BARE, "check, cold", "check, warm", "status, cold", "status, warm",
              "status, warm, other day"]  # fmt: skip
    for name in [*growth, "status --no-cache", CJS, "reprofile (edit)"]:
        cells = [
            f"{results[n][name].median / (n / 1000):.3f}" if not results[n][name].failed else "-"
            for n in sizes
        ]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("")

    if profiled is not None:
        size, found = profiled
        out += [f"## Where the time goes (status at {size:,} milestones, in-process, gc off)", ""]
        titles = (
            ("cold", "Cold (empty cache)"),
            ("warm", "Every file's model cached (what 'status, warm, other day' does; an "
             "identical rerun prints the stored output before the CLI is even imported)"),
        )  # fmt: skip
        for mode, title in titles:
            phases = found[mode]
            assert isinstance(phases, dict)
            total = sum(v for v in phases.values() if isinstance(v, float))
            out += [f"{title}: {total:.2f} s", "", "| phase | s | share |", "|---|---|---|"]
            timed = [(seconds, phase) for phase, seconds in phases.items()
                     if isinstance(seconds, float) and seconds > 0]  # fmt: skip
            for seconds, phase in timed:
                out.append(f"| {phase} | {seconds:.3f} | {seconds / total:.0%} |")
            ranked = sorted(timed, reverse=True)
            out += ["", "Slowest stages: " + named(ranked[:3]) + "; fastest: "
                    + named(ranked[:-4:-1]) + ".", ""]  # fmt: skip
        top = found["profile"]
        assert isinstance(top, dict)
        out += ["cProfile, cold, no cache, top functions by own time (check + status + render):",
                "", "| own s | cumulative s | calls | function |", "|---|---|---|---|"]  # fmt: skip
        for own, cumulative, calls, name in top["top"]:  # type: ignore[union-attr]
            out.append(f"| {own:.3f} | {cumulative:.3f} | {calls:,} | `{name}` |")
        out.append("")

    out += ["## Notes", "", NOTES_START, notes.strip("\n"), NOTES_END, ""]
    if papers:
        out += ["## Board papers (issue 14)", "", papers, ""]
    return "\n".join(out)


PAPERS_START = "<!-- papers: written by benchmarks/papers.py -->"
PAPERS_END = "<!-- /papers -->"


def kept_papers(path: Path) -> str:
    """The section benchmarks/papers.py wrote, markers included, or ''."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if PAPERS_START not in text or PAPERS_END not in text:
        return ""
    return PAPERS_START + text.split(PAPERS_START, 1)[1].split(PAPERS_END, 1)[0] + PAPERS_END


def kept_notes(path: Path) -> str:
    if not path.is_file():
        return "\n(No notes yet.)\n"
    text = path.read_text(encoding="utf-8")
    if NOTES_START in text and NOTES_END in text:
        return text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0]
    return "\n(No notes yet.)\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Milestone counts.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per command (default 3).")
    parser.add_argument(
        "--large-runs", type=int, default=1, help="Runs at sizes above 50,000 (default 1)."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/sendtrack-bench"), help="Scratch folder."
    )
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-profile", action="store_true", help="Skip the profile.")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="Skip a command, by name (NAME@SIZE: at that size only).",
    )
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    env = snapshot_code(args.work)
    schemas = args.work / "schemas"
    subprocess.run(
        [SENDTRACK, "schema", "--output", str(schemas)], check=True, capture_output=True, env=env
    )

    results: dict[int, dict[str, Timing]] = {}
    files: dict[int, tuple[int, float]] = {}
    runs: dict[int, int] = {}
    log: list[str] = []
    for size in sizes:
        root = repository(args.work, size, args.seed)
        data = [p for folder in FOLDERS for p in (root / folder).glob("*.yaml")]
        files[size] = (len(data), sum(p.stat().st_size for p in data) / 1e6)
        runs[size] = args.large_runs if size > 50_000 else args.runs
        print(f"{size:,} milestones: {files[size][0]} files, {files[size][1]:.1f} MB", flush=True)
        results[size] = bench_size(
            root, schemas, args.work / "cache", runs[size], log, env, args.skip
        )

    shipped = bench_shipped(max(args.runs, 5), log, env, args.work / "shipped-cache")

    profiled = None
    if not args.no_profile:
        middle = sorted(sizes)[len(sizes) // 2]
        profile_cache = args.work / "profile-cache"
        shutil.rmtree(profile_cache, ignore_errors=True)
        profiled = (middle, profile(args.work / f"repo-{middle}", profile_cache, env))

    shown = [f"--sizes {args.sizes}", f"--runs {args.runs}", f"--large-runs {args.large_runs}"]
    shown += [f"--seed {args.seed}", *(f"--skip '{name}'" for name in args.skip)]
    shown += [f"--work {args.work}"] if args.work != Path("/tmp/sendtrack-bench") else []
    kept = kept_notes(args.results), kept_papers(args.results)
    load = (load_start, os.getloadavg())
    text = report(sizes, results, files, profiled, shown, runs, *kept, shipped, load)
    args.results.write_text(text, encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
