"""The words that read minutes (issue 30), declared by the packs as data: a kind's ``harvest:``
block (the title phrases in Finnish and Swedish that name it, the phrases that say an item is not
it, the bodies that decide it) and ``records/core.yaml``'s ``harvest:`` block (the headings of a
minutes item, the phrases of each decision, the phrases that exclude an item from every kind).

Phrases are matched case-insensitively as parts of words, so a stem (``hyvinvointikertomu``)
finds every inflection (``hyvinvointikertomuksen``) and compound.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from velvoite.errors import did_you_mean
from velvoite.i18n import _

HARVEST_LANGS = ("fi", "sv", "en")
TIERS = ("council", "board", "committee", "officer", "other")
DECISIONS = ("approved", "noted", "tabled", "returned", "proposed", "statement", "other")

Phrases = dict[Literal[HARVEST_LANGS], list[str]]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _phrases(value: dict[str, list[str]]) -> dict[str, list[str]]:
    for lang, words in value.items():
        for i, word in enumerate(words):
            if len(word.strip()) < 3:
                raise ValueError(f"{lang}.{i}: " + _("{word!r} is too short to match: a phrase has at least three "
                                                     "letters").format(word=word))
    return value


class KindHarvest(_Strict):
    """How a kind is recognised in minutes: its title phrases, its exclusions, who decides it."""

    titles: Phrases = Field(description="phrases of an item's title that name this kind, per language")
    exclude: Phrases = Field(default_factory=dict, description="phrases of a title that say it is not this kind")
    exclude_text: Phrases = Field(default_factory=dict, description="phrases of the item's text that say it is not "
                                                                    "this kind")
    bodies: list[str] = Field(description="the bodies that handle it (council, board, committee, officer, other)")
    precedence: int = Field(0, description="when titles of several kinds match, the highest precedence wins")

    _check = field_validator("titles", "exclude", "exclude_text")(classmethod(lambda cls, v: _phrases(v)))

    @field_validator("bodies")
    @classmethod
    def _tiers(cls, value: list[str]) -> list[str]:
        for tier in value:
            if tier not in TIERS:
                raise ValueError(_("{value!r} is not a body (choose {choices})").format(
                    value=tier, choices=", ".join(TIERS)) + did_you_mean(tier, TIERS))
        return value

    @field_validator("titles")
    @classmethod
    def _some(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not any(value.values()):
            raise ValueError(_("at least one title phrase is needed"))
        return value


class DecisionWords(_Strict):
    """The phrases of a decision text (or of the proposal it accepts) that mean one decision."""

    decision: str
    words: Phrases

    @field_validator("decision")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in DECISIONS:
            raise ValueError(_("{value!r} is not a decision (choose {choices})").format(
                value=value, choices=", ".join(DECISIONS)) + did_you_mean(value, DECISIONS))
        return value

    _check = field_validator("words")(classmethod(lambda cls, v: _phrases(v)))


class HarvestWords(_Strict):
    """What every minutes item is read with, whatever its kind (``records/core.yaml``)."""

    decision_headings: Phrases = Field(description="the heading of the decision (Päätös, Beslut)")
    proposal_headings: Phrases = Field(description="the heading of the proposal (Päätösehdotus, Beslutsförslag)")
    other_headings: Phrases = Field(default_factory=dict, description="headings that end the decision or proposal "
                                                                       "(Käsittely, Perustelut, Behandling)")
    decisions: list[DecisionWords] = Field(description="decisions in the order they are tried: the first whose "
                                                       "phrase is in the decision text is this handling's")
    accepted: Phrases = Field(description="phrases of a decision that accepts the proposal as it is (ehdotuksen "
                                          "mukaan): the proposal's own phrases then say what was decided")
    exclude: Phrases = Field(default_factory=dict, description="title phrases that are no kind's evidence "
                                                                "(lausunto, lakiluonnos, työhyvinvointi)")
    exclude_text: Phrases = Field(default_factory=dict, description="text phrases that are no kind's evidence "
                                                                     "(the personnel co-operation act)")

    _check = field_validator("decision_headings", "proposal_headings", "other_headings", "accepted", "exclude",
                             "exclude_text")(classmethod(lambda cls, v: _phrases(v)))
