"""The audit: expand obligations, build facts, match on the chosen engine, classify, sort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from velvoite import columnar
from velvoite.columnar import route as columnar_route
from velvoite.engine import match_durable, match_python
from velvoite.engine.facts import all_facts
from velvoite.engine.finding import Finding, Memo, classify, count_statuses
from velvoite.engine.obligation import expand
from velvoite.engine.standing import Loose
from velvoite.errors import VelvoiteError
from velvoite.gcpause import paused
from velvoite.progress import SILENT, Progress
from velvoite.records import Record
from velvoite.records.identity import Identities
from velvoite.registry import Organisation, Registry
from velvoite.rules.schema import Rule
from velvoite.i18n import _
from velvoite.contract import header
from velvoite.engine_choice import ENGINES, default_engine  # noqa: F401 (ENGINES: velvoite.engine's, re-exported)


def matcher(engine: str):
    if engine == "durable":
        reason = match_durable.load_error()
        if reason:  # installed, but its C extension does not load (Python 3.13: a symbol 3.13 removed)
            raise VelvoiteError(_("durable-rules could not be loaded: {reason}; use --engine python").format(
                reason=reason))
        if reason is not None:
            raise VelvoiteError(_("the durable engine needs durable-rules: pip install 'velvoite[durable]' "
                                  "(it compiles a C extension), or use --engine python"))
        match_durable.WORKER.warm()  # its start-up overlaps the facts and obligations being made
        return match_durable.match
    if engine == "python":
        return match_python.match
    raise VelvoiteError(_("unknown engine {engine!r}: choose durable or python").format(engine=engine))


@dataclass
class Audit:
    """The findings of one run and what they were computed from."""

    as_of: dt.date
    start: dt.date
    engine: str
    findings: list[Finding] = field(default_factory=list)
    # organisations in scope that no rule in use binds: (id, name, why, where the registry says)
    without: list[tuple[str, str, str | None]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return count_statuses(self.findings)

    def to_json_dict(self) -> dict:
        """The JSON output contract as a mapping of live values (dates, findings); the ``json``
        renderer serialises exactly this."""
        return {**header(), "as_of": self.as_of, "from": self.start, "engine": self.engine, "findings": self.findings,
                "summary": self.summary()}


def _qualifying(index: match_python.Index, by_id: dict[str, Record], as_of: dt.date):
    """For rolling duties: the date of the latest evidence that meets every requirement of an
    instance (its approval), found with the Python matcher's join whatever engine matches the rest
    (the instances must exist before any matcher sees them). The index is built on first use."""

    def latest(ob) -> dt.date | None:
        required = set(ob.required)
        dates = [by_id[r].date for r, passed in match_python.match_one(ob, index.get(), as_of).items()
                 if required <= passed]
        return max(dates, default=None)

    return latest


class Grounds:
    """What an audit computes from the records before any as-of date, kept to audit the same records
    as of several dates (``report --trend``): the facts (one per party and kind; none depends on the
    as-of date), the parties without standing, the records by id and their identities, and the
    Python matcher's evidence index (built on first use). The as-of date enters only with the
    obligations and the match (``obligation_fact``'s ``asof``, ``Bucket.within``)."""

    def __init__(self, records: list[Record], registry: Registry, rules: dict[str, Rule], orgs: list[Organisation]):
        foreign: list = []  # parties records list without standing for them (engine.standing)
        with paused():
            self.facts = all_facts(records, registry, rules.values(), {o.id for o in orgs}, foreign)
        self.unconfirmed: dict = {}
        for u in foreign:
            self.unconfirmed.setdefault((u.org, u.kind), []).append(u)
        self.by_id = {r.id: r for r in records}
        self.index = match_python.Index(self.facts)  # built once, if a rolling duty or the Python matcher needs it
        self.keys = Identities(self.by_id)


def run_audit(records: list[Record], registry: Registry, rules: dict[str, Rule],
              orgs: list[Organisation], as_of: dt.date, start: dt.date,
              until: dt.date | None = None, engine: str = "python", lang: str = "en",
              waivers: dict | None = None, progress: Progress = SILENT, grounds: Grounds | None = None,
              use_columnar: bool | None = None) -> Audit:
    """Every obligation of ``orgs`` whose period overlaps [start, until or as_of], as of ``as_of``.

    Records dated after ``as_of`` are ignored (the matchers compare dates with it). ``engine``
    may be ``auto``: the engine measured faster (``default_engine``); the audit says which ran.
    ``use_columnar``: take the columnar path (``velvoite.columnar``) or not; None: by the run's size.
    ``grounds``: ``Grounds`` of the same records, rules and organisations, kept from an earlier
    as-of date (else made here, and freed before the findings are made: a third of a national
    run's memory). ``progress`` hears the obligations matched and classified.
    """
    if engine == "auto":
        engine = default_engine()
    if start > as_of and until is None:
        raise VelvoiteError(_("--from {start} is after --as-of {as_of}").format(start=start, as_of=as_of))
    match = matcher(engine)
    wanted = {o.id for o in orgs}
    end = until or as_of
    if grounds is None and (columnar.chosen(len(records), engine, len(wanted) / max(1, len(registry.orgs)))
                              if use_columnar is None else use_columnar):
        # facts as a frame, matching as a join (velvoite.columnar): the same matches as below
        by_id = {r.id: r for r in records}
        obligations, matches, unconfirmed = columnar_route.run(
            records, registry, rules, wanted, as_of,
            lambda index: expand(rules, registry, orgs, start, end, as_of, _qualifying(index, by_id, as_of)))
        keys, matched = Identities(by_id), None
    else:
        made = grounds or Grounds(records, registry, rules, orgs)
        by_id, unconfirmed, keys = made.by_id, made.unconfirmed, made.keys
        obligations = expand(rules, registry, orgs, start, end, as_of, _qualifying(made.index, by_id, as_of))
        matches, matched = None, made
    total = len(obligations)
    with progress.task(_("Auditing {n:,} obligations").format(n=total), total) as step:
        if matches is None:
            # matching is the first half of the bar, classifying the second (either matcher reports)
            matches = match(obligations, matched.facts, as_of, matched.index, lambda i: step(i // 2))
            if grounds is None:
                matched.facts = matched.index = None  # freed before the findings are made: a third of a national run's memory
        matched = None
        waivers = waivers or {}
        findings, memo, loose = [], Memo(), Loose(unconfirmed)  # (asked only for a finding neither met nor waived)
        for i, ob in enumerate(obligations):
            if not i & 255:
                step((total + i) // 2)
            findings.append(classify(ob, matches.get(ob.id, {}), by_id, registry, as_of, lang,
                                     waivers.get((ob.rule.id, ob.org.id, ob.period.label)), loose, keys, memo))
    findings.sort(key=lambda f: (f.org, f.rule, f.start))
    bound = {f.org for f in findings}
    without = [(o.id, o.name(lang), registry.why_no_duties(o, lang)) for o in sorted(orgs, key=lambda o: o.id)
               if o.id not in bound]
    return Audit(as_of=as_of, start=start, engine=engine, findings=findings, without=without)
