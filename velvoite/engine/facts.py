"""Evidence facts: each record seen from each organisation that took part in it.

A record becomes one fact per party (organiser and participants). A county's negotiation whose
participant list was not recorded also becomes a fact for each of its member municipalities,
marked ``listed = 0``: it shows the negotiation was held, not who came (DOMAIN § 3). Flags are
0/1 integers and dates are day ordinals, the form both matchers compare.
"""

from __future__ import annotations

from velvoite.records import Record
from velvoite.registry import HUS, LATEST, Registry

NEGOTIATIONS = ("hyte_negotiation", "cooperation_negotiation")


def record_facts(record: Record, registry: Registry) -> list[dict]:
    """The facts of one record, one per organisation it counts for."""
    parties = record.parties
    party_set = set(parties)
    delivered = set(record.delivered_to)
    if record.kind == "responsible_party_designation":  # in effect from valid_from to valid_until
        lo, hi = record.in_effect_from.toordinal(), (record.valid_until or LATEST).toordinal()
    else:
        lo = hi = record.date.toordinal()
    base = {
        "t": "f", "rec": record.id, "kind": record.kind, "day": record.date.toordinal(), "lo": lo, "hi": hi,
        "body": record.body or "", "hyte_goals": int(record.hyte_goals is True),
        "published": int(bool(record.published_url)), "delivered_hus": int(HUS in delivered),
        "listed": int(bool(record.participants)), "responsible_named": int(bool(record.responsible)),
    }
    implicit: list[str] = []
    organiser = registry.orgs[record.org]
    if record.kind in NEGOTIATIONS and not record.participants and organiser.kind == "county":
        implicit = [m for m in registry.members(organiser.id, record.date, record.date) if m not in party_set]
    out = []
    for org_id in parties + implicit:
        county = registry.orgs[org_id].county
        out.append({
            **base, "id": f"{record.id}|{org_id}", "sid": org_id, "org": org_id,
            "organiser": int(org_id == record.org),
            "with_county": int(county is not None and (county in party_set or org_id in implicit)),
            "delivered_county": int(county is not None and county in delivered),
        })
    return out


def all_facts(records: list[Record], registry: Registry) -> list[dict]:
    return [f for r in records for f in record_facts(r, registry)]
