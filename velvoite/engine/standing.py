"""Standing (asema): whose duty a record may evidence besides its organiser's (DOMAIN § 8).

A record counts for a participant when the organiser and the participant are the two sides of the
duty it evidences: a municipality and its own county (612/2021 §§ 6(4), 7(4); 611/2021 § 14; the
county's student welfare group, 1287/2013 § 14 a), and HUS with Helsinki or an Uusimaa county
(612/2021 §§ 6(5), 7(5); 615/2021 § 8). A bilateral negotiation that a municipality organised
with its own county present so counts for both. Anything else counts for another organisation
only once that organisation has confirmed it: in a database workspace, an editor of the
participant confirms the record (``Record.confirmed_by``); in files, the participant's own record
of the activity is its confirmation (it counts for the participant as its organiser). Until then
the finding names the record as unconfirmed evidence and stays as the other evidence makes it.

Both matchers see only the facts this allows (``engine.facts``), so they agree by construction.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from velvoite.registry import Organisation, Registry
from velvoite.registry.registry import HELSINKI, HUS


def sides(a: Organisation, b: Organisation) -> bool:
    """Whether ``a`` and ``b`` are the two sides of a duty the law puts between them."""
    if a.id == b.id:
        return True
    if a.county == b.id or b.county == a.id:  # a municipality and its own county
        return True
    if HUS in (a.id, b.id):
        other = b if a.id == HUS else a
        return other.id == HELSINKI or (other.kind == "county" and "uusimaa" in other.tags)
    return False


def stands_for(record, party: str, registry: Registry) -> bool:
    """Whether ``record`` counts for ``party``: its organiser, the other side of the duty, or a
    participant that confirmed it."""
    org = record.org
    if party == org or party in record.confirmed_by:
        return True
    return sides(registry.orgs[org], registry.orgs[party])


class Unconfirmed:
    """A record that lists a party for whom it does not count (yet): kept to be named in that
    party's findings. Slotted, dates as day ordinals like the facts'."""

    __slots__ = ("rec", "kind", "day", "lo", "hi", "org", "organiser")

    def __init__(self, rec, kind, day, lo, hi, org, organiser):
        self.rec, self.kind, self.day, self.lo, self.hi = rec, kind, day, lo, hi
        self.org, self.organiser = org, organiser


class Loose:
    """The unconfirmed records of a run (``unconfirmed``: lists of ``Unconfirmed`` by (organisation,
    kind)) arranged for ``unconfirmed_for``, each key when first asked: its one-day records by day
    (those within a window found by bisection), its spans apart (a span may touch a window from
    any day)."""

    __slots__ = ("unconfirmed", "_made")

    def __init__(self, unconfirmed):
        self.unconfirmed, self._made = unconfirmed, {}

    def __bool__(self) -> bool:
        return bool(self.unconfirmed)

    def get(self, key) -> tuple[list[int], list[Unconfirmed], list[Unconfirmed]]:
        made = self._made.get(key)
        if made is None:
            rows = self.unconfirmed.get(key, ())
            days = sorted((u for u in rows if u.lo == u.hi == u.day), key=_day)
            made = self._made[key] = ([u.day for u in days], days, [u for u in rows if not u.lo == u.hi == u.day])
        return made


def _day(u: Unconfirmed) -> int:
    return u.day


def unconfirmed_for(ob, unconfirmed, as_of) -> list[Unconfirmed]:
    """The unconfirmed records of an obligation's organisation and kinds within its window
    (``unconfirmed``: by (organisation, kind), or the run's ``Loose``), by record id; none for a
    duty only the organisation's own records meet."""
    if ob.applies.party == "organiser" or not unconfirmed:
        return []
    loose = unconfirmed if isinstance(unconfirmed, Loose) else Loose(unconfirmed)
    lo, hi = (d.toordinal() for d in ob.window(as_of))
    day = as_of.toordinal()
    top = min(hi, day)  # as the matchers look: a one-day record within the window, a span touching it
    found = {}  # (a record listed under two kinds is one record, of one organiser)
    for kind in ob.rule.evidence.kinds:
        days, ones, spans = loose.get((ob.org.id, kind))
        for u in ones[bisect_left(days, lo):bisect_right(days, top)]:
            found[u.rec] = u
        for u in spans:
            if u.hi >= lo and u.lo <= hi and u.day <= day:
                found[u.rec] = u
    return [found[r] for r in sorted(found)]
