"""A CSV file read as columns (velvoite.columnar.load) loads exactly as the usual path reads it:
the same records in the same order, or the same errors at the same file, line and column; files
the reader cannot take exactly (quotes, a BOM, blank lines, Excel's sep= line) go the usual way."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from velvoite import columnar
from velvoite.columnar import load
from velvoite.errors import InputErrors
from velvoite.records import load_records, loader, runs
from velvoite.records.fast import Built, FastPath
from velvoite.records.runs import BuiltRun
from velvoite.registry import load_registry

pytest.importorskip("polars")

REGISTRY = load_registry()
OPTIONS = loader.ReadOptions()
COLUMNS = ["id", "org", "kind", "date", "body", "participants", "hyte_goals", "published_url", "delivered_to",
           "responsible", "notes"]
VALUES = {
    "id": ["", "r1", "r2", "x y", "..", "a/b", "§ 4", " r3 "],
    "org": ["kunta-205", "Kajaani", "Kuhmo", "hva-12", "Kajaanni", "", "kunta-999", "Åänekoski", "A\u0308a\u0308nekoski",
            "kunta-020"],
    "kind": ["hyte_negotiation", "annual_welfare_report", "welfare_report_and_plan", "strategy_approval",
             "responsible_party_designation", "kuntastrategia", "hyte-neuvotelu", ""],
    "date": ["2024-05-01", "1.5.2024", "1.5.24", "2024-02-30", "1999-12-31", "2023-12-31", "", "2021-01-01"],
    "body": ["", "valtuusto", "kunnanhallitus", "raati", "muu"],
    "participants": ["", "Kuhmo", "Kuhmo;Sotkamo", "Kuhmo;Tuntematon", "hva-12", "kunta-205;kunta-205",
                     " Kuhmo ; Sotkamo ", ";", "Hyvinkää;Kuhmo", "205; 765", "KUHMO;kuhmo", "Sotkamo;Kuhmo;Sotkamo",
                     "Kuhmo, Sotkamo", "Pertunmaa;Kuhmo", "kunta-205;;hva-12"],
    "hyte_goals": ["", "kyllä", "ei", "maybe"],
    "published_url": ["", "https://example.fi/r", "ftp://x"],
    "delivered_to": ["", "hva-12", "Kuhmo;Nowhere"],
    "responsible": ["", "koordinaattori"],
    "notes": ["", "muistio", "bad\x07bell", "e\u0301", "\u00a0spaced\u00a0"],
}

CARRIES = {"hyte_negotiation": ["participants"], "welfare_report_and_plan": ["published_url", "delivered_to"],
           "strategy_approval": ["hyte_goals"], "responsible_party_designation": ["responsible"]}
PLAIN = {"org": ["kunta-205", "Kajaani", "Kuhmo", "hva-12"], "kind": list(CARRIES) + ["annual_welfare_report"],
         "date": ["2024-05-01", "1.5.2024", "2023-12-31", "2025-06-30"], "body": ["", "valtuusto", "kunnanhallitus"]}


@st.composite
def row(draw) -> dict:
    """Mostly plain rows of fields their kind carries; now and then an awkward value or a field the
    kind does not carry."""
    awkward = draw(st.integers(0, 5)) == 0
    pools = VALUES if awkward else PLAIN
    item = {k: draw(st.sampled_from(pools.get(k, VALUES[k]))) for k in ("org", "kind", "date", "body")}
    item["id"] = draw(st.sampled_from(VALUES["id"] if awkward else ["", "r1", "r2", "r3", "r4"]))
    fields = CARRIES.get(item["kind"], []) + (["hyte_goals", "participants", "notes"] if awkward else ["notes"])
    for name in fields:
        if draw(st.booleans()):
            item[name] = draw(st.sampled_from(VALUES[name] if awkward else [v for v in VALUES[name][:3] if "\x07" not in v]))
    return item


rows = st.lists(row(), min_size=1, max_size=30)


def _unrolled(raws) -> list:
    """The rows one by one, a run of built rows (``records.runs.BuiltRun``) as its rows."""
    return list(runs.unrolled(raws, lambda run: False))


def _write(path: Path, items: list[dict], columns=COLUMNS, delimiter=",", prefix="", quoting=csv.QUOTE_MINIMAL,
           end="\n") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end, quoting=quoting)
    writer.writerow(columns)
    for item in items:
        writer.writerow([item.get(c, "") for c in columns])
    path.write_text(prefix + out.getvalue(), "utf-8", newline="")
    return path


def _load(path: Path, monkeypatch, use: bool):
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "available", (lambda: True) if use else (lambda: False))
    notes: list[str] = []
    try:
        records = load_records([path], REGISTRY, options=OPTIONS, notes=notes)
        return "ok", [(r, r.data, r.derived_id) for r in records], notes
    except InputErrors as exc:
        return "errors", [str(e) for e in exc.errors]
    except Exception as exc:  # noqa: BLE001 (one InputError alone)
        return type(exc).__name__, str(exc)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=rows)
def test_a_file_read_as_columns_loads_as_the_usual_path_reads_it(items, tmp_path, monkeypatch):
    path = _write(tmp_path / "rows.csv", items)
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_a_two_digit_year_in_a_built_row_is_noted_as_the_usual_path_notes_it(tmp_path, monkeypatch):
    plain = {"org": "kunta-205", "kind": "annual_welfare_report"}
    items = [{**plain, "id": "a1", "date": "2024-05-01"}, {**plain, "id": "a2", "date": "1.5.2024"},
             {**plain, "id": "a3", "date": "14.03.25"}, {**plain, "id": "a4", "date": "1.6.24"}]
    path = _write(tmp_path / "rows.csv", items)
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) or ())
    assert [type(r) is Built for r in raws] == [True] * 4
    assert [r.values for r in raws] == [{}, {}, {"date": "14.03.25"}, {"date": "1.6.24"}]  # only these looked at
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    assert found[2] == [f"{path}: two-digit years are read as 20YY (line 4: 14.03.25 is 2025-03-14)"]


def test_plain_rows_are_built_by_columns_and_awkward_ones_are_handed_over(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    items = [{"id": "a1", "org": "Kajaani", "kind": "hyte_negotiation", "date": "1.5.2024", "participants": "Kuhmo"},
             {"id": "a2", "org": "Kajaanni", "kind": "hyte_negotiation", "date": "1.5.2024"},
             {"id": "a3", "org": "kunta-205", "kind": "strategy_approval", "date": "2024-05-01", "notes": "e\u0301"},
             {}, {"id": "a4", "org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}]
    path = _write(tmp_path / "rows.csv", items)
    raws = list(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem))
    assert [type(r) is BuiltRun for r in raws] == [True, False, False, True]  # runs of built rows between the others
    raws = _unrolled(raws)
    assert [(type(r) is Built, r.line) for r in raws] == [(True, 2), (False, 3), (False, 4), (True, 6)]
    assert raws[1].values == {"id": "a2", "org": "Kajaanni", "kind": "hyte_negotiation", "date": "1.5.2024"}
    assert raws[1].labels["org"] == "column 'org'"


ONE = {"id": "a1", "org": "Kajaani", "kind": "hyte_negotiation", "date": "1.5.2024", "participants": "Kuhmo"}


@pytest.mark.parametrize("prefix, delimiter, quoting, notes", [
    ("", ",", csv.QUOTE_MINIMAL, "a, b"), ("", ",", csv.QUOTE_ALL, "ab"), ("", ";", csv.QUOTE_NONNUMERIC, 'a "b"; c'),
    ("\ufeff", ",", csv.QUOTE_MINIMAL, "ab"), ("\ufeff", ";", csv.QUOTE_MINIMAL, "a; b"),
    ("sep=;\r\n", ";", csv.QUOTE_MINIMAL, "a; b"), ("\ufeffSEP=,\r\n", ",", csv.QUOTE_ALL, "a, b")])
def test_quoted_cells_and_a_byte_order_mark_are_read_by_columns(tmp_path, monkeypatch, prefix, delimiter, quoting,
                                                                  notes):
    """What csv.writer and Excel's "CSV UTF-8" write: the cells as the csv module reads them."""
    items = [{**ONE, "notes": notes, "participants": "Kuhmo, Sotkamo"}, {**ONE, "id": "a2"}, {**ONE, "id": ""}]
    path = _write(tmp_path / "rows.csv", items, delimiter=delimiter, prefix=prefix, quoting=quoting, end="\r\n")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem))
    first = 3 if "sep" in prefix.lower() else 2  # (Excel's sep= line is a row, as the usual path counts)
    assert [(type(r) is Built, r.line) for r in raws] == [(True, first), (True, first + 1), (True, first + 2)]
    assert raws[0].record.notes == notes and raws[0].record.participants == ("kunta-290", "kunta-765")
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


