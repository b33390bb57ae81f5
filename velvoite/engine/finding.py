"""Findings (havainnot): the status of one obligation as of a date, with the legal reason.

Precedence: ``met`` over ``partial`` over ``missing``/``due``. A duty met only after its deadline
(but within its period) is ``met`` with ``late`` set: "met late". Non-compliance is a value here,
never an exception; ``missing`` means "no evidence recorded", not "proved breached".
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from velvoite.engine.missing import missing_list
from velvoite.engine.obligation import Obligation
from velvoite.messages import citation_text, date_text, evidence_text, number_text, period_text
from velvoite.engine.standing import Loose, stands_for, unconfirmed_for
from velvoite.words.findings import INDICATOR, explain_for, unconfirmed as unconfirmed_words
from velvoite.records import Record
from velvoite.records.identity import Identities
from velvoite.registry import Registry

Status = Literal["met", "partial", "missing", "due", "upcoming", "waived", "not_evidenced"]
STATUSES: tuple[str, ...] = ("met", "partial", "missing", "due", "upcoming", "waived")  # of duties
# Advice and incentives are never "missing": what the records show is met, the rest not evidenced.
ADVISORY_STATUSES: tuple[str, ...] = ("met", "not_evidenced")


class Citation(BaseModel):
    """A provision cited by a finding: act, section, subsection and Finlex link."""

    model_config = ConfigDict(frozen=True)
    act: str
    section: str
    subsection: str | None
    url: str

    def text(self, lang: str = "en") -> str:
        return citation_text(self.act, self.section, self.subsection, lang)


class Finding(BaseModel):
    """One obligation instance evaluated as of a date (the JSON output contract)."""

    model_config = ConfigDict(frozen=True)
    rule: str
    org: str
    org_name: str
    period: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    recommended_by: dt.date | None
    status: Status
    severity: Literal["duty", "advice", "incentive"] = "duty"
    late: bool = False
    evidence: list[str]
    missing: list[str]
    explanation: str
    legal_basis: list[Citation]
    unconfirmed: list[str] = Field(default_factory=list, description=(
        "records that list the organisation as a participant but do not count for it: organised by "
        "someone who is not the other side of the duty, and not confirmed by it (schema 1.1)"))
    evidence_keys: list[str] = Field(default_factory=list, description=(
        "for each record of evidence, in its order: what the record is when audits are compared: its own id, "
        "or for a record without one (named FILE#ROW) 'content/' and a hash of what it says, so that adding, "
        "moving or re-filing records changes no other finding's evidence (schema 1.2)"))


def count_statuses(findings) -> dict[str, int]:
    """How many findings of duties have each status, every status present (in ``STATUSES`` order);
    advice and incentives are counted apart (``duties``)."""
    counts = dict.fromkeys(STATUSES, 0)
    for f in duties(findings):
        counts[f.status] += 1
    return counts


# --fail-on: each level and the statuses that fail it (due includes partial and missing, partial
# includes missing). "late" fails on a deadline passed without evidence by it: a duty met late, or
# one still missing.
FAIL_ON = {"due": ("due", "partial", "missing"), "partial": ("partial", "missing"), "missing": ("missing",),
           "late": ("missing",)}


def fails(findings, level: str | None) -> bool:
    """Whether any finding of a duty is at least as bad as ``level`` (``--fail-on``); advice and
    incentives never fail a run."""
    bad = FAIL_ON.get(level or "", ())
    return any(f.status in bad or (level == "late" and f.late) for f in duties(findings))


def duties(findings) -> list:
    """The findings of the law; advice and incentives are never in a compliance figure or --fail-on."""
    return [f for f in findings if f.severity == "duty"]


def citations(ob: Obligation, as_of: dt.date, lang: str = "en", cited: dict | None = None) -> list[Citation]:
    """The bases in force at the deadline (for a standing duty: on the as-of date), linked in ``lang``.
    The same few lists serve a national audit's findings: built once per rule, day, tags and
    language in the audit's ``cited`` (made and dropped with the audit: no run shares another's)."""
    day = as_of if ob.standing else ob.deadline
    key = (ob.rule.id, day, ob.period.start, ob.org.tags, lang)
    found = None if cited is None else cited.get(key)
    if found is None:
        bases = ob.rule.bases_at(day, ob.org.tags) or ob.rule.bases_at(ob.period.start, ob.org.tags)
        found = [Citation(act=b.act, section=b.section, subsection=b.subsection, url=b.link(lang)) for b in bases]
        if cited is not None:
            cited[key] = found
    return list(found)


def required_parties(ob: Obligation, registry: Registry) -> list[str]:
    """Who the obligation's evidence must cover together: the county's members, or a fixed list."""
    cover = ob.applies.cover
    items = [] if cover is None else [cover] if isinstance(cover, str) else cover
    out: list[str] = []
    for item in items:  # "members": the county's municipalities in the period; anything else an org id
        out += registry.members(ob.org.id, ob.period.start, ob.period.end) if item == "members" else [item]
    return out


class Memo(dict):
    """What many findings of one audit share, each worked out once (made and dropped with the audit:
    no run shares another's; it lives no longer than the rules and organisations it names). The
    citations by rule, day, period start, tags and language are the dict itself (``citations``);
    ``required``: each applicability's requirements in force at a deadline (its id: the rules outlive
    the memo); ``words``: the period and day words of a finding's explanation; ``sentences``: the
    explanations without their records (``explain_for``); ``missing``: what is missing in words."""

    __slots__ = ("required", "words", "sentences", "missing")

    def __init__(self):
        super().__init__()
        self.required, self.words, self.sentences, self.missing = {}, {}, {}, {}


def _required(ob: Obligation, memo: Memo | None) -> tuple[list[str], set[str]]:
    """``ob.required`` and the same as a set, from the audit's ``memo`` when it has them."""
    if memo is None:
        listed = ob.required
        return listed, set(listed)
    key = (id(ob.applies), ob.deadline)
    found = memo.required.get(key)
    if found is None:
        listed = ob.required
        found = memo.required[key] = (listed, frozenset(listed))
    return found


