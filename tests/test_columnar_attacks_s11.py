"""Attacks on the columnar reader's combinations (``columnar.load._extras``, ``columnar.org_lists``):
rows saying the same extra cells understood once must still be judged each on its own day, kind and
organiser, so that the columnar reader builds exactly the rows the usual path builds, the same
records, and hands every other row to the validating path (the same errors at the same lines).

The organisations that did not exist on every day are the registry's counties (from 2021-07-01),
HUS-yhtymä (from 2023-01-01) and Pertunmaa (until 2024-12-31), and a workspace's: one of a single
day, one merged away mid-year, one founded later. The oracle is the usual path
(``columnar.available`` False)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("polars")

from test_columnar_load import _unrolled  # noqa: E402

from velvoite import columnar  # noqa: E402
from velvoite.columnar import load  # noqa: E402
from velvoite.errors import InputError, InputErrors  # noqa: E402
from velvoite.records import load_records, loader  # noqa: E402
from velvoite.records.fast import Built  # noqa: E402
from velvoite.registry import load_registry  # noqa: E402

OPTIONS = loader.ReadOptions()
COLUMNS = ["id", "org", "kind", "date", "body", "participants", "delivered_to", "prepared_with", "decision",
           "published_url", "includes", "hyte_goals", "notes"]
WORKSPACE = """\
[[organisations]]
id = "kunta-901"
kind = "municipality"
code = "901"
name_fi = "Yksipäivä"
name_sv = "Endag"
county = "hva-20"
valid_from = 2024-06-15
valid_until = 2024-06-15

[[organisations]]
id = "kunta-902"
kind = "municipality"
code = "902"
name_fi = "Vanhakunta"
name_sv = "Gamlakommun"
county = "hva-20"
valid_until = 2023-06-30
successor = "kunta-290"

[[organisations]]
id = "kunta-903"
kind = "municipality"
code = "903"
name_fi = "Uusikunta"
name_sv = "Nyakommun"
county = "hva-20"
valid_from = 2025-03-01
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = tmp_path_factory.mktemp("ws") / "velvoite.toml"
    path.write_text(WORKSPACE, "utf-8")
    return load_registry(path)


def _write(path: Path, items: list[dict], columns=COLUMNS) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([item.get(c, "") for c in columns])
    path.write_text(out.getvalue(), "utf-8", newline="")
    return path


def _load(path: Path, registry, monkeypatch, use: bool):
    monkeypatch.setattr(columnar, "available", lambda: use)
    notes: list[str] = []
    try:
        records = load_records([path], registry, options=OPTIONS, notes=notes)
    except (InputError, InputErrors) as exc:  # (one error alone, or many)
        return "errors", [str(e) for e in getattr(exc, "errors", [exc])]
    return "ok", [(r, r.data, r.derived_id) for r in records], notes


def _built(path: Path, registry, monkeypatch) -> list[bool]:
    """Per row, whether the columnar reader built it."""
    monkeypatch.setattr(columnar, "available", lambda: True)
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), registry, OPTIONS, loader._date_problem))
    return [type(r) is Built for r in raws]


def _same(path: Path, registry, monkeypatch):
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    found = _load(path, registry, monkeypatch, True)
    assert found == _load(path, registry, monkeypatch, False)
    return found


