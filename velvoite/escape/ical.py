"""Text for an iCalendar TEXT value (RFC 5545 § 3.3.11).

icalendar escapes commas, semicolons, backslashes and newlines and folds long lines; what it
leaves alone is normalised here: every kind of line break (CR LF, a lone CR, NEL U+0085, the
Unicode line and paragraph separators U+2028/U+2029) becomes one ``\\n``, other control
characters are removed (a calendar client would show them as boxes or stop reading).
"""

from __future__ import annotations

import re

_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text(value: str) -> str:
    """``value`` safe for a TEXT property."""
    return _CONTROL.sub("", _BREAKS.sub("\n", value))