@pytest.mark.parametrize("cell", ['"a\nb"', '"a\r\nb"', '"a"b', '"unclosed', 'a"b', ' "a"', '"a" '])
def test_a_quote_the_csv_module_reads_across_lines_or_refuses_sends_the_file_the_usual_way(tmp_path, monkeypatch,
                                                                                           cell):
    """Same records or the same message at the same line, as today."""
    path = _write(tmp_path / "rows.csv", [{**ONE, "notes": "x, y"}, {**ONE, "id": "a2"}])
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines.insert(2, f"{cell},Kajaani,hyte_negotiation,1.5.2024\n")
    path.write_text("".join(lines), "utf-8", newline="")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    if cell not in ('a"b', ' "a"', '"a" '):  # (these polars reads otherwise: the usual way too)
        assert load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) is None
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    if cell == '"a"b':
        assert found == ("InputError", f"{path}:3: CSV parsing stopped here: ',' expected after '\"'")


def test_a_value_in_a_quoted_cell_is_reported_at_its_line_and_column(tmp_path, monkeypatch):
    items = [{**ONE, "notes": "x, y"}, {**ONE, "id": "a2", "participants": "Kuhmo, Tuntematon"}, {**ONE, "id": "a3"}]
    path = _write(tmp_path / "rows.csv", items, quoting=csv.QUOTE_ALL, prefix="\ufeff")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem))
    assert [type(r) is Built for r in raws] == [True, False, True]
    assert raws[1].values["participants"] == "Kuhmo, Tuntematon"
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    assert found[0] == "InputError" and found[1].startswith(f"{path}:3: column 'participants': unknown organisation")