def status_of(ob: Obligation, matched: dict[str, frozenset[str]], records: dict[str, Record], registry: Registry,
              as_of: dt.date, lang: str = "en", waiver=None,
              memo: Memo | None = None) -> tuple[str, str, list[str], list[str], bool]:
    """(status, the key of its explanation, what is missing, the evidence, met late) of one obligation:
    what ``classify`` says of it, without the words (``report --trend`` counts statuses at many dates).
    ``memo``: the audit's ``Memo`` (the requirements in force are worked out once per deadline)."""
    full: list[str] = []
    if matched:  # (without evidence, what is required is not asked: a fifth of a national audit's findings)
        listed, required = _required(ob, memo)
        full = [rec for rec, passed in matched.items() if required <= passed] if required else list(matched)
        full.sort()
    missing: list[str] = []
    evidence: list[str] = []
    late = False
    if full:
        needed = required_parties(ob, registry)
        missing = _uncovered(needed, full, ob.applies.cover_field, records, registry) if needed else []
        evidence = full
        status, key = ("partial", "partial_cover") if missing else ("met", "met")
        # Met late: nothing by the deadline, but within the period (a standing duty has no period to be late in).
        # (One record by the deadline is enough to tell most met duties were not met late: the first, alone.)
        deadline = ob.deadline
        if status == "met" and records[full[0]].date > deadline and not ob.standing and all(
                records[r].date > deadline for r in full):
            late, key = True, "met_late"
    elif matched:
        evidence = sorted(matched)
        # the record that shows most, the latest of those, the last by id (the ids are distinct);
        # how much each set of requirements met shows, once per set (a few sets, shared by the records)
        shows = {passed: len(passed & required) for passed in set(matched.values())}
        most = max(shows.values())
        shown = matched[max([(records[r].date, r) for r, passed in matched.items() if shows[passed] == most])[1]]
        missing = [ob.rule.requirement(req).missing.get(lang) for req in listed if req not in shown]
        status, key = "partial", "partial"
    elif as_of > ob.deadline:
        status = key = "missing"
        missing = list(ob.rule.evidence.kinds)
    elif as_of >= ob.period.start:
        status = key = "due"
        missing = list(ob.rule.evidence.kinds)
    else:
        status = key = "upcoming"
    if ob.rule.severity != "duty" and status not in ("met", "waived"):
        status, key = "not_evidenced", ("not_evidenced_incentive" if ob.rule.severity == "incentive" else "not_evidenced")
    if waiver is not None and status != "met" and waiver.holds(as_of):
        status = key = "waived"
        missing = []
    return status, key, missing, evidence, late


