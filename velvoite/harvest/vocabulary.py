"""The words minutes are read with, gathered from the packs in use: each kind's ``harvest:`` block
and the ``harvest:`` block of ``records/core.yaml`` (rules/harvest_words.py validates both)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from velvoite.rules.manifest import builtin_manifests, core_manifest


def fold(text: str) -> str:
    """Text as phrases are compared with it: case-folded, white space made single."""
    return " ".join(text.casefold().replace("\u2011", "-").split())


def _all(phrases: dict[str, list[str]]) -> tuple[str, ...]:
    """Every language's phrases, folded, longest first (the most specific is reported)."""
    return tuple(sorted({fold(p) for words in phrases.values() for p in words}, key=lambda p: (-len(p), p)))


@dataclass(frozen=True)
class KindWords:
    """One kind as minutes name it."""

    id: str
    titles: tuple[str, ...]
    exclude: tuple[str, ...]
    exclude_text: tuple[str, ...]
    bodies: tuple[str, ...]
    precedence: int


@dataclass(frozen=True)
class Vocabulary:
    """Every kind's words and the words of every item (headings, decisions, exclusions)."""

    kinds: tuple[KindWords, ...]
    decision_headings: tuple[str, ...]
    proposal_headings: tuple[str, ...]
    other_headings: tuple[str, ...]
    decisions: tuple[tuple[str, tuple[str, ...]], ...]  # (decision, phrases) in the order tried
    accepted: tuple[str, ...]
    exclude: tuple[str, ...]
    exclude_text: tuple[str, ...]

    def headings(self) -> tuple[str, ...]:
        return self.decision_headings + self.proposal_headings + self.other_headings


def load(manifests=None) -> Vocabulary:
    """The vocabulary of ``manifests`` (default: the built-in packs and the core kinds)."""
    if manifests is None:
        manifests = [*builtin_manifests(), core_manifest()]
    kinds: dict[str, KindWords] = {}
    words = None
    for manifest in manifests:
        if manifest is None:
            continue
        if manifest.harvest is not None and words is None:
            words = manifest.harvest
        for kind in manifest.kinds:
            if kind.harvest is not None and kind.id not in kinds:
                h = kind.harvest
                kinds[kind.id] = KindWords(kind.id, _all(h.titles), _all(h.exclude), _all(h.exclude_text),
                                           tuple(h.bodies), h.precedence)
    if words is None:
        words = core_manifest().harvest
    ordered = tuple(sorted(kinds.values(), key=lambda k: -k.precedence))
    return Vocabulary(ordered, _all(words.decision_headings), _all(words.proposal_headings),
                      _all(words.other_headings),
                      tuple((d.decision, _all(d.words)) for d in words.decisions), _all(words.accepted),
                      _all(words.exclude), _all(words.exclude_text))


@functools.cache
def _gap(phrase: str) -> re.Pattern:
    """A phrase with ``*`` for up to four words between its parts: ``merkitsee * tiedoksi``."""
    parts = [re.escape(part.strip()) for part in phrase.split("*")]
    return re.compile(r"\s+(?:\S+\s+){0,4}?".join(parts))


def contains(text: str, phrase: str) -> bool:
    """Whether folded ``text`` holds ``phrase`` (a part of a word, or words with ``*`` gaps)."""
    return _gap(phrase).search(text) is not None if "*" in phrase else phrase in text