NEGOTIATION = {"org": "Kuhmo", "kind": "hyte_negotiation"}
EDGES = "Pertunmaa;hva-12"  # 2021-07-01 .. 2024-12-31
PLAN = {"org": "Kuhmo", "kind": "welfare_report_and_plan", "delivered_to": "hva-12", "prepared_with": "Pertunmaa"}
ROWS = [  # (the row, whether the columnar reader builds it): one combination, many days, kinds and organisers
    ({**NEGOTIATION, "date": "2021-06-30", "participants": EDGES}, False),  # before the county
    ({**NEGOTIATION, "date": "2021-07-01", "participants": EDGES}, True),
    ({**NEGOTIATION, "date": "2024-12-31", "participants": EDGES}, True),
    ({**NEGOTIATION, "date": "2025-01-01", "participants": EDGES}, False),  # after Pertunmaa
    ({**NEGOTIATION, "date": "31.12.24", "participants": EDGES}, True),  # D.M.YY
    ({**NEGOTIATION, "date": "1.1.25", "participants": EDGES}, False),
    ({**NEGOTIATION, "date": "2024-02-30", "participants": EDGES}, False),  # a date failing in one row only
    ({**NEGOTIATION, "kind": "strategy_approval", "date": "2024-01-01", "participants": EDGES}, False),  # not carried
    ({**NEGOTIATION, "org": "Pertunmaa", "date": "2024-06-01", "participants": EDGES}, True),  # the organiser named
    ({**NEGOTIATION, "org": "Pertunmaa", "date": "2025-06-01", "participants": EDGES}, False),  # organiser gone
    ({**NEGOTIATION, "org": "hva-12", "date": "2021-06-30", "participants": "Kuhmo"}, False),
    ({**NEGOTIATION, "date": "2022-12-31", "participants": "HUS-yhtymä; hus ;HUS"}, False),  # before HUS
    ({**NEGOTIATION, "date": "2023-01-01", "participants": "HUS-yhtymä; hus ;HUS"}, True),
    ({**NEGOTIATION, "date": "2024-12-31", "participants": "pertunmaa,PERTUNMAA,588,kunta-588"}, True),
    ({**NEGOTIATION, "date": "2025-01-01", "participants": "pertunmaa,PERTUNMAA,588,kunta-588"}, False),
    ({**NEGOTIATION, "date": "1.7.21", "participants": "Södra Savolax välfärdsområde;Etelä-Savo;12"}, True),
    ({**NEGOTIATION, "date": "30.6.21", "participants": "Södra Savolax välfärdsområde;Etelä-Savo;12"}, False),
    ({**NEGOTIATION, "date": "2024-05-01", "participants": "Pertunmaa;Tuntematon"}, False),  # a name unknown
    ({**NEGOTIATION, "date": "2024-05-01", "participants": " ; "}, True),  # separators only: no one named
    ({**PLAN, "date": "2021-06-30"}, False),
    ({**PLAN, "date": "2021-07-01", "decision": "noted"}, True),
    ({**PLAN, "date": "2024-12-31"}, True),
    ({**PLAN, "date": "2025-01-01"}, False),
    ({**PLAN, "kind": "annual_welfare_report", "date": "2024-01-01"}, False),  # carries neither list
    ({**NEGOTIATION, "date": "2024-06-14", "participants": "Yksipäivä;Kuhmo"}, False),  # a workspace's, of one day
    ({**NEGOTIATION, "date": "2024-06-15", "participants": "Yksipäivä;Kuhmo"}, True),
    ({**NEGOTIATION, "date": "15.6.24", "participants": "Yksipäivä;Kuhmo"}, True),
    ({**NEGOTIATION, "date": "2024-06-16", "participants": "Yksipäivä;Kuhmo"}, False),
    ({**NEGOTIATION, "org": "Endag", "date": "2024-06-15"}, True),
    ({**NEGOTIATION, "org": "Endag", "date": "2024-06-16"}, False),
    ({**NEGOTIATION, "date": "2023-06-30", "participants": "Gamlakommun;Nyakommun"}, False),  # never both
    ({**NEGOTIATION, "date": "2025-03-01", "participants": "903"}, True),
    ({**NEGOTIATION, "date": "2025-02-28", "participants": "903"}, False),
]


@pytest.mark.parametrize("rows", [200_000, 1, 2, 3])
def test_one_combination_is_judged_on_each_rows_day_kind_and_organiser(tmp_path, monkeypatch, registry, rows):
    """``rows``: the chunk (``load.ROWS``) the file is understood in: a combination's first row in
    one chunk, its other rows in the next."""
    monkeypatch.setattr(load, "ROWS", rows)
    items = [{**item, "id": f"r{n}"} for n, (item, _built) in enumerate(ROWS)]
    path = _write(tmp_path / "rows.csv", items)
    assert _same(path, registry, monkeypatch)[0] == "errors"
    assert _built(path, registry, monkeypatch) == [built for _item, built in ROWS]


def test_rows_built_by_combination_carry_each_organisation_once(tmp_path, monkeypatch, registry):
    items = [{**item, "id": f"r{n}"} for n, (item, built) in enumerate(ROWS) if built]
    path = _write(tmp_path / "rows.csv", items)
    status, records, _notes = _same(path, registry, monkeypatch)
    assert status == "ok" and _built(path, registry, monkeypatch) == [True] * len(items)
    by_id = {record.id: record for record, _data, _derived in records}
    assert by_id["r1"].participants == ("kunta-588", "hva-12")
    assert by_id["r12"].participants == ("hus",)
    assert by_id["r13"].participants == ("kunta-588",)
    assert by_id["r15"].participants == ("hva-12",)
    assert by_id["r18"].participants == ()
    assert by_id["r20"].data == {"delivered_to": ("hva-12",), "prepared_with": ("kunta-588",), "decision": "noted"}


@pytest.mark.parametrize("failing", ["first", "one", "last", "every"])
def test_one_failing_row_where_ever_it_stands_and_every_row_failing(tmp_path, monkeypatch, registry, failing):
    good = {**NEGOTIATION, "date": "2024-12-31", "participants": "Kuhmo;Pertunmaa"}
    bad = {**good, "date": "2025-01-01"}
    items = [dict(good, id=f"r{n}") for n in range(7)]
    at = {"first": [0], "one": [4], "last": [6], "every": range(7)}[failing]
    for n in at:
        items[n] = dict(bad, id=f"r{n}")
    path = _write(tmp_path / "rows.csv", items)
    for rows in (200_000, 3):
        monkeypatch.setattr(load, "ROWS", rows)
        found = _same(path, registry, monkeypatch)
        assert found[0] == "errors" and [int(e.split(":")[1]) for e in found[1]] == [n + 2 for n in at]
        assert _built(path, registry, monkeypatch) == [n not in at for n in range(7)]


