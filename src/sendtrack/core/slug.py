"""Ids as parts of file names: a safe character set, and never two ids on one name.

Kept in ``core`` because both the renderers (chart names inside a paper) and the writers
of files (``store/output.py``) name files after ids from the data, and neither may
import the other.
"""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")


def file_slug(text: str) -> str:
    """``text`` as a safe part of a file name: ``[A-Za-z0-9._-]``, no leading dot, short.

    Ids that are already safe (``ehcp``, ``2.3.2.1``) are kept as they are. Any other is
    reduced to the safe characters and given a digest of the whole id after ``--`` (which
    a kept id never holds), so two different ids never share a file name.
    """
    if _SAFE.fullmatch(text) and "--" not in text:
        return text
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    readable = _UNSAFE_RUN.sub("-", text)
    readable = re.sub("-{2,}", "-", readable).strip("-.")[:48].rstrip("-.")
    return f"{readable}--{digest}" if readable else f"id--{digest}"
