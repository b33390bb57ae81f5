"""Hostile CSV files at the columnar door (velvoite.columnar.csv_lines, issue 31): whatever a file
holds, the columnar path gives what the usual path gives (the same records, notes and errors) or
sends the file the usual way, and neither its time nor its memory grows beyond the usual path's
with the file. The files are written in each test; the run's size threshold is 0."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from velvoite.columnar import csv_lines, load
from velvoite.records import loader

pytest.importorskip("polars")

from test_columnar_load import OPTIONS, REGISTRY, _load  # noqa: E402 (both paths' load, the threshold at 0)

HEAD = "id,org,kind,date,notes\n"
ROW = "kunta-205,annual_welfare_report,2024-05-01"


class _Counted(type(Path())):
    """A path whose opened file counts the reads made of it."""

    reads = 0

    def open(self, *args, **kwargs):
        fh = super().open(*args, **kwargs)
        read = fh.read

        def counted(*a):
            _Counted.reads += 1
            return read(*a)

        fh.read = counted
        return fh


@pytest.fixture
def small_field_limit():
    """The csv module's field limit lowered, so that a line past it is small enough for a test."""
    before = csv.field_size_limit(1000)
    yield 1000
    csv.field_size_limit(before)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_line_longer_than_the_csv_module_takes_is_not_carried_through_the_file(tmp_path, monkeypatch,
                                                                                  small_field_limit, quoted):
    """One cell the size of the file: the scan gave up only at the end of the file, carrying the
    line read so far and copying it at every chunk (a 300 MB line: 40-60 s and a MemoryError
    where the usual path says in 2 s that the field is larger than the csv module takes)."""
    cell = "x" * 200_000
    path = tmp_path / "long.csv"
    path.write_text(f"{HEAD}r1,{ROW},n\nr2,{ROW},{chr(34) + cell + chr(34) if quoted else cell}\nr3,{ROW},n\n",
                    "utf-8")
    monkeypatch.setattr(csv_lines, "CHUNK", 1000)
    monkeypatch.setattr(_Counted, "reads", 0)
    assert csv_lines.scan(_Counted(path), ",", 5) is None
    assert _Counted.reads <= csv_lines.longest_line(5) // 1000 + 3  # (not the 200 chunks of the file)
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    assert found == ("InputError", f"{path}:3: CSV parsing stopped here: field larger than field limit (1000)")


@pytest.mark.parametrize("prefix", ["", "sep=,\n", "\ufeffsep=,\r\n"])
def test_a_header_with_several_bad_columns_is_reported_at_its_line(tmp_path, monkeypatch, prefix):
    """Several unknown columns raise InputErrors, which the door let through, numbered as if the
    header were line 1: after Excel's sep= line it is line 2 (found by test_columnar_load's
    Hypothesis test)."""
    path = tmp_path / "header.csv"
    path.write_text(f'{prefix}a"b,Kajaani,hyte_negotiation,1.5.2024\n{HEAD}r1,{ROW},n\n', "utf-8")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    assert load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem) is None
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    line = 2 if prefix else 1
    assert found[0] == "errors" and found[1][0] == f"{path}:{line}: column 'a\"b': unknown column"


@pytest.mark.parametrize("second", [',"x, y"', ",x"])
def test_a_first_quoted_line_starting_with_a_byte_order_mark_keeps_it(tmp_path, monkeypatch, second):
    """Polars drops a BOM that starts the bytes it reads: the first quoted line's first cell
    (``\\ufeffr1``, a line of a file joined to another by ``cat``) lost its BOM, so the record was
    built as ``r1`` where the usual path reports the id (or the organisation) at its line."""
    path = tmp_path / "joined.csv"
    path.write_text(f'{HEAD}\ufeffr1,{ROW},"x, y"\n\ufeffr1,{ROW}{second}\nr2,{ROW},n\n', "utf-8")
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    found = _load(path, monkeypatch, True)
    assert found == _load(path, monkeypatch, False)
    assert found[0] == "errors" and [e.split(": ")[0] for e in found[1]] == [f"{path}:2", f"{path}:3"]
    assert "'\\ufeff' cannot be in an id" in found[1][0]
    organisation = tmp_path / "org.csv"
    organisation.write_text(f'org,kind,date,notes\n\ufeffkunta-205,annual_welfare_report,2024-05-01,"x, y"\n', "utf-8")
    found = _load(organisation, monkeypatch, True)
    assert found == _load(organisation, monkeypatch, False)
    assert found[1].startswith(f"{organisation}:2: column 'org': unknown organisation '\\ufeffkunta-205'")


LINE = "a5,Kajaani,hyte_negotiation,1.5.2024,,Kuhmo,"  # (the notes cell follows)
ROWS = ["id,org,kind,date,body,participants,notes", "a1,Kajaani,hyte_negotiation,1.5.2024,,Kuhmo,muistio",
        "a2,kunta-205,annual_welfare_report,2024-05-01,valtuusto,,",
        'a3,Kuhmo,hyte_negotiation,2024-06-01,,"Kajaani, Sotkamo","x, y"', "a4,kunta-205,strategy_approval,2024-05-02,,,n"]


def _file(*extra: str, end: str = "\n", rows: list = ROWS, last: bool = True) -> str:
    return end.join([*rows, *extra]) + (end if last else "")


def _semi(*extra: str) -> str:
    return _file(*extra, rows=[r.replace(",", ";") for r in ROWS[:3]])


