"""`sendtrack measures import` on the real published files, and on hostile ones.

The real files are DfE's SEN2 management information (tidy explore-education-statistics
shape, ``z``/``x``/``c`` codes, values with leading spaces) and NHS England's community
health waiting lists (another shape: organisation names re-cased between releases, NA).
Both are vendored under tests/corpora/dfe-send-statistics with their licence.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sendtrack.measures.importer import MAX_BYTES
from sendtrack.store.loader import load
from tests.conftest import PROJECT_ROOT, MakeRepo

CORPUS = PROJECT_ROOT / "tests" / "corpora" / "dfe-send-statistics"
SEN2 = CORPUS / "sen2_mi.csv"
WAITS = CORPUS / "la_ch_time_series_derived.csv"
Cli = Callable[..., Any]

TIMELINESS = """
measures:
  - id: "M01"
    title: EHC plans issued within 20 weeks
    description: Percentage of new EHC plans issued within 20 weeks, excluding exceptions.
    unit: percent
    polarity: higher
    frequency: annual
    owner: Head of SEND
    source:
      title: DfE SEN2
      mapping:
        file: sen2_mi*.csv
        release: SEN2 2014-2022
        value: no_exc_20week_rate
        period: time_period
        period_kind: calendar year
        area:
          new_la_code: E10000017
        filters:
          time_identifier: Calendar year
        comparators:
          England:
            kind: national
            where:
              geographic_level: National
          North West:
            kind: region
            where:
              geographic_level: Regional
              region_code: E12000002
          Neighbours:
            kind: neighbours
            column: new_la_code
            members: [E10000017, E08000034, E06000008, E99999999]
"""

WAITING = """
measures:
  - id: "W1"
    title: Community paediatrics waits over 18 weeks
    description: Share waiting more than 18 weeks.
    unit: percent
    polarity: lower
    frequency: monthly
    owner: ICB
    source:
      title: NHS England community health services waiting lists
      mapping:
        value: Percentage waiting more than 18 weeks
        period: Date
        period_kind: month
        area:
          Organisation Type: ICB
          Organisation Name: Lancashire and South Cumbria
        filters:
          Therapy: Community Paediatric Service
        comparators:
          England:
            kind: national
            where:
              Organisation Name: England
