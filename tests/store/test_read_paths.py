"""The fast read path and the cache give exactly what the full reader gives.

The loader reads files with ``yamlio.read_for_models`` (data only, positions on demand)
and, from the CLI, through the cache of validated models; edits read with
``yamlio.read`` (nodes and positions for every value). Both must give identical models
and identical problems — same codes, same positions, same YAML 1.2 typing. The
reference here is the loader with its reader swapped for the full one; it is compared
with the fast path, a cold cache and a warm cache over the shipped data, generated
repositories, hand-made hostile files and every case of the YAML test suite.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sendtrack.checks import CheckContext, run_checks
from sendtrack.checks.validate import check_repository
from sendtrack.core import forks
from sendtrack.core.problems import Problem
from sendtrack.store import loader, read_ahead, yamlio
from sendtrack.store.cache import ModelCache
from sendtrack.store.repository import Repository
from sendtrack.store.scaffold import template_files
from tests.conftest import CORPORA, DATA_FOLDERS, PROJECT_ROOT

AS_OF = date(2025, 11, 3)
CORPUS = CORPORA / "yaml-test-suite"
CASES = sorted(CORPUS.rglob("in.yaml"))
ROOT = Path("/nonexistent/sendtrack-read-paths")
"""load_sources never touches the disk; the cache only uses the root as a name."""

Sources = dict[str, bytes]


def _full_read(raw: bytes, file: str) -> tuple[yamlio.Document | None, Any, list[Problem]]:
    doc, problems = yamlio.read(raw, file)
    return doc, (doc.data if doc is not None else None), problems


@contextmanager
def full_reader() -> Iterator[None]:
    """The loader as it is, but reading every file with the full reader."""
    fast = loader.read_for_models
    loader.read_for_models = _full_read
    try:
        yield
    finally:
        loader.read_for_models = fast


def checked(repo: Repository, problems: list[Problem]) -> list[Problem]:
    return sorted([*problems, *run_checks(repo, CheckContext(as_of=AS_OF))], key=Problem.sort_key)


def snapshot(repo: Repository, problems: list[Problem]) -> dict[str, Any]:
    """Everything a consumer can see of a loaded repository, positions included."""
    documents = {}
    for name, doc in repo.documents.items():
        documents[name] = (
            doc.file,
            doc.text,
            doc.data,
            doc.values,
            doc.keys,
            sorted(map(repr, doc.nodes)),
            doc.problems,
        )
    return {
        "problems": checked(repo, problems),
        "settings": repo.settings,
        "priorities": repo.priorities,
        "open_actions": repo.open_actions,
        "archived_actions": repo.archived_actions,
        "risks": repo.risks,
        "meetings": repo.meetings,
        "incomplete": repo.incomplete,
        "origins": sorted(map(repr, repo.origins.values())),
        "documents": documents,
    }


def assert_same_everywhere(sources: Sources, cache_dir: Path) -> list[Problem]:
    """Full reader, fast path, cold cache and warm cache: the same repository."""
    with full_reader():
        reference = snapshot(*loader.load_sources(ROOT, sources.items()))
    fast_repo, fast_problems = loader.load_sources(ROOT, sources.items())
    # Problems first: locating them is what makes a lazy document read its positions,
    # and the comparison must see positions computed on demand, not eagerly.
    assert checked(fast_repo, fast_problems) == reference["problems"]
    assert snapshot(fast_repo, fast_problems) == reference
    for _ in ("cold", "warm"):
        cache = ModelCache(ROOT, cache_dir)
        cached = loader.load_sources(ROOT, sources.items(), cache=cache)
        cache.save()
        assert snapshot(*cached) == reference
    if forks.usable_cores() > 1:  # one core: no reader is ever forked
        assert read_ahead_snapshot(sources, cache_dir / "read-ahead") == reference
    problems: list[Problem] = reference["problems"]
    return problems


def read_ahead_snapshot(sources: Sources, where: Path) -> dict[str, Any]:
    """The loader with a forked reader parsing most files ahead of it (``sources``
    written to disk at ``where``: the reader reads them there, as it does a repository)."""
    for name, raw in sources.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(raw)
    names = loader.data_files(where)
    ahead = read_ahead.start(where, names, fewest=1)
    assert ahead is not None
    try:
        found = snapshot(
            *loader.load_sources(
                where, ((name, (where / name).read_bytes()) for name in names), read=ahead.read
            )
        )
    finally:
        ahead.close()
    # Every file the fast path reads was answered by the reader (the others it declines).
    theirs = [name for index, name in enumerate(names) if index % read_ahead.LOADER_SHARE]
    assert ahead.answered == sum(_fast_read(sources[name], name) for name in theirs)
    return found


def _fast_read(raw: bytes, file: str) -> bool:
    text, _ = yamlio.decode(raw, file)
    return text is not None and yamlio.fast_data(text) is not yamlio.DECLINED


def repository_sources(root: Path) -> Sources:
    return {name: (root / name).read_bytes() for name in loader.data_files(root)}


def generator() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("sendtrack_benchmark_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


# -- whole repositories -----------------------------------------------------------------


def test_shipped_data(tmp_path: Path) -> None:
    sources = repository_sources(PROJECT_ROOT)
    assert {name.split("/")[0] for name in sources} == set(DATA_FOLDERS)
    assert_same_everywhere(sources, tmp_path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_data(seed: int, tmp_path: Path) -> None:
    files = generator().generate(400, seed)
    sources = {name: text.encode() for name, text in files.items()}
    assert assert_same_everywhere(sources, tmp_path) == []


HOSTILE: dict[str, str] = {
    "duplicate key": "title: A\ntitle: B\n",
    "standard tag": "title: !!str 1.10\n",
    "custom tag": "title: !custom x\n",
    "non-specific tag": "title: ! x\n",
    "anchor and alias": "a: &x [1]\nb: *x\n",
    "alias after json key": '{"title": &x [1], "note": *x}\n',
    "merge key": "a: {b: 1}\n<<: {c: 2}\n",
    "quoted merge key": "'<<': x\n",
    "complex key": "? [a, b]\n: c\n",
    "bad date": "due: 2025-02-30\n",
    "unknown field": "titel: x\n",
    "list root": "- a\n- b\n",
    "scalar root": "just text\n",
    "empty": "",
    "comment only": "# nothing\n",
    "tab indentation": "outcomes:\n\t- id: x\n",
    "two documents": "id: a\n---\nid: b\n",
    "yaml 1.1 directive": "%YAML 1.1\n---\nid: a\n",
    "yaml 1.2 directive": "%YAML 1.2\n---\nid: a\n",
    "deep": "a:\n" + "".join("  " * n + "- \n" for n in range(1, 80)),
    "deep flow": "a: " + "[" * 70 + "]" * 70 + "\n",
    "very deep flow": "a: " + "[" * 450 + "]" * 450 + "\n",
    "nulls": "id: ~\ntitle: null\nkind:\nworkstream: ''\n",
    "yaml 1.1 lookalikes": "id: NO\ntitle: 1.10\nkind: 017\nworkstream: 1:30\n",
    "bom and crlf": "\ufeffid: x\r\ntitle: y\r\n",
    "not utf-8": "id: caf\udce9\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_plan_file(text: str, tmp_path: Path) -> None:
    raw = text.encode("utf-8", "surrogateescape")
    sources = {**template_files(), "plan/priority-1.yaml": raw}
    assert_same_everywhere(sources, tmp_path)


def test_every_hostile_case_either_reads_or_declines_the_fast_path() -> None:
    # The fast path declines exactly where the full reader has something to say.
    for name, text in HOSTILE.items():
        raw = text.encode("utf-8", "surrogateescape")
        doc, data, problems = yamlio.read_for_models(raw, "plan/priority-1.yaml")
        full, full_problems = yamlio.read(raw, "plan/priority-1.yaml")
        assert problems == full_problems, name
        assert isinstance(doc, yamlio.LazyDocument) == (full is not None and not full_problems)
        assert data == (full.data if full is not None else None), name


# -- one file at a time -----------------------------------------------------------------


def assert_same_file(raw: bytes, file: str) -> None:
    full, full_problems = yamlio.read(raw, file)
    doc, data, problems = yamlio.read_for_models(raw, file)
    assert problems == full_problems
    if full is None:
        assert doc is None and data is None
        return
    assert doc is not None
    assert data == full.data
    kind = loader.kind_of(file)
    assert kind is not None
    assert loader._validate(doc, kind, data) == loader.validate(full, kind)
    assert (doc.values, doc.keys, sorted(map(repr, doc.nodes))) == (
        full.values,
        full.keys,
        sorted(map(repr, full.nodes)),
    )


def test_corpus_is_present() -> None:
    assert len(CASES) == 402


@pytest.mark.parametrize("case", CASES, ids=[str(c.parent.relative_to(CORPUS)) for c in CASES])
def test_yaml_test_suite_case(case: Path, tmp_path: Path) -> None:
    raw = case.read_bytes()
    assert_same_file(raw, "plan/priority-1.yaml")
    sources = {**template_files(), "plan/priority-1.yaml": raw}
    assert_same_everywhere(sources, tmp_path)


def test_yaml_12_typing_on_the_fast_path() -> None:
    raw = b'a: NO\nb: 1.10\nc: 017\nd: 1:30\ne: ~\nf: null\ng:\nh: ""\ni: "null"\nj: 2025-02-30\n'
    doc, data, problems = yamlio.read_for_models(raw, "plan/priority-1.yaml")
    assert isinstance(doc, yamlio.LazyDocument) and problems == []
    assert data == {
        "a": "NO",
        "b": "1.10",
        "c": "017",
        "d": "1:30",
        "e": None,
        "f": None,
        "g": None,
        "h": "",
        "i": "null",
        "j": "2025-02-30",
    }


# -- through the commands ----------------------------------------------------------------


def copy_repository(source: Path, target: Path) -> Path:
    for folder in DATA_FOLDERS:
        shutil.copytree(source / folder, target / folder)
    return target


def test_check_repository_warm_equals_cold(tmp_path: Path) -> None:
    root = copy_repository(PROJECT_ROOT, tmp_path / "repo")
    plain = check_repository(root, AS_OF)
    cold = check_repository(root, AS_OF, cache=ModelCache(root, tmp_path / "cache"))
    warm = check_repository(root, AS_OF, cache=ModelCache(root, tmp_path / "cache"))
    assert plain.problems == cold.problems == warm.problems
    assert plain.repo.priorities == warm.repo.priorities
    assert plain.repo.risks == warm.repo.risks

    # Every item's position, computed on demand from the cached repository's documents.
    def located(repo: Repository) -> list[tuple[str, int, int]]:
        return [repo.locate(entry.milestone, "due") for entry in repo.entries()]

    assert located(plain.repo) == located(warm.repo)
