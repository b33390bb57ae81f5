"""Large XLSX and ODS sheets read into the columnar frame (velvoite.columnar.sheets) load exactly as
the usual readers (records.xlsx, records.ods) read them: the same records in the same order with the
same notes, or the same errors at the same file, row and column; a sheet of a shape the columnar
read could take otherwise goes the usual way whole. Every malformed sheet of tests/data/invalid*/
gives the same message through both paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odsfile import Raw, ods, table
from velvoite.cli import main
from velvoite import columnar
from velvoite.columnar import sheets
from velvoite.records import load_records, loader
from velvoite.records.fast import Built, FastPath
from velvoite.registry import load_registry

pytest.importorskip("polars")
pytest.importorskip("fastexcel")

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402
from test_columnar_load import COLUMNS, _load, row  # noqa: E402 (the CSV's random rows, both paths' load)

REGISTRY = load_registry()
OPTIONS = loader.ReadOptions()
DATA = Path(__file__).parent / "data"
MALFORMED = sorted(p for d in DATA.glob("invalid*") for p in d.iterdir() if p.suffix in (".xlsx", ".ods"))


@pytest.fixture(autouse=True)
def _small_sheets_too(monkeypatch):  # (``_load`` takes the columnar path, or none, by ``columnar.available``)
    monkeypatch.setattr(sheets, "XLSX_MIN_BYTES", 0)
    monkeypatch.setattr(sheets, "ODS_MIN_BYTES", 0)


def _by_columns(path: Path):
    """The columnar read of a sheet (a generator of raws), or None: the usual path."""
    fast = FastPath(REGISTRY, OPTIONS, loader._date_problem)
    return sheets.xlsx_raws(path, str(path), fast) if path.suffix == ".xlsx" else \
        sheets.ods_raws(path, str(path), [], fast)


def _rows(raws) -> list:
    """The raws one row each (a run of built rows, ``records.runs``, as its rows)."""
    return [row for raw in raws for row in (raw.rows() if hasattr(raw, "rows") else [raw])]


def _cell(value: str, typed: bool):
    """A cell as a spreadsheet user types it: an ISO date as a date cell when ``typed``; what
    openpyxl cannot store (control characters) left out."""
    if typed and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return ILLEGAL_CHARACTERS_RE.sub("", value) or None


def _xlsx(path: Path, items: list[dict], typed, shared: bool, columns=COLUMNS, extra=None) -> Path:
    """A workbook as Excel (shared strings) or openpyxl's streaming writer (inline strings) saves it;
    ``typed(i)``: whether row i's ISO dates are date cells."""
    book = Workbook(write_only=not shared)
    sheet = book.active if shared else book.create_sheet()
    sheet.title = "Kirjaukset"
    sheet.append(columns)
    for i, item in enumerate(items):
        sheet.append([_cell(item.get(c, ""), typed(i)) for c in columns])
    if extra:
        extra(book, sheet)
    book.save(path)
    return path


def _ods(path: Path, items: list[dict], typed, columns=COLUMNS) -> Path:
    path.write_bytes(ods(table("Kirjaukset", [columns] + [[_cell(item.get(c, ""), typed(i)) for c in columns]
                                                          for i, item in enumerate(items)])))
    return path


TYPED = {"text": lambda i: False, "dates": lambda i: True, "some dates": lambda i: i % 3 == 1}
rows = st.lists(row(), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=rows, typed=st.sampled_from(sorted(TYPED)), shared=st.booleans())
def test_a_workbook_read_as_columns_loads_as_the_usual_path_reads_it(items, typed, shared, tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "rows.xlsx", items, TYPED[typed], shared)
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=rows, typed=st.sampled_from(sorted(TYPED)))
def test_an_ods_sheet_read_as_columns_loads_as_the_usual_path_reads_it(items, typed, tmp_path, monkeypatch):
    path = _ods(tmp_path / "rows.ods", items, TYPED[typed])
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_malformed_sheet_gives_the_same_message_through_both_paths(path, monkeypatch):
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


TAKEN = {"xlsx_bad_date.xlsx", "xlsx_bad_month.xlsx", "xlsx_unknown_org.xlsx", "xlsx_duplicate_id.xlsx",
         "ods_unknown_org_nfd.ods", "ods_field_of_another_kind.ods"}


def test_the_malformed_sheets_of_plain_shape_are_read_by_columns(monkeypatch):
    """The comparison above is not only of sheets handed to the usual path: these are read by columns
    (their rows handed over one by one to the validating path, which says what is wrong)."""
    taken, frame_raws = set(), sheets._frame_raws

    def spy(frame, header, path, label, fast):
        found = frame_raws(frame, header, path, label, fast)
        if found is not None:
            taken.add(Path(path).name)
        return found

    monkeypatch.setattr(sheets, "_frame_raws", spy)
    for path in MALFORMED:
        _load(path, monkeypatch, True)
    assert TAKEN <= taken


