"""The reader forked to parse files ahead of the loader (``store.read_ahead``): its
answers are used only for the bytes they were read from, and whatever happens to it,
the load comes out as if the loader had read every file itself.

That a load with the reader equals one without, over the shipped data, generated data
and every hostile file, is in test_read_paths.py (``assert_same_everywhere``).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from sendtrack.core import forks
from sendtrack.store import loader, read_ahead, yamlio
from sendtrack.store.fingerprint import digest
from tests.store.test_read_paths import generator

pytestmark = pytest.mark.skipif(
    forks.usable_cores() < 2 or not hasattr(os, "fork"),
    reason="a reader is forked only with a second core, where fork exists",
)


def generated(where: Path, milestones: int = 300, seed: int = 4) -> Path:
    for name, text in generator().generate(milestones, seed).items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, encoding="utf-8")
    return where


def reads(ahead: read_ahead.ReadAhead, root: Path, names: list[str]) -> list[Any]:
    """What the loader would get for each file, through ``ahead``."""
    answers = []
    for name in names:
        doc, data, problems = ahead.read((root / name).read_bytes(), name)
        answers.append((type(doc).__name__, data, problems))
    return answers


def by_itself(root: Path, names: list[str]) -> list[Any]:
    answers = []
    for name in names:
        doc, data, problems = yamlio.read_for_models((root / name).read_bytes(), name)
        answers.append((type(doc).__name__, data, problems))
    return answers


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_reader_answers_most_files_and_ends_with_the_load(tmp_path: Path) -> None:
    root = generated(tmp_path)
    names = loader.data_files(root)
    ahead = read_ahead.start(root, names)
    assert ahead is not None and ahead.pid is not None
    try:
        assert reads(ahead, root, names) == by_itself(root, names)
    finally:
        ahead.close()
    # Three files in four came from the reader (every generated file takes the fast path).
    assert ahead.answered == sum(1 for index in range(len(names)) if index % 4)
    assert ahead.pid is None and no_children_left()


def test_bytes_changed_since_the_reader_read_them_are_read_again(tmp_path: Path) -> None:
    root = generated(tmp_path)
    names = loader.data_files(root)
    file = names[1]  # one of the reader's
    ahead = read_ahead.start(root, names)
    assert ahead is not None
    edited = (root / file).read_bytes().replace(b"title: ", b"title: Edited ", 1)
    try:
        doc, data, problems = ahead.read(edited, file)
    finally:
        ahead.close()
    assert (doc is not None, problems) == (True, [])
    assert data == yamlio.read_for_models(edited, file)[1]
    assert "Edited" in json.dumps(data)
    assert ahead.answered == 0


def test_a_reader_that_dies_leaves_the_loader_to_read_every_file(tmp_path: Path) -> None:
    root = generated(tmp_path)
    names = loader.data_files(root)
    ahead = read_ahead.start(root, names)
    assert ahead is not None and ahead.pid is not None
    os.kill(ahead.pid, signal.SIGKILL)
    try:
        assert reads(ahead, root, names) == by_itself(root, names)
    finally:
        ahead.close()
    assert no_children_left()


def test_a_load_that_stops_early_stops_the_reader(tmp_path: Path) -> None:
    root = generated(tmp_path, milestones=3000)  # more data than the pipe holds
    names = loader.data_files(root)
    ahead = read_ahead.start(root, names)
    assert ahead is not None
    ahead.read((root / names[1]).read_bytes(), names[1])
    ahead.close()  # the reader, blocked on a full pipe, meets a closed one
    assert no_children_left()


def test_files_the_loader_holds_already_are_not_parsed_again(tmp_path: Path) -> None:
    root = generated(tmp_path)
    names = loader.data_files(root)
    held = {name: digest((root / name).read_bytes()) for name in names}
    held[names[2]] = digest(b"other bytes")  # held, but for bytes it no longer has
    ahead = read_ahead.start(root, names, held)
    assert ahead is not None
    try:
        assert reads(ahead, root, names) == by_itself(root, names)
    finally:
        ahead.close()
    assert ahead.answered == 1  # only names[2]


def test_no_reader_for_a_few_files(tmp_path: Path) -> None:
    root = generated(tmp_path)
    names = loader.data_files(root)[: read_ahead.FEWEST_FILES - 1]
    assert read_ahead.start(root, names) is None
