"""The personal-data guard rail: what it finds, where, how it masks, how to silence it.

No real person's data is written here. Every number is built in the test from its
checksum: NHS numbers in the 999 range (the NHS's range for test numbers), UPNs with the
"local authority" 999 (there is none), phone numbers from Ofcom's ranges for drama
(07700 900xxx, 01632 960xxx, 020 7946 0xxx), and mailboxes no one owns.
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendtrack.checks.validate import check_repository
from sendtrack.review.privacy import (
    ALLOW_MARKER,
    Finding,
    mask,
    nhs_number_valid,
    scan,
    upn_check_letter,
    upn_valid,
)
from tests.conftest import PROJECT_ROOT, MakeRepo


def nhs_number(first_nine: str) -> str:
    """A valid NHS number from its first nine digits (None-free: picks digits that work)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    assert check != 10, "choose other digits: this prefix has no valid check digit"
    return first_nine + str(check)


TEST_NHS = nhs_number("999000001")
TEST_UPN = upn_check_letter("999000025001") + "999000025001"


def test_built_numbers_pass_their_checks() -> None:
    assert TEST_NHS == "9990000018"
    assert nhs_number_valid(TEST_NHS)
    assert upn_valid(TEST_UPN)
    # The DfE's published example (python-stdnum's doctest): B is right, A is wrong.
    assert upn_valid("B801200005001") and not upn_valid("A801200005001")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_one_changed_digit_breaks_the_nhs_check(first_nine: str) -> None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    if (11 - total % 11) % 11 == 10:
        return
    number = nhs_number(first_nine)
    assert nhs_number_valid(number)
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    assert not nhs_number_valid(wrong)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_only_the_computed_letter_makes_a_valid_upn(body: str) -> None:
    letter = upn_check_letter(body)
    assert upn_valid(letter + body)
    assert sum(upn_valid(other + body) for other in "ABCDEFGHJKLMNPQRTUVWXYZ") == 1


def test_temporary_upn_ends_in_a_letter() -> None:
    body = "99900002501" + "K"
    assert upn_valid(upn_check_letter(body) + body)


@pytest.mark.parametrize(
    ("line", "what", "column", "masked"),
    [
        (f"note: NHS number {TEST_NHS}", "NHS number", 18, "99********"),
        (
            f"note: NHS no. {TEST_NHS[:3]} {TEST_NHS[3:6]} {TEST_NHS[6:]}",
            "NHS number",
            15,
            "99* *** ****",
        ),
        (f"- {TEST_NHS[:3]}-{TEST_NHS[3:6]}-{TEST_NHS[6:]}", "NHS number", 3, "99*-***-****"),
        (f"upn: {TEST_UPN}", "unique pupil number", 6, TEST_UPN[:2] + "*" * 11),
        ("note: DOB 03/04/2015", "date of birth", 7, "03/**/****"),
        ("note: date of birth: 2015-04-03", "date of birth", 7, "20**-**-**"),
        ("# born on 3rd April 2015", "date of birth", 3, "3r* ***** ****"),
        (
            "note: Alex Example (03/04/2015) joined",
            "name next to a date of birth",
            7,
            "Al** ******* (**/**/****",
        ),
        (
            "owner: parent.example@gmail.com",
            "personal email address",
            8,
            "pa****.*******@*****.***",
        ),
        ("note: ring 07700 900123", "phone number", 12, "07*** ******"),
        ("note: ring +44 7700 900123", "phone number", 12, "+44 **** ******"),
    ],
)
def test_finds_each_kind_with_its_position(line: str, what: str, column: int, masked: str) -> None:
    assert scan(line) == [Finding(what, 1, column, masked)]


@pytest.mark.parametrize(
    "line",
    [
        "due: 2025-11-03",
        'id: "2025-11-03/A1"',
        "note: reference 9990000017",  # fails the modulus-11 check
        f"note: {TEST_NHS[1:]}5",  # ten digits, but not a valid NHS number
        "note: 0123456789",  # ten digits from 0: never an NHS number
        "note: call the helpline on 0300 123 4567",  # non-geographic: organisations
        "note: (01632) 960001",  # landlines are how councils publish themselves
        "note: 020 7946 0001",
        "owner: send.team@lancashire.gov.uk",
        "owner: someone@nhs.net",
        "title: 79 (83%) of 95 milestones",
        "id: '1.4.2.1'",
        "note: A999000025001",  # wrong check letter
        "reason: Dashboard in test phase; born of the review in 2025.",
        "note: Independent Chair, 3 November 2025",
        "version: 4.5.6.7890123456",
    ],
)
def test_ordinary_plan_text_is_not_flagged(line: str) -> None:
    assert scan(line) == []


def test_the_allow_marker_silences_its_own_line_only() -> None:
    text = (
        f"duty: 07700 900001  {ALLOW_MARKER}\n"
        "other: 07700 900002\n"
        "quiet: 07700 900003  #sendtrack: allow personal-data\n"
    )
    assert scan(text) == [Finding("phone number", 2, 8, "07*** ******")]


def test_mask_keeps_two_characters_and_the_shape() -> None:
    assert mask("999 000 0018") == "99* *** ****"
    assert mask("a@b.co") == "a@b.**"