PLAIN = [{"id": "a1", "org": "Kajaani", "kind": "hyte_negotiation", "date": "2024-05-01", "participants": "Kuhmo"},
         {"id": "a2", "org": "Kajaanni", "kind": "hyte_negotiation", "date": "2024-05-02"},
         {}, {"id": "a4", "org": "kunta-205", "kind": "annual_welfare_report", "date": "2024-05-01"}]


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_plain_rows_are_built_by_columns_and_awkward_ones_handed_over_with_their_sheet_row(tmp_path, suffix):
    path = tmp_path / f"rows{suffix}"
    _xlsx(path, PLAIN, TYPED["dates"], True) if suffix == ".xlsx" else _ods(path, PLAIN, TYPED["dates"])
    raws = _rows(_by_columns(path))
    assert [(type(r) is Built, r.line) for r in raws] == [(True, 2), (False, 3), (True, 5)]
    assert raws[1].values == {"id": "a2", "org": "Kajaanni", "kind": "hyte_negotiation", "date": "2024-05-02"}
    assert raws[1].labels["org"] == "sheet 'Kirjaukset', column B 'org'"
    assert raws[0].record.date == dt.date(2024, 5, 1)


def _appended(*cells):
    """An edit appending a row of ``cells`` after the records (``…`` stands for the date column's date)."""
    return lambda book, sheet: sheet.append([dt.date(2024, 7, 1) if c is ... else c for c in cells])


def _merge(book, sheet):
    sheet.merge_cells("K2:K3")


def _second_sheet(book, sheet):
    book.create_sheet("Muut").append(["x"])


def _hidden(book, sheet):
    sheet.sheet_state = "hidden"
    book.create_sheet("Näkyvä").append(["org"])


RECORD = ("r9", "Kajaani", "annual_welfare_report", ...)
_formula = _appended("f1", "Kajaani", "annual_welfare_report", "=TODAY()")
_far_corner = _appended(*RECORD, *[None] * 697, "x")  # column ZZ
_escaped = _appended(*RECORD, None, None, None, None, None, None, "rivi_x000D_vaihto")
_number = _appended(20, "Kajaani", "annual_welfare_report", ...)
_boolean = _appended(*RECORD, None, None, None, None, None, None, True)
_time = _appended("r9", "Kajaani", "annual_welfare_report", dt.datetime(2024, 5, 1, 13, 45))
_old_day = _appended("r9", "Kajaani", "annual_welfare_report", dt.date(1900, 1, 15))


def _rich_text(book, sheet):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    sheet["K2"] = CellRichText("muistio ", TextBlock(InlineFont(b=True), "lihavoitu"), " loppu")


def _hidden_row_and_column(book, sheet):
    sheet.row_dimensions[2].hidden = True
    sheet.column_dimensions["B"].hidden = True


def _mac_epoch(book, sheet):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book.epoch = CALENDAR_MAC_1904


def _styled_empty_cells(book, sheet):
    from openpyxl.styles import Font

    for ref in ("L1", "L2", "M5", "A7", "K9"):
        sheet[ref].font = Font(bold=True)  # styled, empty: stored without a value


HANDED_OVER = {"formula": _formula, "merged cells": _merge, "second sheet": _second_sheet, "hidden sheet": _hidden,
               "beyond the column limit": _far_corner, "an _xHHHH_ escape": _escaped, "a number": _number,
               "a boolean": _boolean, "a day before 1900-03-01": _old_day}
STILL_TAKEN = {"a date with a time": _time, "rich text": _rich_text, "a line break and spaces":
               _appended(*RECORD, None, None, None, None, None, None, " rivi 1\nrivi 2 "),
               "hidden row and column": _hidden_row_and_column, "the 1904 date system": _mac_epoch,
               "styled empty cells": _styled_empty_cells}
SHARED_ONLY = {"merged cells", "hidden sheet", "second sheet", "rich text", "hidden row and column",
               "the 1904 date system", "styled empty cells"}
ONE = [{"id": "a1", "org": "Kajaani", "kind": "annual_welfare_report", "date": "2024-05-01"},
       {"id": "a2", "org": "Kuhmo", "kind": "annual_welfare_report", "date": "2024-06-01"}]


# openpyxl's streaming writer (inline strings) writes one visible sheet and no cell edited after it is
# written: the SHARED_ONLY shapes are made with shared strings alone
@pytest.mark.parametrize("shape, shared", [(shape, shared) for shape in sorted(HANDED_OVER) + sorted(STILL_TAKEN)
                                           for shared in (True, False) if shared or shape not in SHARED_ONLY])
def test_a_workbook_of_a_shape_read_otherwise_goes_the_usual_way_whole(shape, shared, tmp_path, monkeypatch):
    edit = HANDED_OVER.get(shape) or STILL_TAKEN[shape]
    path = _xlsx(tmp_path / "rows.xlsx", ONE, TYPED["dates"], shared, extra=edit)
    assert (_by_columns(path) is None) == (shape in HANDED_OVER)
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_without_fastexcel_a_workbook_goes_the_usual_way(tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "rows.xlsx", ONE, TYPED["dates"], True)
    assert _by_columns(path) is not None
    monkeypatch.setattr(columnar, "sheets_available", lambda: False)
    assert _by_columns(path) is None


