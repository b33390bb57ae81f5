"""The fast load path (records.fast) builds exactly the records of the validating path, or leaves
the row to it: compared on generated awkward rows, on the examples and on national-scale data."""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.records import load_records, loader
from velvoite.records.fast import _ORDER, FastPath
from velvoite.records.model import FIELDS
from velvoite.records.tables import RawRecord
from velvoite.registry import load_registry

REGISTRY = load_registry()
OPTIONS = loader.ReadOptions(today=dt.date(2026, 11, 29))

ORGS = ["Kajaani", "kunta-205", "205", "Kuhmo", "Pertunmaa", "kunta-588", "hva-12", "Kainuun HVA", "HUS", "hus",
        "Helsinki", "Maarianhamina", "Kajaanni", "Åänekoski", "Äänekoski", "A\u0308a\u0308nekoski", "20", "kunta-999"]
KINDS = ["hyte_negotiation", "HYTE-neuvottelu", "annual_welfare_report", "hyvinvointiraportti", "welfare_report_and_plan",
         "strategy_approval", "kuntastrategia", "responsible_party_designation", "cooperation_negotiation",
         "waiver", "hyte-neuvotelu", "välfärdsrapport"]
DATES = ["2024-05-01", "1.5.2024", "01.05.2024", "1.5.24", "2024-02-30", "1999-12-31", "2028-01-01", "2025-13-01",
         "2024-12-31", "2025-01-01", "2022-03-01", "toukokuu", "31.12.2023"]
BODIES = ["valtuusto", "kaupunginvaltuusto", "council", "board", "lautakunta", "aluehallitus", "muu", "valtuutettu",
          "fullmäktige", "raati"]
LISTS = ["Kajaani", "Kajaani; Kuhmo", "Kajaani, Kajaani", "Pertunmaa", "hus", "Kuhmo;Tuntematon", "kunta-205\nkunta-290"]
TEXT = ["Kv 12.6.2023 § 45", "https://example.fi/raportti", "bad\x00text", "a" * 40_000, "e\u0301", "ok", "=1+2"]
YES_NO = ["kyllä", "ei", "TOSI", "EPÄTOSI", "x", "maybe", "SANT"]
FIELD_VALUES = {"id": TEXT[:1] + ["r1", "r2"], "org": ORGS, "kind": KINDS, "date": DATES, "body": BODIES,
                "participants": LISTS, "reference": TEXT, "url": TEXT, "notes": TEXT,
                "published_url": ["https://example.fi/k", "ftp://x", "www.example.fi"], "delivered_to": LISTS,
                "hyte_goals": YES_NO, "responsible": TEXT, "valid_until": DATES, "also_counts_as": KINDS,
                "includes": ["welfare_plan", "hyvinvointisuunnitelma", "x"], "unknown_column": ["1"]}


def validated(raw: RawRecord):
    collector = loader._Collector(REGISTRY, OPTIONS)
    record = collector._validated(raw, "rows.csv", loader.pack_fields())
    return record, collector.errors


def copy(raw: RawRecord) -> RawRecord:
    return RawRecord(dict(raw.values), raw.line, labels=dict(raw.labels), position=raw.position, numeric=raw.numeric)


rows = st.builds(
    lambda fields, numeric: RawRecord({k: v for k, v in fields.items()}, 2, labels={k: f"column {k!r}" for k in fields},
                                      position=2, numeric=frozenset(numeric)),
    st.fixed_dictionaries({"org": st.sampled_from(ORGS), "kind": st.sampled_from(KINDS), "date": st.sampled_from(DATES)},
                          optional={k: st.sampled_from(v) for k, v in FIELD_VALUES.items()
                                    if k not in ("org", "kind", "date")}),
    st.sets(st.sampled_from(["org", "participants"]), max_size=1))


@settings(max_examples=400, deadline=None)
@given(raw=rows)
def test_a_row_built_fast_is_the_record_the_validating_path_makes(raw):
    fast = FastPath(REGISTRY, OPTIONS, loader._date_problem).build(copy(raw))
    slow, errors = validated(copy(raw))
    if fast is not None:
        assert errors == [] and fast == slow
        assert [getattr(fast, f) for f in FIELDS] == [getattr(slow, f) for f in FIELDS] and fast.data == slow.data