def test_the_check_reports_errors_with_exact_positions(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "risks/register.yaml": f"""\
            risks:
              - id: R01
                title: Capacity
                # Escalated after the case of pupil {TEST_UPN}.
                description: If capacity is not increased, assessments stay late.
                owner: Head of SEND
                category: capacity
                raised_at: "2025-04-10"
                likelihood: 4
                impact: 4
                target:
                  likelihood: 2
                  impact: 3
                note: "Parent's mobile 07700 900123, NHS {TEST_NHS}"
            """
        }
    )
    problems = [p for p in check_repository(root).problems if p.code == "personal-data"]
    assert [(p.file, p.line, p.column, p.message, p.severity.value) for p in problems] == [
        (
            "risks/register.yaml",
            4,
            41,
            f"possible unique pupil number ({TEST_UPN[:2]}***********): personal data about "
            "a child must never be committed",
            "error",
        ),
        (
            "risks/register.yaml",
            14,
            28,
            "possible phone number (07*** ******): personal data about a child must never be "
            "committed",
            "error",
        ),
        (
            "risks/register.yaml",
            14,
            46,
            "possible NHS number (99********): personal data about a child must never be committed",
            "error",
        ),
    ]
    assert problems[0].hint == (
        "remove it (and from the git history, if it was committed); if it is not personal "
        "data, end the line with '# sendtrack: allow personal-data'"
    )


def test_check_fails_and_names_the_line(make_repo: MakeRepo, cli: object) -> None:
    root = make_repo({"tracker/archive.yaml": f"# DOB 03/04/2015, NHS {TEST_NHS}\nactions: []\n"})
    result = cli("--repo", str(root), "check", "--as-of", "2025-05-01", "--format", "github")  # type: ignore[operator]
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "::error file=tracker/archive.yaml,line=1,col=3,title=personal-data::personal-data: "
        "possible date of birth (03/**/****): personal data about a child must never be "
        "committed (hint: remove it (and from the git history, if it was committed); if it "
        "is not personal data, end the line with '# sendtrack: allow personal-data')",
        "::error file=tracker/archive.yaml,line=1,col=23,title=personal-data::personal-data: "
        "possible NHS number (99********): personal data about a child must never be "
        "committed (hint: remove it (and from the git history, if it was committed); if it "
        "is not personal data, end the line with '# sendtrack: allow personal-data')",
    ]


def test_the_shipped_data_has_none() -> None:
    for folder in ("plan", "tracker", "risks", "meetings"):
        for path in sorted((PROJECT_ROOT / folder).glob("*.yaml")):
            assert scan(path.read_text(encoding="utf-8")) == [], path


def test_the_allow_marker_is_documented() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert ALLOW_MARKER in readme
    assert (
        Path(PROJECT_ROOT / "src/sendtrack/review/privacy.py")
        .read_text(encoding="utf-8")
        .count(ALLOW_MARKER)
        >= 2
    )


# -- the fast path: the ten-digit trigger runs only where a byte test says it may match ------

FILLER = "".join(
    f'  - id: "p{n:04d}-1.1.{n}.1"\n'
    f"    title: Review {n} of the panel, 2025-08-{n % 28 + 1:02d} (item {n}.{n % 7}).\n"
    f"    due: 2026-{n % 12 + 1:02d}\n"
    for n in range(3000)
)
"""A long file of ordinary plan text: ids, dates and numbers in every line, none personal."""


@pytest.mark.parametrize(
    "last",
    [
        "    note: ring 07700 900123",
        f"    note: NHS {TEST_NHS[:3]}.{TEST_NHS[3:6]}.{TEST_NHS[6:]}",
        f"    note: NHS {TEST_NHS[:3]} {TEST_NHS[3:6]}\n      {TEST_NHS[6:]}",  # folded
        f"    # NHS {TEST_NHS[:3]} {TEST_NHS[3:6]}\n    # {TEST_NHS[6:]}",  # two comment lines
        f"    note: ({TEST_NHS[:3]}) {TEST_NHS[3:6]}-{TEST_NHS[6:]}",
        f"    note: {TEST_NHS[:3]}\u2013{TEST_NHS[3:6]}\u00a0{TEST_NHS[6:]}",
        f"    note: {TEST_UPN[0]} {' '.join(TEST_UPN[1:])}",
    ],
)
def test_a_number_in_the_last_value_of_a_long_file_is_found(last: str) -> None:
    alone = scan(f"items:\n{last}\n")
    assert len(alone) == 1
    lines = FILLER.count("\n") + 1
    assert scan(f"items:\n{FILLER}{last}\n") == [
        Finding(found.what, found.line + lines - 1, found.column, found.masked) for found in alone
    ]


PIECES = st.sampled_from(
    [*"0123456789" * 4, *" -./()#\t:,_aZ\u00e9\uff19\u2013\u00a0+@", "\n  ", "\n  # ", "\n- "]
)
YAMLISH = st.lists(st.lists(PIECES, max_size=40).map("".join), max_size=6).map(
    lambda lines: "notes:\n" + "\n".join(f"- {line}" for line in lines) + "\n"
)
"""Lines of digits and what may stand between them (and what may not), some over a line
break: about one in ten holds a chain of ten digits, and one in four only looks as if
it might (the byte test says yes, the pattern no)."""


@settings(max_examples=500)
@given(YAMLISH)
def test_the_byte_test_never_hides_a_match_of_the_trigger(text: str) -> None:
    from sendtrack.review import privacy

    if re.search(privacy._DIGIT_CHAIN, text):
        assert privacy._may_chain_ten_digits(text)


def test_the_fast_path_finds_what_the_full_scan_finds() -> None:
    from sendtrack.review import privacy

    texts = [
        path.read_text(encoding="utf-8", errors="surrogateescape")
        for folder in ("plan", "tracker", "risks", "meetings", "tests/corpora")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.yaml"))
    ]
    texts += [FILLER + f"  - note: ring 07700 900123, NHS {TEST_NHS}\n"]
    fast = [scan(text) for text in texts]
    with mock.patch.object(privacy, "_may_chain_ten_digits", lambda text: True):
        assert [scan(text) for text in texts] == fast
    assert any(fast)