def test_a_cell_longer_than_the_csv_module_takes_is_reported_as_it_reports_it(tmp_path, monkeypatch):
    path = _write(tmp_path / "rows.csv", [ONE, {**ONE, "id": "a2", "notes": "x" * (csv.field_size_limit() + 1)}])
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    assert found == ("InputError", f"{path}:3: CSV parsing stopped here: field larger than field limit (131072)")


@pytest.mark.parametrize("prefix, delimiter, blank", [("sep=|\n", "|", False), ("", ",", True)])
def test_files_the_reader_cannot_take_exactly_go_the_usual_way(tmp_path, monkeypatch, prefix, delimiter, blank):
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    path = _write(tmp_path / "rows.csv", [ONE] * (1 if blank else 2), delimiter=delimiter, prefix=prefix)
    if blank:
        path.write_text(path.read_text("utf-8") + "\nx1,Kajaani,hyte_negotiation,1.5.2024\n", "utf-8")
    assert load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) is None
    plain = _write(tmp_path / "plain.csv", [ONE])
    assert load.csv_raws(plain, str(plain), REGISTRY, OPTIONS, loader._date_problem) is not None


HOSTILE = ['"a\nb"', '"a\r\nb"', '"a"b', '"open', 'a"b', ' "a"', '"a" ', '""""', '"x,y"', '"x;y"',
           '"', '"a\n', '"a\x1fb"']


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=rows, quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
       delimiter=st.sampled_from([",", ";"]), bom=st.sampled_from(["", "\ufeff", "sep", "\ufeffsep"]),
       end=st.sampled_from(["\n", "\r\n"]),
       hostile=st.none() | st.tuples(st.sampled_from(HOSTILE), st.integers(1, 40)))
def test_a_quoted_file_or_one_with_a_bom_or_sep_line_loads_by_columns_as_the_usual_path_reads_it(
        items, quoting, delimiter, bom, end, hostile, tmp_path, monkeypatch):
    """The same records, notes or errors (file, line, column) both ways; a file csv.writer wrote is
    taken by columns, one with a quote read otherwise goes the usual way."""
    prefix = bom.replace("sep", f"sep={delimiter}{end}")  # a BOM, Excel's sep= line, or both
    path = _write(tmp_path / "rows.csv", items, delimiter=delimiter, prefix=prefix, quoting=quoting, end=end)
    if hostile:
        lines = path.read_text("utf-8").splitlines(keepends=True)
        cell, at = hostile
        lines.insert(min(at, len(lines)), delimiter.join([cell, "Kajaani", "hyte_negotiation", "1.5.2024"]) + end)
        path.write_text("".join(lines), "utf-8", newline="")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "available", lambda: True)  # (the example before left it as _load set it)
    if not hostile:
        assert load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) is not None
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_files_of_one_run_are_read_by_columns_when_together_over_the_threshold(tmp_path, monkeypatch):
    """A national set split into county files goes by columns as the one file would (the size is the
    run's CSV files together); the object path's reader is made to fail to show it is not used."""
    from velvoite.records import documents

    plain = {"org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}
    paths = [_write(tmp_path / f"{name}.csv", [{**plain, "id": f"{name}{i}"} for i in range(20)])
             for name in ("a", "b", "c")]
    monkeypatch.setattr(load, "MIN_BYTES", sum(p.stat().st_size for p in paths))  # more than any one of them
    monkeypatch.setattr(documents, "csv_records", lambda *a, **k: pytest.fail("read the usual way"))
    assert [r.id for r in load_records(paths, REGISTRY, options=OPTIONS)] == [
        f"{name}{i}" for name in ("a", "b", "c") for i in range(20)]
    with pytest.raises(pytest.fail.Exception, match="read the usual way"):
        load_records(paths[:2], REGISTRY, options=OPTIONS)  # together under the threshold


def test_small_files_and_runs_without_polars_go_the_usual_way(tmp_path, monkeypatch):
    path = _write(tmp_path / "rows.csv", [{"id": "a1", "org": "Kajaani", "kind": "hyte_negotiation", "date": "1.5.2024"}])
    assert load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) is None  # under MIN_BYTES
    monkeypatch.setattr(columnar, "available", lambda: False)
    assert load.reader(REGISTRY, OPTIONS, loader._date_problem) is None


