"""Text from the data, made safe for where it is shown: a terminal, or Markdown.

A repository is written by other people, and its text reaches terminals (``status``,
``show``, ``check``…) and Markdown viewers (papers, pull-request comments). Two shared
functions do all the escaping, so no renderer has its own idea of what is dangerous:

* ``escape_terminal``: every control character except tab and line feed is shown as
  ``\\x1b``-style text, so ESC, BEL and their friends can never set a window title,
  write the clipboard (OSC 52), plant a link (OSC 8) or move the cursor. ``check``
  refuses such characters in the first place (``control-character``, ``unsafe-id``);
  this is what holds when it is not run.
* ``escape_markdown``: text that renders as itself, on one line — every character that
  could start markup is backslash-escaped (CommonMark allows that for any ASCII
  punctuation), so data never makes an image (``![](https://…)`` fetching a tracker),
  a link (``javascript:``), raw HTML (``<img onerror>``), a table cell break (``|``),
  GitHub maths (``$``) or a mention (``@``).
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) other than tab and line feed."""


def control_name(character: str) -> str:
    """'\\x1b' for ESC: how ``escape_terminal`` shows a control character."""
    return f"\\x{ord(character):02x}"


def escape_terminal(text: str) -> str:
    """``text`` with every control character but tab and line feed made visible."""
    return CONTROL.sub(lambda match: control_name(match.group()), text)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!&$@])")
"""Characters that can start Markdown or HTML anywhere in a line or a table cell."""


def escape_markdown(text: str) -> str:
    """Text from the data, safe inline in Markdown: markup escaped, one line.

    White space runs (line breaks included) become one space, so a table row stays one
    line; control characters are made visible as on a terminal.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape_terminal(re.sub(r"\s+", " ", text)))
