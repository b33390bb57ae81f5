"""Property tests of the escaping modules (velvoite.escape): whatever text a record holds, each
format shows it as text and nothing else."""

from __future__ import annotations

import io
import re

import icalendar
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from velvoite.escape import ical, markdown, sheet, terminal

NASTY = st.sampled_from(list("<>[]!|\\`*_~&#\r\n\t\x00\x1b\x07\x7f\x85\x9b\u2028\u2029\u202e\u2066é🎉=+-@")
                        + ["<img src=x onerror=alert(1)>", "](javascript:x)", "\x1b[31m", "\x1b]0;t\x07", "\r\n"])
TEXT = st.lists(NASTY | st.text(max_size=5), max_size=20).map("".join) | st.text()


@given(TEXT)
def test_terminal_text_has_no_control_and_stays_on_one_line(text):
    shown = terminal.one_line(text)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", shown)
    if not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text):
        assert shown == text


def _unescape_markdown(text: str) -> str:
    """As a CommonMark renderer reads the cell, left to right: ``\\&lt;`` is the text ``&lt;``."""
    return re.sub(r"\\(.)|&lt;|&gt;", lambda m: m[1] if m[1] is not None else {"&lt;": "<", "&gt;": ">"}[m[0]], text)


@given(TEXT)
def test_markdown_cell_is_literal_text(text):
    cell = markdown.cell(text)
    assert "<" not in cell and ">" not in cell and "\n" not in cell and "\r" not in cell
    # every active character is escaped: preceded by an odd number of backslashes
    for m in re.finditer(r"[`*_\[\]!|~&]", cell):
        if cell[m.start():m.start() + 4] in ("&lt;", "&gt;"):
            continue
        run = len(cell[:m.start()]) - len(cell[:m.start()].rstrip("\\"))
        assert run % 2 == 1, (cell, m.start())
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", re.sub("\r\n|[\r\n\x85\u2028\u2029]", " ", text))
    assert _unescape_markdown(cell) == expected


@given(TEXT)
def test_ical_text_round_trips_and_injects_nothing(text):
    value = ical.text(text)
    assert not re.search("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", value)
    cal = icalendar.Calendar()
    event = icalendar.Event()
    event.add("summary", value)
    # (categories hold velvoite's own words, never record text: icalendar 7 reads a backslash and a
    # capital N in a category as a line break, so such text stays out of this part)
    category = value.replace("\\N", "N") or "x"
    event.add("categories", [category, "b,c"])
    cal.add_component(event)
    data = cal.to_ical()
    lines = data.decode().replace("\r\n ", "").split("\r\n")[:-1]
    assert all(re.match(r"(BEGIN|END):V[A-Z]+$|[A-Z][A-Z-]*[;:]", ln) for ln in lines)
    back = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(back["SUMMARY"]) == value
    assert [str(c) for c in back["CATEGORIES"].cats] == [category, "b,c"]  # commas stay inside a name


def test_a_backslash_and_n_in_a_record_stay_text_in_the_calendar():
    """A Windows path in a record (K:\\Neuvottelut) is not a line break in anyone's calendar."""
    event = icalendar.Event()
    event.add("summary", ical.text("K:\\Neuvottelut\\N"))
    data = event.to_ical()
    assert b"SUMMARY:K:\\\\Neuvottelut\\\\N\r\n" in data
    assert str(icalendar.Event.from_ical(data)["SUMMARY"]) == "K:\\Neuvottelut\\N"


@given(TEXT)
def test_xlsx_cells_hold_any_text(text):
    book = Workbook()
    book.active["A1"] = sheet.xml_text(text)
    buf = io.BytesIO()
    book.save(buf)
    read = load_workbook(io.BytesIO(buf.getvalue())).active["A1"].value or ""
    assert read == sheet.xml_text(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", read)


@given(TEXT)
def test_spreadsheet_cells_never_start_a_formula(text):
    assert not str(sheet.safe_cell(text)).startswith(sheet.FORMULA_START)
