"""The quoted words of a statute (DOMAIN § 8): "[…]" marks an omission, and the fragments between
omissions stand verbatim, in order, in the cited provision. One home for splitting a quote and for
the text policy both sides are compared in (whitespace, soft hyphens, no-break spaces)."""

from __future__ import annotations

import re

OMISSION = re.compile(r"\[(?:…|\.\.\.)\]")
_SPACE = re.compile(r"\s+")
_PUNCTUATION = " .,;:"


def normalise(text: str) -> str:
    """Whitespace as one space, soft hyphens gone, no-break spaces as spaces, ends trimmed."""
    return _SPACE.sub(" ", text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")).strip()


def fragments(quote: str) -> list[str]:
    """The fragments of a quote between its omissions, normalised; punctuation alone is no fragment."""
    return [f for f in (normalise(part) for part in OMISSION.split(quote)) if f.strip(_PUNCTUATION)]


def unfound(quote: str, text: str) -> list[str]:
    """The fragments of ``quote`` not found in ``text`` in order (each after the one before)."""
    text, at, missing = normalise(text), 0, []
    for fragment in fragments(quote):
        found = text.find(fragment, at)
        if found < 0:
            missing.append(fragment)
        else:
            at = found + len(fragment)
    return missing
