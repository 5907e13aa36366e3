"""The vendored corpora stay self-describing: each folder has its licence and its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPORA

FOLDERS = sorted(p for p in CORPORA.iterdir() if p.is_dir())


def test_every_corpus_is_vendored() -> None:
    # The tests read these and nothing outside the repository (a fresh clone must pass).
    assert [p.name for p in FOLDERS] == ["dfe-send-statistics", "yaml-test-suite"]
    assert (CORPORA / "dfe-send-statistics" / "sen2_mi.csv").stat().st_size == 460_799
    assert (CORPORA / "dfe-send-statistics" / "la_ch_time_series_derived.csv").stat().st_size == (
        897_838
    )


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_corpus_carries_its_licence_and_is_described(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert names & {"LICENSE", "LICENCE.md"}, f"{folder} has no licence file"
    assert f"| `{folder.name}/` |" in (CORPORA / "README.md").read_text(encoding="utf-8")