@pytest.mark.parametrize("ids, taken, message", [
    (["a1", "", "a3", ""], [True], None),  # unique: the run's bookkeeping by columns, derived ids given
    (["a1", "a2", "a1", ""], [False], ":4: column 'id': duplicate id 'a1' (first at "),  # within the run: row by row
    (["rows.csv#4", "a2", "", "a4"], [False], ":4: column 'id': this record has no id, and the one it would get, 'rows.csv#4'"),
])
def test_a_run_of_built_rows_is_taken_whole_unless_an_id_needs_its_message(tmp_path, monkeypatch, ids, taken,
                                                                           message):
    plain = {"org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}
    path = _write(tmp_path / "rows.csv", [{**plain, "id": rid} for rid in ids])
    seen: list[bool] = []
    monkeypatch.setattr(loader, "take", lambda *a: seen.append(runs.take(*a)) or seen[-1])
    found = _load(path, monkeypatch, True)
    assert seen == taken
    assert found == _load(path, monkeypatch, False)
    if taken[0]:
        assert [(r.id, derived) for r, _data, derived in found[1]] == [
            ("a1", False), ("rows.csv#3", True), ("a3", False), ("rows.csv#5", True)]
    else:
        assert found[0] == "InputError" and f"{path}{message}" in found[1]


def test_a_run_after_a_duplicate_of_an_earlier_run_is_read_row_by_row(tmp_path, monkeypatch):
    plain = {"org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}
    items = [{**plain, "id": "a1"}, {**plain, "id": "a2", "org": "Kajaanni"}, {**plain, "id": "a1"}]
    path = _write(tmp_path / "rows.csv", items)
    seen: list[bool] = []
    monkeypatch.setattr(loader, "take", lambda *a: seen.append(runs.take(*a)) or seen[-1])
    found = _load(path, monkeypatch, True)
    assert seen == [True, False]
    assert found == _load(path, monkeypatch, False)
    assert found[0] == "errors" and f"{path}:4: column 'id': duplicate id 'a1' (first at {path}:2)" in found[1]


def test_a_run_taken_whole_says_where_each_record_was_read_as_the_usual_path(tmp_path, monkeypatch):
    """SARIF's locations (``Sources(locate=True)``): every record's file and line, the same either way."""
    from velvoite.records.sources import Sources

    plain = {"org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}
    path = _write(tmp_path / "rows.csv", [{**plain, "id": "a1"}, {**plain, "id": ""}, {**plain, "id": "a3"}])
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    found = {}
    for use in (True, False):
        monkeypatch.setattr(columnar, "available", (lambda: True) if use else (lambda: False))
        sources = Sources(locate=True)
        load_records([path], REGISTRY, options=OPTIONS, sources=sources)
        found[use] = sources.lines
    assert found[True] == found[False] == {"a1": (str(path), 2), "rows.csv#3": (str(path), 3), "a3": (str(path), 4)}


def test_the_files_of_a_run_share_one_fast_path(tmp_path, monkeypatch):
    """Each distinct value (an organisation's name, a date) is understood once a run, not once a file."""
    made = []
    monkeypatch.setattr(load, "FastPath", lambda *a: made.append(FastPath(*a)) or made[-1])
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    plain = {"org": "Kajaani", "kind": "annual_welfare_report", "date": "1.5.2024"}
    paths = [_write(tmp_path / f"{name}.csv", [{**plain, "id": name}]) for name in ("a", "b", "c")]
    assert [r.id for r in load_records(paths, REGISTRY, options=OPTIONS)] == ["a", "b", "c"]
    assert len(made) == 1 and set(made[0].orgs) == {"Kajaani"} and set(made[0].dates) == {"1.5.2024"}
