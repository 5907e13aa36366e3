"""A guard rail for public repositories: personal data about children must never be committed.

A SEND improvement plan is published, and its repository often is too. Case studies,
copied spreadsheets and pasted emails are how a child's details end up in one. This
module scans every line of every data file — values and comments alike — for:

* **NHS numbers**: ten digits (``943 476 5919``, ``9434765919``, ``943-476-5919``) that
  pass the NHS modulus-11 check. Ten digits starting with 0 are UK phone numbers, not
  NHS numbers.
* **Unique pupil numbers (UPN)**: a check letter and twelve digits (or eleven digits and
  a letter, for a temporary UPN) whose check letter is right (DfE: weights 2…13, modulo
  23, letters without I, O and S).
* **Dates of birth**: a date next to "DOB", "D.O.B.", "date of birth" or "born", and a
  person's name followed by a numeric date (``Sam Smith (03/04/2015)``).
* **Personal email addresses**: at a personal mail provider (gmail.com, hotmail.co.uk…).
  Organisational addresses (a council, the NHS, a school) are not flagged.
* **UK phone numbers**: mobiles (07…, +44 7…) and geographic landlines (01…, 02…).
  Non-geographic numbers (03…, 08…) are how organisations publish helplines.

The checksums keep false alarms rare: a random ten-digit reference passes the NHS check
about one time in eleven, a random UPN one time in twenty-three. When a line is a false
alarm (a published council switchboard, say), end it with the comment
``# sendtrack: allow personal-data``; that line is then not scanned. The marker is
deliberately per line: an allow-list elsewhere would let the same number slip in again
on any other line. Messages mask what they found, because CI logs of a public
repository are public too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ALLOW_MARKER = "# sendtrack: allow personal-data"
_ALLOW = re.compile(r"#\s*sendtrack:\s*allow[\s-]+personal-data\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: what it looks like, where it starts (1-based), masked."""

    what: str
    line: int
    column: int
    masked: str


def mask(text: str) -> str:
    """Keep the first two characters and the separators; star the rest."""
    kept = 0
    out = []
    for char in text:
        if char.isalnum():
            out.append(char if kept < 2 else "*")
            kept += 1
        else:
            out.append(char)
    return "".join(out)


# -- NHS numbers --------------------------------------------------------------------------

_NHS = re.compile(r"(?<![\w./-])([1-9]\d{2})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")


def nhs_number_valid(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10…2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# -- unique pupil numbers -------------------------------------------------------------------

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""Check letters for remainders 0…22 (no I, O or S)."""
_UPN = re.compile(r"(?<![\w])([A-Z])(\d{11})([0-9A-Z])(?![\w])")


def upn_check_letter(body: str) -> str:
    """The check letter for the twelve characters after it (the last may be a letter)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += value * weight
    return _UPN_LETTERS[total % 23]


def upn_valid(upn: str) -> bool:
    if len(upn) != 13 or upn[0] not in _UPN_LETTERS or not upn[1:12].isdigit():
        return False
    last = upn[12]
    if not (last.isdigit() or last in _UPN_LETTERS):
        return False
    return upn_check_letter(upn[1:]) == upn[0]


# -- dates of birth ---------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ANY_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 03/04/2015, 3.4.15
    r"|\d{4}-\d{2}-\d{2}"  # 2015-04-03
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}"  # 3rd April 2015
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"  # April 3, 2015
)
_DOB = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date[\s_-]+of[\s_-]+birth|birth[\s_-]?date|born(?:\s+on)?)"
    rf"\W{{0,3}}\s*({_ANY_DATE})",
    re.IGNORECASE,
)
_NAME_AND_DATE = re.compile(
    r"\b([A-Z][a-z]+(?:[ '-][A-Z][a-z]+)+)\s*[(,:-]\s*(\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2}))\b"
)

# -- email and phone --------------------------------------------------------------------------

PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.co.uk",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "talktalk.net",
        "ntlworld.com",
        "protonmail.com",
        "proton.me",
        "gmx.com",
        "gmx.co.uk",
        "mail.com",
        "tiscali.co.uk",
        "blueyonder.co.uk",
    }
)
"""Mail providers whose addresses belong to people, not organisations."""

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:[ ()-]{0,2}\d){10}(?!\d)")
"""A national prefix (0 or +44) and exactly ten more digits, each after at most two of
space, dash or bracket: '07700 900123', '(01632) 960 001', '+44 (0)20 7946 0001'."""


def _phone_digits(candidate: str) -> str | None:
    """The number in national form (0…) if it is a UK mobile or geographic landline."""
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    if len(digits) != 11 or digits[1] not in "127":
        return None
    return digits


# -- the scan ---------------------------------------------------------------------------------


def scan_line(text: str, line: int) -> Iterator[Finding]:
    """Every finding on one line (none if the line carries the allow marker)."""
    if _ALLOW.search(text):
        return
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        if any(start < done_end and done_start < end for done_start, done_end in taken):
            return False
        taken.append((start, end))
        return True

    for match in _UPN.finditer(text):
        if upn_valid(match.group(0)) and free(*match.span()):
            yield Finding("unique pupil number", line, match.start() + 1, mask(match.group(0)))
    for match in _NHS.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if nhs_number_valid(digits) and free(*match.span()):
            yield Finding("NHS number", line, match.start() + 1, mask(match.group(0)))
    for match in _DOB.finditer(text):
        if free(*match.span()):
            yield Finding("date of birth", line, match.start() + 1, mask(match.group(1)))
    for match in _NAME_AND_DATE.finditer(text):
        if free(*match.span()):
            yield Finding(
                "name next to a date of birth", line, match.start() + 1, mask(match.group(0))
            )
    for match in _EMAIL.finditer(text):
        if match.group(1).lower() in PERSONAL_MAIL_DOMAINS and free(*match.span()):
            yield Finding("personal email address", line, match.start() + 1, mask(match.group(0)))
    for match in _PHONE.finditer(text):
        if _phone_digits(match.group(0)) and free(*match.span()):
            yield Finding("phone number", line, match.start() + 1, mask(match.group(0)))


_CANDIDATES = (
    re.compile(r"@"),
    re.compile(r"\d(?:[ ()-]{0,2}\d){9}"),
    re.compile(r"[BbDd](?:[Ii][Rr][Tt][Hh]|[Oo][Rr][Nn]|\.?\s?[Oo]\.?\s?[Bb])"),
    re.compile(r"[A-Z][a-z]+[ '-][A-Z][a-z]+\s*[(,:-]\s*\d{1,2}[/.]"),
)
"""What every finding needs somewhere on its line: an '@' (email), ten digits (NHS
number, UPN, phone), a birth keyword (date of birth), or a name beside a d/m/y date.
Each is a loose superset of its pattern in ``scan_line``, cheap enough to run over a
whole file in C (one leading character class each, no per-position alternation), so
the seven patterns run only on the few lines worth it: at 10,000 milestones running
them on every line was half of a cold ``status``."""


def scan(text: str) -> list[Finding]:
    """Every finding in a file's text, in reading order."""
    offsets = sorted({m.start() for pattern in _CANDIDATES for m in pattern.finditer(text)})
    if not offsets:
        return []
    lines = text.split("\n")
    found: list[Finding] = []
    scanned: set[int] = set()
    line, position = 1, 0
    for offset in offsets:
        line += text.count("\n", position, offset)
        position = offset
        if line not in scanned:
            scanned.add(line)
            found.extend(scan_line(lines[line - 1].rstrip("\r"), line))
    return sorted(found, key=lambda finding: (finding.line, finding.column))
