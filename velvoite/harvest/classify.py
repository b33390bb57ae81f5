"""Reading an item for meaning: its kind (by the title phrases of the packs, unless an exclusion
phrase says it is a statement, a personnel matter, a budget...), the decision of this handling,
the body's tier, the score and the reasons a reviewer reads."""

from __future__ import annotations

from velvoite.harvest.item import Item
from velvoite.harvest.proposal import Proposal
from velvoite.harvest.reading import tier_of
from velvoite.harvest.vocabulary import Vocabulary, contains, fold
from velvoite.i18n import _, language, tr
from velvoite.words.values import DECISION_WORDS, body_word, kind_word


def _kind(kind_id: str) -> str:
    """A kind as a reviewer reads it: its name, its id beside it to quote."""
    return f"{kind_word(kind_id, language())} ({kind_id})"


def _tier(tier: str | None) -> str:
    return body_word(tier, language()) if tier else "-"


def _decision(decision: str) -> str:
    return tr(language(), DECISION_WORDS[decision]) if decision in DECISION_WORDS else decision


def _found(text: str, phrases: tuple[str, ...]) -> str | None:
    return next((p for p in phrases if contains(text, p)), None)


def decision_of(item: Item, vocab: Vocabulary, tier: str | None = None) -> tuple[str | None, str | None]:
    """(decision, the phrase that says it) of this handling; None when the item shows none. A
    council accepting a proposal that was the board's to it ("esittää valtuustolle") approves it."""
    text = fold(item.decision_text)
    if not text:
        return None, None
    for decision, phrases in vocab.decisions:
        phrase = _found(text, phrases)
        if phrase and decision not in ("approved", "other"):  # "other" (hylkäsi) only where nothing else is said
            return decision, phrase
    accepted = _found(text, vocab.accepted)
    if accepted and item.proposal_text:
        proposal = fold(item.proposal_text)
        for decision, phrases in vocab.decisions:
            phrase = _found(proposal, phrases)
            if phrase and decision not in ("tabled", "returned", "other") \
                    and not (decision == "proposed" and tier == "council"):
                return decision, phrase
    for decision, phrases in vocab.decisions:
        phrase = _found(text, phrases)
        if phrase:
            return decision, phrase
    if accepted:
        return "approved", accepted
    return "other", None


def kind_of(item: Item, tier: str | None, vocab: Vocabulary, reasons: list[str]) -> str | None:
    """The kind the item is evidence of, or None; each step says why in ``reasons``."""
    title = fold(item.title or "")
    if not title:
        reasons.append(_("no title found: no kind proposed"))
        return None
    matches = [(k, p) for k in vocab.kinds if (p := _found(title, k.titles))]
    if not matches:
        reasons.append(_("the title names no kind of record"))
        return None
    kind, phrase = matches[0]  # the kinds are in order of precedence
    excluded = _found(title, vocab.exclude + kind.exclude)
    if excluded:
        reasons.append(_("the title says {phrase!r}: not evidence of {kind} (it would be {found!r})").format(
            phrase=excluded, kind=_kind(kind.id), found=phrase))
        return None
    excluded = _found(fold(item.text), vocab.exclude_text + kind.exclude_text)
    if excluded:
        reasons.append(_("the text says {phrase!r}: not evidence of {kind}").format(
            phrase=excluded, kind=_kind(kind.id)))
        return None
    if tier is not None and tier not in kind.bodies:
        reasons.append(_("a {tier} does not handle {kind} (the pack names {bodies})").format(
            tier=_tier(tier), kind=_kind(kind.id), bodies=", ".join(map(_tier, kind.bodies))))
        return None
    reasons.append(_("the title says {phrase!r}: {kind}").format(phrase=phrase, kind=_kind(kind.id)))
    return kind.id


def proposal_of(item: Item, source: str, sha256: str, vocab: Vocabulary) -> Proposal:
    """The proposal an item makes; ``org`` is resolved by the caller."""
    reasons: list[str] = []
    tier = tier_of(item.body)
    decision, phrase = decision_of(item, vocab, tier)
    kind = kind_of(item, tier, vocab, reasons)
    if kind and decision == "statement":
        reasons.append(_("the decision gives a statement: not evidence"))
        kind = None
    if decision and phrase:
        reasons.append(_("the decision says {phrase!r}: {decision}").format(phrase=phrase, decision=_decision(decision)))
    elif decision == "other":
        reasons.append(_("the decision says none of the decision phrases: other"))
    else:
        reasons.append(_("no decision text found (an agenda, or the decision is not on the page)"))
    if item.body:
        reasons.append(_("body {body!r}: {tier}").format(body=item.body, tier=_tier(tier)))
    if item.date is None:
        reasons.append(_("the meeting's date was not found"))
    if item.section is None:
        reasons.append(_("the item's § was not found"))
    score = 0.0
    if kind:
        score = 0.5 + 0.15 * (item.date is not None) + 0.1 * (item.section is not None) \
            + 0.15 * (decision in ("approved", "noted", "proposed")) + 0.1 * (tier is not None)
    reference = None
    if item.body and item.date:
        reference = f"{item.body} {item.date.day}.{item.date.month}.{item.date.year}" + (
            f" § {item.section}" if item.section else "")
    snippet = (item.decision_text or item.proposal_text or "")[:300] or None
    return Proposal(source=source, sha256=sha256, url=item.url, org_name=item.org_name, kind=kind, date=item.date,
                    body=item.body, body_tier=tier, section=item.section, title=item.title, decision=decision,
                    reference=reference, case_number=item.case_number, snippet=snippet, score=score,
                    reasons=reasons)
