"""Deciding bodies (toimielimet): Finnish and Swedish words normalised to five canonical values.

Compound names are recognised by their ending: ``kunnanvaltuusto`` and ``aluevaltuusto`` end in
``valtuusto`` (council), ``sivistyslautakunta`` in ``lautakunta`` (committee),
``kaupunginhallitus`` in ``hallitus`` (board), ``stadsfullmäktige`` in ``fullmäktige``.
"""

from __future__ import annotations

import difflib

BODIES = ("council", "board", "committee", "officer", "other")

# Endings, longest first where one contains another. The canonical English words match exactly.
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("valtuusto", "council"), ("fullmäktige", "council"), ("council", "council"),
    ("hallitus", "board"), ("styrelsen", "board"), ("styrelse", "board"), ("board", "board"),
    ("lautakunta", "committee"), ("valiokunta", "committee"), ("jaosto", "committee"),
    ("toimikunta", "committee"), ("nämnden", "committee"), ("nämnd", "committee"),
    ("utskottet", "committee"), ("utskott", "committee"), ("sektionen", "committee"),
    ("sektion", "committee"), ("committee", "committee"),
    ("viranhaltija", "officer"), ("johtaja", "officer"), ("tjänsteinnehavare", "officer"),
    ("direktör", "officer"), ("officer", "officer"),
    ("muu", "other"), ("annan", "other"), ("other", "other"),
)

WORDS: tuple[str, ...] = tuple(sorted({e for e, _ in _ENDINGS}))


def suggest_body(word: str) -> str | None:
    """The nearest known body word for a misspelt one, compounds included (kaupunginhalitus)."""
    w = word.strip().casefold()
    best, best_ratio = None, 0.8
    for ending, _ in _ENDINGS:
        for cut in (len(ending) - 1, len(ending), len(ending) + 1):
            if cut <= 0 or cut > len(w):
                continue
            ratio = difflib.SequenceMatcher(None, w[-cut:], ending).ratio()
            if ratio > best_ratio:
                best, best_ratio = w[:-cut] + ending, ratio
    return best


def normalise_body(word: str) -> str | None:
    """The canonical body for a Finnish, Swedish or English word, or None if it is not one."""
    w = word.strip().casefold().replace(" ", "").replace("-", "")
    for ending, body in _ENDINGS:
        if w.endswith(ending):
            return body
    return None