"""


def digest(root: Path) -> str:
    """One digest of every file under the repository, to prove nothing changed."""
    sha = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def run(cli: Cli, root: Path, *args: str) -> Any:
    return cli("--repo", str(root), "measures", *args)


def measure(root: Path, measure_id: str) -> Any:
    repo, problems = load(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return next(m for m in repo.measures if m.id == measure_id)


def test_sen2_import_records_the_published_figures_and_is_idempotent(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root = make_repo({"measures/ehcp.yaml": TIMELINESS})
    before = (root / "measures/ehcp.yaml").read_text()
    result = run(cli, root, "import", str(SEN2))
    assert result.exit_code == 0, result.output
    assert "import of sen2_mi.csv for M01: 36 new figures; 0 unchanged" in result.output
    found = measure(root, "M01")
    values = {f.period: (f.value, f.unavailable) for f in found.actuals}
    assert values == {
        "2014": (100.0, None),
        "2015": (None, "z"),  # DfE's 'not applicable', never zero
        "2016": (75.3, None),
        "2017": (89.3, None),
        "2018": (83.0, None),
        "2019": (74.8, None),
        "2020": (74.8, None),
        "2021": (66.0, None),
        "2022": (98.649, None),  # published as ' 98.649', with a leading space
    }
    first = found.actuals[0]
    assert first.source.file == "sen2_mi.csv"
    assert first.source.release == "SEN2 2014-2022"
    assert first.source.row == 17
    comparators = {c.name: c for c in found.comparators}
    assert [c.kind for c in found.comparators] == ["national", "region", "neighbours"]
    england = {f.period: f.value for f in comparators["England"].figures}
    assert england["2022"] == 49.166
    assert england["2014"] == 64.3
    assert {f.period: f.value for f in comparators["North West"].figures}["2021"] == 66.5
    neighbours = {f.period: f for f in comparators["Neighbours"].figures}
    assert comparators["Neighbours"].members == ["E10000017", "E08000034", "E06000008", "E99999999"]
    assert "not in the file: E99999999" in (neighbours["2022"].note or "")
    assert neighbours["2022"].note is not None and neighbours["2022"].note.startswith(
        "mean of 3 of 4 authorities"
    )
    # The file kept its comments and layout: the import only appended.
    after = (root / "measures/ehcp.yaml").read_text()
    assert after.startswith(before.strip("\n").split("\n")[0])
    assert after.count("\n") > before.count("\n") + 100
    # Re-running it is a no-op.
    unchanged = digest(root)
    again = run(cli, root, "import", str(SEN2))
    assert again.exit_code == 0
    assert "nothing new for M01 (36 figures already recorded)" in again.output
    assert digest(root) == unchanged
    assert cli("--repo", str(root), "check").exit_code == 0


def test_a_published_revision_is_reported_not_applied_unless_accepted(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root = make_repo({"measures/ehcp.yaml": TIMELINESS})
    assert run(cli, root, "import", str(SEN2)).exit_code == 0
    path = root / "measures/ehcp.yaml"
    text = path.read_text()
    assert "value: 66\n" in text
    path.write_text(text.replace("value: 66\n", "value: 61\n", 1))
    before = digest(root)
    result = run(cli, root, "import", str(SEN2))
    assert result.exit_code == 0
    assert "revision: M01 2021: recorded 61, sen2_mi.csv row 247 publishes 66 (not applied" in (
        result.output
    )
    assert digest(root) == before
    accepted = run(cli, root, "import", str(SEN2), "--accept-revisions")
    assert accepted.exit_code == 0, accepted.output
    figure = next(f for f in measure(root, "M01").actuals if f.period == "2021")
    assert figure.value == 66.0
    assert [(p.value, p.source.entered_by if p.source else None) for p in figure.previous] == [
        (61.0, None)
    ]
    assert figure.previous[0].source is not None
    assert figure.previous[0].source.file == "sen2_mi.csv"


def test_nhs_waiting_lists_match_names_whatever_their_case(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/waits.yaml": WAITING})
    result = run(cli, root, "import", str(WAITS))
    assert result.exit_code == 0, result.output
    found = measure(root, "W1")
    periods = [f.period for f in found.actuals]
    # Seven months published as 'Lancashire and South Cumbria', three as upper case.
    assert periods == [f"2023-{month:02d}" for month in range(1, 11)]
    assert found.actuals[0].value == pytest.approx(17.3221757322176)
    assert len(found.comparators[0].figures) == 10


def test_dry_run_prints_the_diff_and_writes_nothing(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/waits.yaml": WAITING})
    before = digest(root)
    result = run(cli, root, "import", str(WAITS), "--dry-run")
    assert result.exit_code == 0
    assert '+      - period: "2023-01"' in result.output
    assert "dry run: import of la_ch_time_series_derived.csv for W1: 20 new figures" in (
        result.output
    )
    assert digest(root) == before


def _csv(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


HEADER = "time_period,time_identifier,geographic_level,region_code,new_la_code,no_exc_20week_rate\n"
ROWS = (
    "2021,Calendar year,Local authority,E12000002,E10000017,66\n"
    "2021,Calendar year,National,,,59.9\n"
    "2021,Calendar year,Regional,E12000002,,66.5\n"
)


@pytest.mark.parametrize(
    ("name", "content", "code", "where", "words"),
    [
        (
            "sen2_mi_renamed.csv",
            HEADER.replace("no_exc_20week_rate", "no_exc_20_week_rate") + ROWS,
            "import-missing-column",
            "sen2_mi_renamed.csv:1:1",
            "did you mean 'no_exc_20_week_rate'?",
        ),
        (
            "sen2_mi_other.csv",
            HEADER + ROWS.replace("E10000017", "E10000018"),
            "import-area-not-found",
            "sen2_mi_other.csv:1:5",
            "nearest values in 'new_la_code': E10000018",
        ),
        (
            "sen2_mi_formula.csv",
            HEADER + ROWS.replace(",66\n", ',"=HYPERLINK(""http://x"",""y"")"\n', 1),
            "import-bad-value",
            "sen2_mi_formula.csv:2:6",
            "'=HYPERLINK(\"http://x\",\"y\")' in column 'no_exc_20week_rate' is not a number",
        ),
        (
            "sen2_mi_twice.csv",
            HEADER + ROWS + "2021,Calendar year,Local authority,E12000002,E10000017,67\n",
            "import-duplicate-period",
            "sen2_mi_twice.csv:5:1",
            "2021 appears twice for measure M01 (rows 2 and 5)",
        ),
        (
            "sen2_mi_period.csv",
            HEADER + ROWS.replace("2021,", "202122,", 1),
            "import-bad-value",
            "sen2_mi_period.csv:2:1",
            "period '202122' in column 'time_period'",
        ),
        (
            "sen2_mi_short.csv",
            HEADER + "2021,Calendar year,Local authority\n",
            "import-bad-row",
            "sen2_mi_short.csv:2:1",
            "row 2 has 3 cells; the header has 6",
        ),
        (
            "sen2_mi_binary.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "import-not-csv",
            "sen2_mi_binary.csv:3:1",
            "is not a CSV: it holds binary data",
        ),
        (
            "sen2_mi_latin1.csv",
            (HEADER + ROWS).encode()
            + "2022,Calendar year,Local authority,É,E1,1\n".encode("latin-1"),
            "import-not-csv",
            "sen2_mi_latin1.csv:5:",
            "is not UTF-8 text",
        ),
        (
            "sen2_mi_prose.csv",
            "This is a letter, not a table.\n",
            "import-missing-column",
            "sen2_mi_prose.csv:1:1",
            "has no column 'no_exc_20week_rate'",
        ),
        (
            "sen2_mi_one.csv",
            "no header here\n1\n",
            "import-not-csv",
            "sen2_mi_one.csv:1:1",
            "its first row has one comma-separated column",
        ),
        (
            "unrelated.csv",
            "a,b\n1,2\n",
            "import-no-measure",
            "unrelated.csv:1:1",
            "no measure's source mapping fits unrelated.csv",
        ),
    ],
)
def test_bad_files_are_refused_with_row_and_column(
    make_repo: MakeRepo,
    cli: Cli,
    tmp_path: Path,
    name: str,
    content: str | bytes,
    code: str,
    where: str,
    words: str,
) -> None:
    root = make_repo(
        {"measures/ehcp.yaml": TIMELINESS.replace("file: sen2_mi*.csv", "file: sen2_mi*")}
    )
    before = digest(root)
    result = cli("--repo", str(root), "measures", "import", str(_csv(tmp_path, name, content)))
    assert result.exit_code == 1
    assert f"{where}" in result.output
    assert code in result.output
    assert words in result.output
    assert "nothing written" in result.output
    assert "Traceback" not in result.output
    assert digest(root) == before


def test_a_huge_file_is_refused_by_size_before_it_is_read(
    make_repo: MakeRepo, cli: Cli, tmp_path: Path
) -> None:
    root = make_repo({"measures/ehcp.yaml": TIMELINESS})
    huge = tmp_path / "sen2_mi_huge.csv"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_BYTES + 1)
    result = run(cli, root, "import", str(huge))
    assert result.exit_code == 1
    assert "import-not-csv" in result.output
    assert "MiB are refused" in result.output


def test_formula_text_from_a_file_name_stays_text(
    make_repo: MakeRepo, cli: Cli, tmp_path: Path
) -> None:
    root = make_repo({"measures/ehcp.yaml": TIMELINESS.replace("        file: sen2_mi*.csv\n", "")})
    hostile = tmp_path / "=HYPERLINK(x).csv"
    shutil.copy(SEN2, hostile)
    assert run(cli, root, "import", str(hostile)).exit_code == 0
    figure = measure(root, "M01").actuals[0]
    assert figure.source.file == "=HYPERLINK(x).csv"
    assert cli("--repo", str(root), "check").exit_code == 0
