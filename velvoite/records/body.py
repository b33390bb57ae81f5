"""Deciding bodies (toimielimet): Finnish and Swedish words normalised to five canonical values.

The council and the board are what the law names, so they are recognised from a word list, not
by their ending: ``kunnanvaltuusto``, ``aluevaltuusto`` and ``stadsfullmäktige`` are the council,
but ``nuorisovaltuusto`` (the youth council) and ``vanhusneuvosto`` are not, and a word that
ends like a council or board but is not one is an error rather than a guess. Committees and
officers carry no legal weight in the rules and their names are open-ended
(``ympäristö- ja rakennuslautakunta``), so they are recognised by their ending.
"""

from __future__ import annotations

import difflib

from velvoite.words.reports import BODY_WORDS

BODIES = ("council", "board", "committee", "officer", "other")

# Written without spaces and hyphens, lower case ("hyvinvointialueen valtuusto" -> ...).
EXACT: dict[str, str] = {
    **dict.fromkeys(("valtuusto", "kunnanvaltuusto", "kaupunginvaltuusto", "aluevaltuusto",
                     "hyvinvointialueenvaltuusto", "hyvinvointialuevaltuusto", "fullmäktige", "kommunfullmäktige",
                     "stadsfullmäktige", "områdesfullmäktige", "välfärdsområdesfullmäktige",
                     "välfärdsområdetsfullmäktige", "yhtymävaltuusto", "yhtymänvaltuusto", "husyhtymänvaltuusto",
                     "samkommunsfullmäktige", "sammanslutningensfullmäktige", "hussammanslutningensfullmäktige",
                     "council", "municipalcouncil", "citycouncil", "regionalcouncil",
                     "countycouncil"), "council"),
    **dict.fromkeys(("hallitus", "kunnanhallitus", "kaupunginhallitus", "aluehallitus", "hyvinvointialueenhallitus",
                     "styrelse", "styrelsen", "kommunstyrelse", "kommunstyrelsen", "stadsstyrelse",
                     "stadsstyrelsen", "områdesstyrelse", "områdesstyrelsen", "välfärdsområdesstyrelse",
                     "välfärdsområdesstyrelsen", "yhtymähallitus", "yhtymänhallitus", "husyhtymänhallitus",
                     "samkommunsstyrelse", "samkommunsstyrelsen", "sammanslutningensstyrelse",
                     "hussammanslutningensstyrelse", "board", "municipalboard", "cityboard", "executiveboard",
                     "countyboard", "regionalboard"), "board"),
}
# Endings that name a council or board only in the words above (nuorisovaltuusto is not one).
RESERVED = ("valtuusto", "fullmäktige", "council", "hallitus", "styrelse", "styrelsen", "board")

_ENDINGS: tuple[tuple[str, str], ...] = (
    ("lautakunta", "committee"), ("valiokunta", "committee"), ("jaosto", "committee"),
    ("toimikunta", "committee"), ("nämnden", "committee"), ("nämnd", "committee"),
    ("utskottet", "committee"), ("utskott", "committee"), ("sektionen", "committee"),
    ("sektion", "committee"), ("committee", "committee"),
    ("viranhaltija", "officer"), ("johtaja", "officer"), ("tjänsteinnehavare", "officer"),
    ("direktör", "officer"), ("officer", "officer"),
    ("muu", "other"), ("annan", "other"), ("other", "other"),
)

WORDS: tuple[str, ...] = tuple(sorted(set(EXACT) | {e for e, _ in _ENDINGS}))


def _key(word: str) -> str:
    return word.strip().casefold().replace(" ", "").replace("-", "")


def suggest_body(word: str) -> str | None:
    """The nearest known body word for a misspelt one, compounds included (kaupunginhalitus)."""
    w = _key(word)
    close = difflib.get_close_matches(w, list(EXACT), n=1, cutoff=0.85)
    if close:
        return close[0]
    best, best_ratio = None, 0.8
    for ending, _weight in _ENDINGS:
        for cut in (len(ending) - 1, len(ending), len(ending) + 1):
            if cut <= 0 or cut > len(w):
                continue
            ratio = difflib.SequenceMatcher(None, w[-cut:], ending).ratio()
            if ratio > best_ratio:
                best, best_ratio = w[:-cut] + ending, ratio
    return best


def reserved_ending(word: str) -> bool:
    """Whether a word that is not a known body ends like a council or a board (nuorisovaltuusto)."""
    w = _key(word)
    return w not in EXACT and w.endswith(RESERVED)


def normalise_body(word: str) -> str | None:
    """The canonical body for a Finnish, Swedish or English word, or None if it is not one."""
    w = _key(word)
    if w in EXACT:
        return EXACT[w]
    if w.endswith(RESERVED):
        return None
    for ending, body in _ENDINGS:
        if w.endswith(ending):
            return body
    return None


def body_text(body: str | None, lang: str) -> str:
    """A deciding body (its canonical value: council, board, ...) in the words of ``lang``."""
    if not body:
        return ""
    return BODY_WORDS[lang][BODIES.index(body)] if body in BODIES else body
