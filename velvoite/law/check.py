"""Whether what the rules cite still stands in the law (lakimuutosvahti): each provision a rule
cites or quotes, against the consolidated act (``law.akn``) and the pack's lock (``law.lock``).

A provision is reported as
- ``changed``: a quote's fragments (between "[…]") are no longer found, in order, in its current
  text (Finnish, and Swedish where the Swedish text was given);
- ``amended``: an amendment in force touches it, newer than the version pinned, and the quotes hold;
- ``pending``: an amendment or repeal touching it comes into force after the as-of date;
- ``repealed``: the act, or the provision, is no longer in force;
- ``missing``: the act has no such section or subsection.
An amendment touches a provision when its version mark is on the provision's eId; an amendment
whose mark is nowhere in the text, by the sections its editorial note names; one with neither, the
whole act (it could not be placed: a look is safer than silence).

What is not checked, and why: a citation whose every legal basis ended before the as-of date (the
rule already dates it: 1326/2010 § 12 until 31.12.2022), and a quote of an earlier wording beside
a quote of a later one of the same provision (417/2007 § 12(1) as enacted, beside 610/2022's).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from velvoite.i18n import _, language
from velvoite.law.akn import Amendment, Consolidated, act_of_version, version_of_act
from velvoite.law.lock import Pin, act_order
from velvoite.law.quote import unfound
from velvoite.messages import citation_text, date_text

STATUTE = re.compile(r"^\d+/\d{4}$")
STATUSES = ("changed", "pending", "repealed", "missing", "amended")
ALARMS = frozenset({"changed", "pending", "repealed", "missing"})


@dataclass
class Citation:
    """One provision the rules in use cite now: who cites it, what they quote, the pins of their packs."""

    act: str
    section: str
    subsection: str | None
    rules: set[str] = field(default_factory=set)
    quotes: list = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)


@dataclass
class Change:
    """A provision that needs a look, and why."""

    act: str
    section: str
    subsection: str | None
    status: str
    rules: list[str]
    amended_by: list[str]
    in_force: dt.date | None
    detail: str

    def as_json(self) -> dict:
        return {"act": self.act, "section": self.section, "subsection": self.subsection, "status": self.status,
                "rules": self.rules, "amended_by": self.amended_by,
                "in_force": self.in_force.isoformat() if self.in_force else None, "detail": self.detail}


@dataclass
class Watch:
    """The result of one check: acts read and not, the changes, the versions read (for ``pin``)."""

    as_of: dt.date
    checked: list[str]
    not_checked: list[str]
    changes: list[Change]
    versions: dict[str, Consolidated]
    notes: list[str] = field(default_factory=list)

    @property
    def alarm(self) -> bool:
        return any(c.status in ALARMS for c in self.changes)


def section_key(label: str) -> str:
    """A section as cited ("13 a §", "13 a", "liite, osa 1") as the eId numbers it ("13a", "liite")."""
    if label.startswith("liite"):
        return "liite"
    return label.replace("§", "").replace(" ", "").strip()


def section_label(label: str) -> str:
    return "liite" if label.startswith("liite") else label.replace("§", "").strip()


def subsection_label(label: str | None) -> str | None:
    return label.replace("mom.", "").strip() if label else None


def _version_key(version: str | None) -> tuple[int, int]:
    return act_order(version) if version else (0, 0)


def citations(rules: dict, pins: dict[str, dict[str, Pin]], as_of: dt.date) -> dict[tuple, Citation]:
    """The provisions the rules cite on ``as_of``, by (act, section, subsection): quotes of the
    newest wording each quotes, citing rules, the pins of the citing packs."""
    found: dict[tuple, Citation] = {}
    for rule in rules.values():
        current: set[tuple] = set()
        for basis in rule.legal_basis:
            key = (basis.act, section_label(basis.section), subsection_label(basis.subsection))
            if STATUTE.match(basis.act) and (basis.valid_until is None or basis.valid_until >= as_of):
                current.add(key)
        bases = {(b.act, section_label(b.section), subsection_label(b.subsection)) for b in rule.legal_basis}
        keys = set(current)
        for statute in rule.statute:
            key = (statute.act, section_label(statute.section), subsection_label(statute.subsection))
            if STATUTE.match(statute.act) and (key in current or key not in bases):
                keys.add(key)
                found.setdefault(key, Citation(*key)).quotes.append(statute)
        for key in keys:
            citation = found.setdefault(key, Citation(*key))
            citation.rules.add(rule.id)
            pin = pins.get(rule.pack or "", {}).get(key[0])
            if pin is not None and pin not in citation.pins:
                citation.pins.append(pin)
    for citation in found.values():  # a quote of an earlier wording beside a later one: the later is checked
        newest = max((_version_key(q.version) for q in citation.quotes), default=None)
        citation.quotes = [q for q in citation.quotes if _version_key(q.version) == newest]
    return {k: c for k, c in found.items() if c.rules}


def cited_acts(rules: dict) -> set[str]:
    """Every act the rules cite or quote, in any period."""
    return {e.act for r in rules.values() for e in (*r.legal_basis, *r.statute) if STATUTE.match(e.act)}


def check(rules: dict, docs: dict[tuple[str, str], Consolidated], pins: dict[str, dict[str, Pin]],
          as_of: dt.date) -> Watch:
    """Each provision the rules cite, against the consolidated acts ``docs`` (by act and language)."""
    acts = cited_acts(rules)
    checked = sorted((a for a in acts if (a, "fi") in docs), key=act_order)
    watch = Watch(as_of, checked, sorted(acts - set(checked), key=act_order), [], {a: docs[(a, "fi")] for a in checked})
    for act in checked:
        if (act, "sv") not in docs:
            watch.notes.append(_("{act}: no Swedish text given; its Swedish quotes were not checked").format(act=act))
    for key, citation in citations(rules, pins, as_of).items():
        doc = docs.get((citation.act, "fi"))
        if doc is not None:
            change = provision_change(citation, doc, docs.get((citation.act, "sv")), as_of, watch.notes)
            if change is not None:
                watch.changes.append(change)
    watch.changes.sort(key=lambda c: (act_order(c.act), _natural(c.section), _natural(c.subsection or "")))
    return watch


def _natural(label: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|\D+", label))


def _acts(amendments: list[Amendment]) -> list[str]:
    return sorted({a.act for a in amendments}, key=act_order)


def _latest(amendments: list[Amendment]) -> dt.date | None:
    return max((a.in_force for a in amendments if a.in_force), default=None)


def provision_change(citation: Citation, doc: Consolidated, sv: Consolidated | None, as_of: dt.date,
                     notes: list[str]) -> Change | None:
    """What needs a look in one cited provision, or None when all holds (``notes``: what could not
    be checked, said)."""
    def change(status: str, amendments: list[Amendment], detail: str, day: dt.date | None = None) -> Change:
        return Change(citation.act, citation.section, citation.subsection, status, sorted(citation.rules),
                      _acts(amendments), day or _latest(amendments), detail)

    lang = language()
    if doc.in_force is False:
        ends = [a for a in doc.repealed_by if a.in_force and a.in_force > as_of]
        if ends or (doc.in_force_end and doc.in_force_end >= as_of):
            day = _latest(ends) or doc.in_force_end
            return change("pending", ends, _("the act is repealed from {day}").format(day=date_text(day, lang)), day)
        return change("repealed", doc.repealed_by, _("the act is no longer in force") + (
            " " + _("(in force until {day})").format(day=date_text(doc.in_force_end, lang)) if doc.in_force_end else ""))
    key = section_key(citation.section)
    if key == "liite":
        if doc.annex is None:
            return change("missing", [], _("the act has no annex"))
        not_found = _not_found(citation, doc.annex, _swedish(citation, doc, sv, notes))
        return change("changed", [], not_found) if not_found else None
    section = doc.sections.get(key)
    if section is None or not (section.provision.eid or section.subsections):
        return change("missing", [], _("the act has no section {section}").format(section=citation.section))
    provision = section.provision
    if citation.subsection is not None and not (provision.repealed and not section.subsections):
        provision = section.subsections.get(citation.subsection)
        if provision is None:
            return change("missing", [], _("section {section} has no subsection {subsection}").format(
                section=citation.section, subsection=citation.subsection))
    marks = set(provision.marks) | set(section.provision.marks)
    in_text = doc.marked()

    def touches(amendment: Amendment) -> bool:
        version = version_of_act(amendment.act)
        if version in in_text:
            return version in marks
        if amendment.sections is not None:
            return key in amendment.sections
        return True

    touching = [a for a in doc.amendments if touches(a)]
    known = {version_of_act(a.act) for a in doc.amendments}
    touching += [Amendment(act_of_version(m), None, None) for m in sorted(marks - known)]
    # the wording stands as the amendments marked on it gave it: they, when there are marks, changed it
    worded = [a for a in touching if version_of_act(a.act) in marks] or touching
    pending = [a for a in touching if a.in_force and a.in_force > as_of]
    if provision.repealed:
        if pending:
            return change("pending", pending, _("the provision is repealed from {day}").format(
                day=date_text(_latest(pending), lang)))
        return change("repealed", worded, _("the provision is repealed"))
    not_found = _not_found(citation, provision.text, _swedish(citation, doc, sv, notes))
    if pending:
        detail = _("an amendment comes into force on {day}").format(day=date_text(_latest(pending), lang))
        return change("pending", pending, detail + (f"; {not_found}" if not_found else ""))
    if not_found:
        return change("changed", worded, not_found)
    pinned = min((p.version for p in citation.pins), default=None)
    newer = [a for a in touching if pinned is None or version_of_act(a.act) > pinned]
    if newer and pinned is None:
        return change("amended", newer, _("amended; the pack pins no version of this act (velvoite law pin); the "
                                          "quoted words still stand"))
    if newer:
        return change("amended", newer, _("amended after the version pinned ({version}); the quoted words still "
                                          "stand").format(version=pinned))
    return None


def _not_found(citation: Citation, text: str, sv_text: str | None) -> str:
    """The quoted fragments not found in order in the Finnish ``text`` and the Swedish ``sv_text``
    (None: no Swedish text given), said for people; "" when every quote holds."""
    missing = [("fi", f) for q in citation.quotes for f in unfound(q.text, text)]
    if sv_text is not None:
        missing += [("sv", f) for q in citation.quotes if q.text_sv for f in unfound(q.text_sv, sv_text)]
    return "; ".join(_("not in the {language} text: \"{words}\"").format(
        language=_("Finnish") if where == "fi" else _("Swedish"), words=words) for where, words in missing)


def _swedish(citation: Citation, doc: Consolidated, sv: Consolidated | None, notes: list[str]) -> str | None:
    """The Swedish words of the provision; the whole section when the Swedish text divides it into
    subsections otherwise (the Swedish acts sometimes do); None without a Swedish text, or (said in
    ``notes``) when the Swedish text lacks the provision the Finnish one has."""
    if sv is None:
        return None
    key = section_key(citation.section)
    section, fi_section = sv.sections.get(key), doc.sections.get(key)
    if key == "liite":
        text = sv.annex
    elif section is None:
        text = None
    elif citation.subsection is None or (fi_section and len(fi_section.subsections) != len(section.subsections)):
        text = section.provision.text
    else:
        provision = section.subsections.get(citation.subsection)
        text = provision.text if provision is not None else None
    if text is None:
        notes.append(_("the Swedish text has no {provision}: its Swedish quote was not checked").format(
            provision=citation_text(citation.act, citation.section, citation.subsection, language())))
    return text