def test_a_column_of_dates_and_typed_text_is_read_by_columns_each_date_as_its_day(tmp_path, monkeypatch):
    items = ONE + [{"id": "a3", "org": "Kuhmo", "kind": "annual_welfare_report", "date": "1.7.2024"},
                   {"id": "a4", "org": "Kuhmo", "kind": "annual_welfare_report", "date": "2024-02-30"}]
    path = _xlsx(tmp_path / "rows.xlsx", items, lambda i: i == 0, True, extra=_time)
    raws = _rows(_by_columns(path))
    assert [(type(r) is Built, r.line) for r in raws] == [(True, 2), (True, 3), (True, 4), (False, 5), (True, 6)]
    assert raws[3].values["date"] == "2024-02-30"  # text, handed over as it is (not a real date)
    assert [r.record.date for r in raws if type(r) is Built][-1] == dt.date(2024, 5, 1)  # the date and time's day
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


@pytest.mark.parametrize("text", ["2024-05-01 00:00:00", "huom. 2023-01-01 12:00:00 alkaen"])
def test_a_column_of_dates_and_text_that_reads_as_a_date_goes_the_usual_way(tmp_path, monkeypatch, text):
    """Calamine shows a date cell read as text as 2024-05-01 00:00:00: where a text of the sheet reads
    so, a column of dates and text cannot be told apart."""
    items = ONE + [{"id": "a3", "org": "Kuhmo", "kind": "annual_welfare_report", "date": "1.7.2024", "notes": text}]
    path = _xlsx(tmp_path / "rows.xlsx", items, lambda i: i == 0, True)
    assert _by_columns(path) is None
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_an_ods_sheet_with_a_number_or_an_error_is_read_as_today_by_the_same_rows(tmp_path, monkeypatch):
    items = [["id", "org", "kind", "date", "reference"], ["a1", "Kajaani", "annual_welfare_report", "2024-05-01", "x"],
             ["a2", "Kuhmo", "annual_welfare_report", "2024-06-01", (12, "012")],
             ["a3", "Kuhmo", "annual_welfare_report", "2024-07-01",
              Raw('<table:table-cell table:formula="of:=1/0" office:value-type="string"><text:p>#DIV/0!</text:p>'
                  "</table:table-cell>")]]
    path = tmp_path / "rows.ods"
    path.write_bytes(ods(table("Kirjaukset", items[:3])))
    assert not any(type(r) is Built for r in _rows(_by_columns(path)))  # the number cell: today's table_records
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)
    path.write_bytes(ods(table("Kirjaukset", items)))
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False) and "#DIV/0!" in str(found)


def test_the_audit_of_a_large_workbook_is_the_same_through_both_paths(tmp_path, monkeypatch):
    """Through the command line, as a user runs it: byte-identical JSON."""
    items = [{"id": f"r{i}", "org": ["Kajaani", "Kuhmo", "kunta-205"][i % 3],
              "kind": ["annual_welfare_report", "strategy_approval", "hyte_negotiation"][i % 3 if i % 7 else 0],
              "date": f"202{i % 5 + 1}-0{i % 9 + 1}-1{i % 10}"} for i in range(300)]
    outputs = []
    for suffix in (".xlsx", ".ods"):
        path = tmp_path / f"rows{suffix}"
        _xlsx(path, items, TYPED["dates"], True) if suffix == ".xlsx" else _ods(path, items, TYPED["dates"])
        assert sum(type(r) is Built for r in _rows(_by_columns(path))) == 300
        for kind in ("always", "never"):
            monkeypatch.setenv("VELVOITE_COLUMNAR", kind)
            out = tmp_path / f"{suffix[1:]}.{kind}.json"
            result = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-01", "--format", "json",
                                               "-o", str(out)])
            assert result.exit_code in (0, 1), result.output
            outputs.append(out.read_text("utf-8").replace(str(path), "FILE"))
    assert outputs[0] == outputs[1] and outputs[2] == outputs[3]


def test_a_scoped_run_reads_a_sheet_the_usual_way(tmp_path, monkeypatch):
    """With --org/--region the usual readers pass rows of other organisations over, counted in a note
    (records.within); a built row carries no values to judge it by, so the sheet is read the usual way."""
    items = [{**item, "id": f"{item['id']}-{i}"} for i in range(3) for item in ONE]
    path = _xlsx(tmp_path / "rows.xlsx", items, TYPED["dates"], True)
    outputs = []
    for kind in ("always", "never"):
        monkeypatch.setenv("VELVOITE_COLUMNAR", kind)
        out = tmp_path / f"{kind}.json"
        result = CliRunner().invoke(main, ["audit", str(path), "--org", "Kuhmo", "--as-of", "2026-01-01",
                                           "--format", "json", "-o", str(out)])
        outputs.append((result.output, out.read_text("utf-8")))
    assert outputs[0] == outputs[1]
    assert "3 rows of organisations outside --org/--region not read" in outputs[0][0]
