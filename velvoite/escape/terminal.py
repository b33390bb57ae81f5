"""Text for a terminal line: nothing in it can move the cursor, recolour, retitle or reorder."""

from __future__ import annotations

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides and isolates (which can make a line read differently from what it holds).
_UNSAFE = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TABLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE} | {
    0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` on one line with every unsafe character as a visible escape (``\\x1b``, ``\\n``);
    cut to ``limit`` characters when given (a field name taken from a file can be of any length)."""
    value = str(text).translate(_TABLE)
    return value if limit is None or len(value) <= limit else value[: limit - 1] + "…"


def lines(text: object) -> str:
    """``text`` keeping its line breaks, each line as ``one_line`` makes it (a carriage return, an
    escape sequence or a bidirectional override shown, never acted on): for what a command prints of
    rule packs, case files and the registry, texts a user or a downloaded pack may have written."""
    return "\n".join(map(one_line, str(text).split("\n")))
