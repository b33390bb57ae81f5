"""Text for a Markdown table cell or heading: read as the same words, never as markup.

CommonMark lets a backslash escape any ASCII punctuation: the characters that could start a
link, an image, emphasis, code or a table column are escaped so; ``<`` and ``>`` become the
entities ``&lt;`` and ``&gt;``, which every Markdown flavour shows as the characters and none
reads as HTML; line breaks become spaces.
"""

from __future__ import annotations

import re

_ACTIVE = re.compile(r"([\\`*_\[\]!|~&])")
_BREAKS = re.compile("\r\n|[\r\n\u0085\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def cell(text: object) -> str:
    """``text`` as literal Markdown inline text on one line."""
    value = _CONTROL.sub("", _BREAKS.sub(" ", str(text)))
    return _ACTIVE.sub(r"\\\1", value).replace("<", "&lt;").replace(">", "&gt;")