def test_every_field_of_the_record_is_set_by_the_fast_path():
    from velvoite.records.model import Record

    # its own fields, the packs' (data) and the loader's (confirmed_by, derived_id): every one
    assert set(_ORDER) == set(Record.__pydantic_fields__) == set(FIELDS) | {"data", "confirmed_by", "derived_id"}


def test_plain_rows_take_the_fast_path_and_awkward_ones_do_not():
    fast = FastPath(REGISTRY, OPTIONS, loader._date_problem)
    plain = RawRecord({"org": "Kajaani", "kind": "hyte_negotiation", "date": "1.5.2024", "body": "valtuusto",
                       "participants": "Kuhmo; Sotkamo"}, 2)
    assert fast.build(plain) is not None
    for change in ({"org": "Kajaanni"}, {"date": "2024-02-30"}, {"body": "raati"}, {"notes": "bad\x00"},
                   {"valid_until": "2025-01-01"}, {"hyte_goals": "kyllä"}, {"participants": "Kuhmo; Tuntematon"}):
        assert fast.build(RawRecord({**plain.values, **change}, 2)) is None, change
    assert fast.build(RawRecord(plain.values, 2, numeric=frozenset({"org"}))) is None



def test_a_blank_text_of_a_mapping_is_no_value_as_the_validating_path_reads_it(tmp_path):
    """A table drops its blank cells; a YAML/JSON record (or a stored one) may say "" or spaces,
    which the validating path reads as no value: the fast path once kept "" (and an id of "")."""
    fast = FastPath(REGISTRY, OPTIONS, loader._date_problem)
    plain = {"org": "Kajaani", "kind": "hyte_negotiation", "date": "1.5.2024", "body": "valtuusto"}
    assert fast.build(RawRecord(plain, 2)) is not None
    for change in ({"id": ""}, {"reference": ""}, {"notes": "  "}, {"reference": "\u00a0"}):
        assert fast.build(RawRecord({**plain, **change}, 2)) is None, change
    path = tmp_path / "blank.yaml"
    path.write_text('- {id: "", org: kunta-092, kind: strategy_approval, date: "2024-03-01", reference: "", notes: "  "}\n'
                    '- {id: b, org: kunta-092, kind: strategy_approval, date: 2024-03-01, reference: "", notes: " "}\n',
                    encoding="utf-8")
    records = load_records([str(path)], REGISTRY)
    assert [(r.id, r.derived_id, r.reference, r.notes) for r in records] == \
        [("blank.yaml#1", True, None, None), ("b", False, None, None)]

@pytest.fixture(scope="module")
def national_csv(tmp_path_factory):
    """A generated national file in the benchmark's shape (every organisation, the common kinds)."""
    path = tmp_path_factory.mktemp("fast") / "national.csv"
    rng = random.Random(7)
    orgs = [o for o in REGISTRY.orgs.values() if o.id.startswith(("kunta-", "hva-")) and o.valid_until.year > 2026]
    kinds = ["hyte_negotiation", "annual_welfare_report", "welfare_report_and_plan", "strategy_approval",
             "responsible_party_designation", "cooperation_negotiation"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "org", "kind", "date", "body", "participants", "hyte_goals", "published_url", "notes"])
        for i in range(3000):
            org, kind = rng.choice(orgs), rng.choice(kinds)
            day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1300))
            members = [m.id for m in REGISTRY.region(org.id)][1:4] if org.kind == "county" else []
            out.writerow([f"r{i}", org.name_fi if i % 2 else org.id, kind, f"{day.day}.{day.month}.{day.year}",
                          rng.choice(["valtuusto", "kunnanhallitus", ""]),
                          ";".join(members) if kind.endswith("negotiation") else "",
                          rng.choice(["kyllä", "ei", ""]) if kind == "strategy_approval" else "",
                          "https://example.fi/k" if kind == "welfare_report_and_plan" else "", "muistiinpano"])
    return path


def test_the_examples_and_national_data_load_the_same_either_way(national_csv, monkeypatch):
    built = []
    real = FastPath.build

    def counting(self, raw):
        record = real(self, raw)
        built.append(record is not None)
        return record

    monkeypatch.setattr(FastPath, "build", counting)
    paths = ["examples/records", str(national_csv)]
    fast = load_records(paths, REGISTRY)
    assert sum(built) > 0.9 * len(built), "nearly every generated row takes the fast path"
    monkeypatch.setattr(FastPath, "build", lambda self, raw: None)
    assert load_records(paths, REGISTRY) == fast
