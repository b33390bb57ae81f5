"""Hypothesis strategies: record data sets over a small but awkward region."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from velvoite.records import kind_ids
from velvoite.records.sources import KEPT

KINDS = tuple(k for k in kind_ids() if k not in KEPT)  # evidence; a waiver names a rule and period (own tests)

# Vantaa ja Kerava (2 members, Uusimaa), Etelä-Savo (with Pertunmaa), Helsinki, HUS and Åland.
ORGS = ["hva-04", "kunta-092", "kunta-245", "hva-12", "kunta-588", "kunta-507", "kunta-491",
        "kunta-091", "hus", "kunta-478"]
SCOPE = [o for o in ORGS if o != "hus"]
PERTUNMAA_END = dt.date(2024, 12, 31)
BODIES = ["valtuusto", "aluevaltuusto", "kaupunginhallitus", "sivistyslautakunta", "viranhaltija", None]

HUS_START = dt.date(2023, 1, 1)


def exists(org: str, day: dt.date) -> bool:
    """Participants must exist on the record's date: Pertunmaa until 2024, HUS from 2023."""
    return not (org == "kunta-588" and day > PERTUNMAA_END) and not (org == "hus" and day < HUS_START)


dates = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def record(draw, index: int) -> dict:
    org = draw(st.sampled_from(ORGS[:-2] + ["kunta-478"]))
    day = draw(dates)
    if org == "kunta-588":
        day = min(day, PERTUNMAA_END)
    kind = draw(st.sampled_from(KINDS))
    rec = {"id": f"g{index}", "org": org, "kind": kind, "date": day.isoformat()}
    body = draw(st.sampled_from(BODIES))
    if body:
        rec["body"] = body
    if kind.endswith("negotiation"):
        others = [o for o in ORGS if o != org and exists(o, day)]
        rec["participants"] = draw(st.lists(st.sampled_from(others), max_size=4, unique=True))
    if kind == "welfare_report_and_plan":
        if draw(st.booleans()):
            rec["published_url"] = "https://example.invalid/report"
        rec["delivered_to"] = draw(st.lists(st.sampled_from([o for o in ("hva-04", "hva-12", "hus") if exists(o, day)]),
                                            max_size=2, unique=True))
    if kind == "strategy_approval":
        rec["hyte_goals"] = draw(st.sampled_from([True, False, None]))
    if kind == "responsible_party_designation":
        if draw(st.booleans()):
            rec["responsible"] = "hyvinvointikoordinaattori"
        if draw(st.booleans()):
            rec["valid_until"] = (day + dt.timedelta(days=draw(st.integers(0, 900)))).isoformat()
    if draw(st.integers(0, 7)) == 0:  # one activity that is two: it counts as more kinds (also_counts_as)
        more = draw(st.lists(st.sampled_from([k for k in KINDS if k != kind]), min_size=1, max_size=2, unique=True))
        rec["also_counts_as"] = more
    return rec


@st.composite
def data_sets(draw, max_records: int = 25) -> list[dict]:
    n = draw(st.integers(0, max_records))
    return [draw(record(i)) for i in range(n)]


as_of_dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 6, 30))
