"""Which rules the columnar path takes, and the run's facts and matches when it does.

Columnar: every rule of a period kind known from the rule alone (years, terms, standing), with its
requirement tests ({county} too), spans (``in_effect``), ``also_counts_as`` and counting fields,
``covers_members``, standing and confirmations, and the organiser check. To the object path in the
same run: the rules whose periods depend on the records (``rolling``: an instance starts from the
latest approval of the one before, found by the object path's join while the obligations are made).
"""

from __future__ import annotations

import datetime as dt

from velvoite.engine import match_python
from velvoite.engine.facts import all_facts
from velvoite.periods.kinds import from_records
from velvoite.gcpause import paused


def routed(rules: dict) -> tuple[dict, dict]:
    """The rules the columnar path takes, and those left to the object path."""
    frame = {k: r for k, r in rules.items() if not from_records(r)}
    return frame, {k: r for k, r in rules.items() if k not in frame}


def run(records, registry, rules: dict, wanted: set[str], as_of: dt.date, make_obligations):
    """(obligations, matches, unconfirmed by (organisation, kind)) of a run on the columnar path;
    ``make_obligations(qualifying_index)`` expands the obligations (``engine.audit``)."""
    from velvoite.columnar.facts import Kinds
    from velvoite.columnar.match import matches

    frame_rules, object_rules = routed(rules)
    kinds_of = Kinds(records)
    facts: list = []
    if object_rules:  # only the records of their kinds become objects
        kinds = {k for r in object_rules.values() for k in r.evidence.kinds}
        some = [records[i] for i in sorted(i for ks, at in kinds_of.groups.items() if not kinds.isdisjoint(ks)
                                           for i in at)]
        with paused():
            facts = all_facts(some, registry, object_rules.values(), wanted)
    index = match_python.Index(facts)
    obligations = make_obligations(index)
    by_object = [ob for ob in obligations if ob.rule.id in object_rules]
    found = match_python.match(by_object, facts, as_of, index) if by_object else {}
    facts = index = None  # noqa: F841
    by_frame = [ob for ob in obligations if ob.rule.id not in object_rules]
    with paused():
        more, unconfirmed = matches(records, registry, list(frame_rules.values()), by_frame, wanted, as_of,
                                      kinds_of)
    found.update(more)
    return obligations, found, unconfirmed