HELD = {  # what the attacks of issue 31 tried and found read alike both ways
    "quote after text": _file(LINE + '"a"b'), "quote inside": _file(LINE + 'a"b'), "doubled": _file(LINE + '"a""b"'),
    "four quotes": _file(LINE + '""""'), "unclosed at the end": _file(LINE + '"abc', last=False),
    "unclosed, then a line": _file(LINE + '"abc', "b,c"), "space then quote": _file(LINE + ' "a"'),
    "space, quote, separator": _file(LINE + ' "a,b"'), "quoted empty": _file('a5,Kajaani,hyte_negotiation,1.5.2024,"",,""'),
    "lone CR in quotes": _file(LINE + '"a\rb"'), "CRLF in quotes": _file(LINE + '"a\r\nb"', *ROWS[1:3]),
    "LF in quotes": _file(LINE + '"a\nb"', *ROWS[1:3]), "tab": _file(LINE + '"a\tb"'), "NUL": _file(*ROWS[1:] * 200, LINE + '"a\x00b"'),
    "U+2028": _file(LINE + '"a\u2028b"'), "U+0085": _file(LINE + '"a\u0085b"'), "NBSP": _file('a5,\u00a0Kajaani,hyte_negotiation,1.5.2024,,"\u00a0Kuhmo",x'),
    "BOM": "\ufeff" + _file(), "BOM mid-line": _file(LINE + '"\ufeffa"'), "two BOMs": "\ufeff\ufeff" + _file(),
    "BOM and sep=": "\ufeffsep=,\r\n" + _file(end="\r\n"), "; with quoted commas": _semi('a5;Kajaani;hyte_negotiation;1.5.2024;;"Kuhmo, Sotkamo";"a,b"'),
    "tab with quoted tabs": _file('a5\tKajaani\thyte_negotiation\t1.5.2024\t\t"Kuhmo\tSotkamo"\t"a\tb"',
                                  rows=[r.replace(",", "\t") for r in ROWS[:3]]),
    "quoted header": _file(rows=['"id","org","kind","date","body","participants","notes"', *ROWS[1:]]),
    "header twice, quoted once": _file(rows=[ROWS[0] + ',"Notes "', *ROWS[1:]]),
    "trailing separator": _file(LINE + "a,"), "trailing separator after quotes": _file(LINE + '"a",'),
    "more cells, quoted": _file(LINE + '"a",x'), "fewer cells, quoted": _file('"a5",Kajaani,hyte_negotiation,1.5.2024'),
    "a cell at the csv module's limit": _file(LINE + '"' + "x" * 131072 + '"'),
    "one past it": _file(LINE + '"' + "x" * 131073 + '"'), "unquoted, past it": _file(LINE + "x" * 131073, LINE + '"q"'),
    "CRLF then LF": _file(end="\r\n") + LINE + '"q"\n', "LF, then a CRLF blank line": _file() + "\r\n" + _file(rows=ROWS[1:]),
    "blank line": _file() + "\n" + _file(rows=ROWS[1:]), "line of spaces": _file("   ", *ROWS[1:]),
    "line of separators": _file('"",,,,,,', *ROWS[1:]), "ends in CR": _file() + "\r", "ends quoted, no line end": _file(LINE + '"x"', last=False),
    "participants ' ; '": _file('a5,Kajaani,hyte_negotiation,1.5.2024,," ; ",a'),
    "participants Hyvinkää;Kuhmo": _file('a5,Kajaani,hyte_negotiation,1.5.2024,,"Hyvinkää;Kuhmo",a'),
    "participants with a tab": _file('a5,Kajaani,hyte_negotiation,1.5.2024,,"Kuhmo;\tSotkamo",a'),
    "unit separator": _file(LINE + '"a\x1fb"'), "header only after sep=": "sep=,\n" + ROWS[0] + "\n",
}


@pytest.mark.parametrize("chunk", [1 << 20, 3])
@pytest.mark.parametrize("name", list(HELD))
def test_hostile_files_load_alike_both_ways(tmp_path, monkeypatch, name, chunk):
    """The same records, notes or errors (file, line, column); the scan in pieces of 3 bytes too,
    so that every line end, quote and BOM falls on a chunk's edge somewhere."""
    path = tmp_path / "hostile.csv"
    path.write_bytes(HELD[name].encode("utf-8"))
    monkeypatch.setattr(csv_lines, "CHUNK", chunk)
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_a_run_of_county_files_one_joined_by_cat_says_the_same_through_the_command_line(tmp_path, monkeypatch):
    """Through the command line, each way: the same exit status, the same messages (the joined
    file's BOM-led line at its line), and no output file written."""
    from click.testing import CliRunner

    from velvoite.cli import main

    folder = tmp_path / "counties"
    folder.mkdir()
    for n in range(3):
        rows = "".join(f"c{n}-{i},kunta-205,annual_welfare_report,2024-05-{i + 1:02d},x\n" for i in range(20))
        (folder / f"hva-{n}.csv").write_text("\ufeffid,org,kind,date,notes\n" + rows, "utf-8")
    joined = folder / "hva-1.csv"  # a second export joined to it by cat: its BOM starts the first quoted line
    joined.write_bytes(joined.read_bytes() + b'\xef\xbb\xbfc9-1,kunta-205,annual_welfare_report,2024-06-01,"x, y"\n')
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    said = []
    for kind in ("always", "never"):
        monkeypatch.setenv("VELVOITE_COLUMNAR", kind)
        out = tmp_path / f"{kind}.json"
        audit = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-11-29", "--format", "json",
                                          "-o", str(out)])
        validate = CliRunner().invoke(main, ["validate", str(folder)])
        said.append((audit.exit_code, audit.output, validate.exit_code, validate.output, out.exists()))
    assert said[0] == said[1]
    assert said[0][0] == 2 and f"{joined}:22: column 'id': '\\ufeff' cannot be in an id" in said[0][1]
    assert not said[0][4]