def _uncovered(needed: list[str], full: list[str], field: str, records: dict[str, Record],
               registry: Registry) -> list[str]:
    """The parties of ``needed`` that no record of ``full`` covers: lists them in its field and
    stands for them (``standing.stands_for``); the records are read until every party is covered."""
    wanted, covered = set(needed), set()
    for rec in full:
        record = records[rec]
        for p in record.get(field):
            if p in wanted and p not in covered and stands_for(record, p, registry):
                covered.add(p)
        if len(covered) == len(wanted):
            return []
    return [p for p in needed if p not in covered]


def classify(ob: Obligation, matched: dict[str, frozenset[str]], records: dict[str, Record],
             registry: Registry, as_of: dt.date, lang: str = "en", waiver=None, unconfirmed=(),
             keys: dict[str, str] | None = None, cited: Memo | None = None) -> Finding:
    """The finding of one obligation from the evidence a matcher paired with it.

    A waiver turns any status but ``met`` into ``waived``. ``unconfirmed``: the records that list
    the organisation but do not stand for it (``standing.unconfirmed_for``), named in a finding
    that is not met or waived; or the run's ``standing.Loose``, asked only for such a finding. A
    record covers only the parties it stands for. ``keys``: each record's identity across audits
    (``records.identity.Identities``), shared by the findings of a run; ``cited``: the audit's
    ``Memo`` (citations and words; None: nothing shared).
    """
    memo = cited if cited is not None else Memo()
    status, key, missing, evidence, late = status_of(ob, matched, records, registry, as_of, lang, waiver, memo)
    standing = ob.standing
    period = ob.period
    at = (period.label, ob.deadline, period.start, as_of, lang)
    words = memo.words.get(at)
    if words is None:
        words = memo.words[at] = {"period": period_text(period.label, lang), "day": date_text(as_of, lang),
                                  "deadline": date_text(ob.deadline, lang), "start": date_text(period.start, lang)}
    if key == "waived":
        words = {**words, "reason": waiver.reason, "reference": waiver.reference}
    said = (key, standing, lang, len(evidence))
    sentence = memo.sentences.get(said)
    if sentence is None:
        sentence = memo.sentences[said] = explain_for(key, standing, lang, len(evidence))
    # ``missing`` keeps ids for tools; the explanation names organisations and kinds for people.
    if missing:
        lacking = (tuple(missing), lang)
        shown = memo.missing.get(lacking)
        if shown is None:
            shown = memo.missing[lacking] = missing_list(missing, lang, registry.orgs)
    else:
        shown = ""
    explanation = sentence.format(evidence=evidence_text(evidence), missing=shown, **words)
    if status in ("met", "waived"):
        named = []
    else:
        if isinstance(unconfirmed, Loose):
            unconfirmed = unconfirmed_for(ob, unconfirmed, as_of)
        named = [u.rec for u in unconfirmed]
        for u in unconfirmed:
            explanation += " " + unconfirmed_words(lang).format(
                id=u.rec, organiser=registry.orgs[u.organiser].name(lang), party=ob.org.name(lang))
    indicator = ob.rule.indicator
    if indicator is not None:
        points = indicator.points if status == "met" else 0
        explanation += " " + INDICATOR[lang].format(number=indicator.number, points=points,
                                                    weight=number_text(indicator.weight, lang))
    return _finding(rule=ob.rule.id, org=ob.org.id, org_name=ob.org.name(lang), period=period.label,
                    start=period.start, end=period.end, deadline=ob.deadline,
                    recommended_by=ob.recommended, status=status, severity=ob.rule.severity, late=late,
                    evidence=evidence, missing=missing, explanation=explanation,
                    legal_basis=citations(ob, as_of, lang, memo), unconfirmed=named,
                    evidence_keys=(keys if keys is not None else Identities(records)).of(evidence))


_FIELDS = set(Finding.model_fields)
_set = object.__setattr__


def _finding(**values) -> Finding:
    """The ``Finding`` of the values ``classify`` made, every field given in the model's order and
    of its type by construction (new lists, dates, a status of ``Status``): set as
    ``Finding.model_construct`` sets them, without validating them again nor its walk of the fields
    (a national audit's findings: 6 us each validated, 7 so constructed, 1 here)."""
    if len(values) != len(_FIELDS):  # a field added to the contract but not to ``classify``: its default, validated
        return Finding(**values)
    made = Finding.__new__(Finding)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", _FIELDS.copy())
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made
