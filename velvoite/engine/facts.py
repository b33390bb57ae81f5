"""Evidence facts: each record seen from each organisation that took part in it.

A record becomes one fact per party (organiser and participants). A county's negotiation whose
participant list was not recorded also becomes a fact for each of its member municipalities,
marked ``listed = 0``: it shows the negotiation was held, not who came (DOMAIN § 3). Flags are
0/1 integers and dates are day ordinals, the form both matchers compare.
"""

from __future__ import annotations

from velvoite.records import Record
from velvoite.records.kinds import catalogue
from velvoite.registry import HUS, LATEST, Registry



class Fact:
    """One record seen from one party. Slotted (a national data set has hundreds of thousands);
    ``as_dict()`` gives durable-rules its message."""

    __slots__ = ("rec", "kind", "day", "lo", "hi", "body", "hyte_goals", "published", "delivered_hus", "listed",
                 "responsible_named", "org", "organiser", "with_county", "delivered_county")

    def __init__(self, rec, kind, day, lo, hi, body, hyte_goals, published, delivered_hus, listed,
                 responsible_named, org, organiser, with_county, delivered_county):
        self.rec, self.kind, self.day, self.lo, self.hi, self.body = rec, kind, day, lo, hi, body
        self.hyte_goals, self.published, self.delivered_hus, self.listed = hyte_goals, published, delivered_hus, listed
        self.responsible_named, self.org, self.organiser = responsible_named, org, organiser
        self.with_county, self.delivered_county = with_county, delivered_county

    def as_dict(self) -> dict:
        return {"t": "f", "id": f"{self.rec}|{self.org}", "sid": self.org,
                **{name: getattr(self, name) for name in self.__slots__}}


def record_facts(record: Record, registry: Registry) -> list[Fact]:
    """The facts of one record, one per organisation it counts for."""
    parties = record.parties
    party_set = set(parties)
    delivered = set(record.delivered_to)
    kind = catalogue()[record.kind]  # what a kind means is pack data (pack.yaml)
    if kind.in_effect:  # in effect from valid_from to valid_until
        lo, hi = record.in_effect_from.toordinal(), (record.valid_until or LATEST).toordinal()
    else:
        lo = hi = record.date.toordinal()
    base = (record.id, record.kind, record.date.toordinal(), lo, hi, record.body or "",
            int(record.hyte_goals is True), int(bool(record.published_url)), int(HUS in delivered),
            int(bool(record.participants)), int(bool(record.responsible)))
    implicit: list[str] = []
    organiser = registry.orgs[record.org]
    if kind.covers_members and not record.participants and organiser.kind == "county":
        implicit = [m for m in registry.members(organiser.id, record.date, record.date) if m not in party_set]
    out = []
    for org_id in parties + implicit:
        county = registry.orgs[org_id].county
        out.append(Fact(*base, org_id, int(org_id == record.org),
                        int(county is not None and (county in party_set or org_id in implicit)),
                        int(county is not None and county in delivered)))
    return out


def all_facts(records: list[Record], registry: Registry, orgs: set[str] | None = None) -> list[Fact]:
    """The facts of all records, only those counting for ``orgs`` when it is given."""
    return [f for r in records for f in record_facts(r, registry) if orgs is None or f.org in orgs]