@pytest.mark.parametrize("columns", [COLUMNS, ["id", "org", "kind", "date", "participants"]])
def test_an_empty_cell_is_a_missing_column(tmp_path, monkeypatch, registry, columns):
    """A column every row leaves empty and no column at all: the same rows built, the same records."""
    items = [{**NEGOTIATION, "id": "a", "date": "2024-05-01", "participants": "Kuhmo"},
             {**NEGOTIATION, "id": "b", "date": "2024-05-01"},
             {"org": "Kuhmo", "kind": "annual_welfare_report", "id": "c", "date": "2024-05-01"}]
    path = _write(tmp_path / "rows.csv", items, columns)
    assert _same(path, registry, monkeypatch)[0] == "ok"
    assert _built(path, registry, monkeypatch) == [True] * 3


NAMES = ["Pertunmaa", "kunta-588", "588", "PERTUNMAA", "hva-12", "12", "Etelä-Savo", "Södra Savolax", "hus",
         "HUS-yhtymä", "Kuhmo", "Sotkamo", "Mäntyharju", "hva-20", "Lapin HVA", "Nowhere", "kuhmo", "Ähtäri",
         "A\u0308hta\u0308ri", "Yksipäivä", "901", "Endag", "Vanhakunta", "902", "GAMLAKOMMUN", "Uusikunta", "903"]
DAYS = ["2021-06-30", "2021-07-01", "30.6.21", "1.7.21", "01.07.2021", "2022-12-31", "2023-01-01", "1.1.23",
        "2024-12-31", "2025-01-01", "31.12.24", "1.1.25", "2026-11-29", "1999-12-31", "2024-13-01", "2024-06-14",
        "2024-06-15", "15.6.24", "2024-06-16", "2023-06-30", "2023-07-01", "2025-02-28", "2025-03-01", ""]
ORGANISERS = ["Kuhmo", "Pertunmaa", "hva-12", "hus", "Mäntyharju", "Yksipäivä", "Vanhakunta", "Uusikunta"]
LAYOUTS = {"hyte_negotiation": ["participants"], "cooperation_agreement": ["participants"],
           "welfare_report_and_plan": ["delivered_to", "prepared_with", "decision", "published_url"],
           "child_youth_welfare_plan": ["prepared_with", "includes"], "strategy_approval": ["hyte_goals"]}
OTHER = {"decision": ["approved", "noted", "bad"], "published_url": ["https://x.fi", "ftp://x"],
         "includes": ["lifestyles", "lifestyles;joint_goals", "nope"], "hyte_goals": ["kyllä", "ei", "maybe"]}
names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)
cell = st.builds(lambda parts, sep: sep.join(parts), names, st.sampled_from([";", ",", " ; ", ";;"]))


@st.composite
def combination(draw) -> dict:
    """A kind and its extra cells, now and then a field the kind does not carry."""
    kind = draw(st.sampled_from(sorted(LAYOUTS)))
    item = {"kind": kind}
    for name in LAYOUTS[kind]:
        if draw(st.integers(0, 9)):
            item[name] = draw(cell) if name in ("participants", "delivered_to", "prepared_with") \
                else draw(st.sampled_from(OTHER[name]))
    if not draw(st.integers(0, 9)):
        name = draw(st.sampled_from(["participants", "delivered_to", "hyte_goals"]))
        item[name] = draw(cell) if name != "hyte_goals" else "kyllä"
    return item


@st.composite
def files(draw) -> list[dict]:
    """A few combinations shared by many rows, each row on its own day and organiser."""
    combinations = draw(st.lists(combination(), min_size=1, max_size=4))
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=8))
    organisers = draw(st.lists(st.sampled_from(ORGANISERS), min_size=1, max_size=3))
    picks = st.tuples(st.sampled_from(combinations), st.sampled_from(days), st.sampled_from(organisers))
    return [{**c, "id": f"r{n}", "date": d, "org": o} for n, (c, d, o) in enumerate(draw(st.lists(picks, min_size=1,
                                                                                                      max_size=30)))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=files(), rows=st.sampled_from([1, 2, 3, 7, 200_000]))
def test_generated_combinations_load_as_the_usual_path_reads_them(items, rows, tmp_path, monkeypatch, registry):
    monkeypatch.setattr(load, "ROWS", rows)
    _same(_write(tmp_path / "rows.csv", items), registry, monkeypatch)
