"""Text for an iCalendar TEXT value (RFC 5545 § 3.3.11).

icalendar escapes commas, semicolons, backslashes and newlines and folds long lines; what it
leaves alone is normalised here: every kind of line break (CR LF, a lone CR, NEL U+0085, the
Unicode line and paragraph separators U+2028/U+2029) becomes one ``\\n``, other control
characters are removed (a calendar client would show them as boxes or stop reading).
"""

from __future__ import annotations

import re

import icalendar

_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_SPECIAL = re.compile(r"[\\;,\n]")


class Text(icalendar.vText):
    """A TEXT value escaped in one pass, backslash included (RFC 5545 § 3.3.11). icalendar 7's own
    escaping first reads a backslash and a capital N as a line break, so a record's
    ``K:\\Neuvottelut`` would reach the calendar as ``K:`` and a new line."""

    def to_ical(self) -> bytes:
        return _SPECIAL.sub(lambda m: _ESCAPES[m[0]], str(self)).encode(self.encoding)


def text(value: str) -> Text:
    """``value`` safe for a TEXT property."""
    return Text(_CONTROL.sub("", _BREAKS.sub("\n", value)))
