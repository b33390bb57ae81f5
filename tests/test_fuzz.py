"""Fuzzing: valid record files, mutated in their bytes and in their structure, fed to the CLI.

The only outcomes allowed: success with a whole output file, or exit status 2 with messages
that start with "velvoite: " and name the file; never a traceback, a hang (hypothesis' deadline)
or a partial output file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from strategies import data_sets
from velvoite.cli import main

SEED_YAML = """\
# Jyväskylä 2024
- id: j1
  org: Jyväskylä
  kind: annual_welfare_report
  date: 12.6.2024
  body: kaupunginvaltuusto
  reference: "Kv 12.6.2024 § 45"
- &neg
  id: n1
  org: hva-15
  kind: hyte_negotiation
  date: 2024-04-03
  participants: [Jyväskylä, Jämsä]
- <<: *neg
  id: n2
  date: 2025-04-03
- {id: s1, org: kunta-179, kind: strategy_approval, date: 2022-02-01, hyte_goals: kyllä}
"""
SEED_CSV = ("id;org;kind;date;body;participants;reference\n"
            "c1;Jyväskylä;annual_welfare_report;12.6.2024;valtuusto;;Kv 12.6.2024 § 45\n"
            "c2;hva-15;hyte_negotiation;3.4.2024;aluehallitus;Jyväskylä; Jämsä;\n"
            "c3;kunta-179;responsible_party_designation;1.3.2023;kaupunginhallitus;;Kh 1.3.2023 § 7\n")
SEED_RECORDS = yaml.safe_load(SEED_YAML.replace("12.6.2024", "'12.6.2024'"))
SEEDS = {"seed.yaml": SEED_YAML.encode(), "seed.csv": SEED_CSV.encode(),
         "seed.json": json.dumps(SEED_RECORDS, ensure_ascii=False, indent=1, default=str).encode()}

# VELVOITE_FUZZ_EXAMPLES=5000 for a long local run; CI uses the derandomised "ci" profile (conftest).
FUZZ = settings(max_examples=int(os.environ.get("VELVOITE_FUZZ_EXAMPLES", "150")), deadline=3000,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def check(path: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(path), "--org", "kunta-179", "--org", "hva-15",
                                       "--as-of", "2026-01-01", "--format", "json", "-o", str(out)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the failure hypothesis should shrink
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    event(f"exit {result.exit_code}")  # --hypothesis-show-statistics: how often each outcome is reached
    if result.exit_code == 0:
        data = json.loads(out.read_text("utf-8"))
        assert data["findings"], "a successful audit of these organisations has findings"
    else:
        lines = result.output.splitlines()
        assert lines and lines[0].startswith("velvoite: "), result.output
        # how the file was read (a note) is said with its errors; every error names the file
        assert all(ln.startswith(("velvoite: " + str(path), str(path), "velvoite: note: " + str(path)))
                   for ln in lines), result.output
        assert not out.exists()
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers


def mutate_bytes(data: bytes, draw_ops) -> bytes:
    buf = bytearray(data)
    for op, pos, value in draw_ops:
        if not buf:
            buf.extend(value)
            continue
        i = pos % len(buf)
        if op == "flip":
            buf[i] ^= value[0] if value else 0xFF
        elif op == "insert":
            buf[i:i] = value
        elif op == "delete":
            del buf[i:i + 1 + (value[0] % 8 if value else 0)]
        elif op == "truncate":
            del buf[i:]
        elif op == "duplicate":
            buf[i:i] = buf[max(0, i - 40):i]
    return bytes(buf)


OPS = st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]),
                         st.integers(min_value=0, max_value=10_000),
                         st.binary(min_size=0, max_size=6) | st.sampled_from(
                             [b"\x00", b"\xff\xfe", b"\xe4", b";", b",", b'"', b"\n", b"- ", b"&a", b"*a", b": ",
                              b"{", b"[", b"\xef\xbb\xbf", "ä".encode(), "😀".encode()])),
                min_size=1, max_size=6)


@FUZZ
@given(name=st.sampled_from(sorted(SEEDS)), ops=OPS)
@example(name="seed.yaml", ops=[("insert", 0, b"\xff\xfe")])
@example(name="seed.csv", ops=[("flip", 30, b"\x80")])
@example(name="seed.json", ops=[("delete", 54, b"\x03"), ("flip", 7444, b"3")])  # a key with a line break (CI)
def test_byte_mutations(tmp_path_factory, name, ops):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name
    path.write_bytes(mutate_bytes(SEEDS[name], ops))
    check(path, folder / "out.json")


VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                   st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                              max_size=2),
                   st.sampled_from(["31.2.2024", "2024-13-01", "Pertunmaa", "Jyvaskyla", "kunta-588", "hus",
                                    "1.1.1900", "9999-12-31", "=cmd|' /C calc'!A0", "kyllä", "ei", ""]))
FIELD = st.sampled_from(["id", "org", "kind", "date", "body", "participants", "reference", "url", "published_url",
                         "delivered_to", "responsible", "valid_from", "valid_until", "hyte_goals", "notes", "bogus"])


@FUZZ
@given(fmt=st.sampled_from(["yaml", "json"]),
       edits=st.lists(st.tuples(st.integers(0, 4), FIELD, st.one_of(st.just("<drop>"), VALUES)), min_size=1,
                      max_size=5),
       shape=st.sampled_from(["list", "records", "records-null", "nested"]))
def test_structure_mutations(tmp_path_factory, fmt, edits, shape):
    records = [dict(r) for r in SEED_RECORDS]
    for index, field, value in edits:
        rec = records[index % len(records)]
        if value == "<drop>":
            rec.pop(field, None)
        else:
            rec[field] = value
    doc = {"list": records, "records": {"records": records}, "records-null": {"records": None},
           "nested": [records]}[shape]
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"mutated.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(doc, ensure_ascii=False, default=str), "utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    check(path, folder / "out.json")


@FUZZ
@given(cells=st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
                               min_size=0, max_size=9), min_size=0, max_size=5),
       sep=st.sampled_from([";", ",", "\t"]))
def test_csv_rows_of_anything(tmp_path_factory, cells, sep):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "rows.csv"
    head = sep.join(["org", "kind", "date", "body", "participants"])
    body = "\n".join(sep.join(row) for row in cells)
    path.write_text(head + "\n" + body + "\n", "utf-8")
    check(path, folder / "out.json")


@FUZZ
@given(records=data_sets(max_records=15).filter(bool), fmt=st.sampled_from(["yaml", "json", "csv"]),
       sep=st.sampled_from([";", ","]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_valid_files_in_any_format_always_succeed(tmp_path_factory, records, fmt, sep, encoding):
    """The success path of the same check: generated valid records, written in any format."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"valid.{fmt}"
    if fmt == "csv":
        fields = sorted({k for r in records for k in r})
        inner = "," if sep == ";" else ";"
        lines = [sep.join(fields)] + [sep.join(inner.join(v) if isinstance(v, list) else
                                               ("" if v is None else str(v)) for v in (r.get(f) for f in fields))
                                      for r in records]
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    elif fmt == "json":
        path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    else:
        path.write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")
    out = folder / "out.json"
    result = CliRunner().invoke(main, ["audit", str(path), "--org", "hva-04", "--org", "kunta-091",
                                       "--as-of", "2026-01-01", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["findings"]


def _seed_workbook() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Kirjaukset"
    for line in SEED_CSV.splitlines():
        ws.append(line.split(";")[:7])
    ws["B4"] = 179
    ws["B4"].number_format = "000"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


SEED_XLSX = _seed_workbook()
XLSX_PARTS = ("xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml",
              "xl/_rels/workbook.xml.rels")
XML_PIECES = [b"<", b">", b"</row>", b'<c r="XFD9"><v>1</v></c>', b'r="A1048576"', b't="s"', b"<v>99999</v>",
              b'<!DOCTYPE x [<!ENTITY a "b">]>', b"&a;", b"\x00", b"\xff", b'state="hidden"', b"<sheetData/>",
              b'<c r="A2" t="e"><v>#N/A</v></c>', b'<c r="C2"><v>1e308</v></c>', b'<c r="C2" s="999"><v>1</v></c>']


@FUZZ
@given(part=st.sampled_from(XLSX_PARTS), at=st.floats(0, 1), cut=st.integers(0, 40),
       piece=st.sampled_from(XML_PIECES) | st.binary(max_size=12))
def test_xlsx_internals_never_crash(tmp_path_factory, part, at, cut, piece):
    """A workbook whose XML parts are damaged where a careless tool or an attacker would: an
    error naming the file, or records read, never a traceback or a hang."""
    check_mutated(tmp_path_factory, SEED_XLSX, "mutated.xlsx", part, at, cut, piece)


def _seed_ods() -> bytes:
    from odsfile import ods, table

    rows = [line.split(";")[:7] for line in SEED_CSV.splitlines()]
    rows[3][1] = (179, "179")
    return ods(table("Kirjaukset", rows), table("Piilo", [["x"]], hidden=True))


SEED_ODS = _seed_ods()
ODS_PIECES = [b"<", b">", b"</table:table-row>", b'table:number-columns-repeated="999999999"',
              b'table:number-rows-repeated="x"', b'office:value-type="date" office:date-value="nope"',
              b'office:value-type="float"', b'table:style-name="ta2"', b"<!DOCTYPE x>", b"\x00", b"\xff\xfe",
              b"<text:s text:c='99999999'/>", b'<table:table table:name="b">']


@FUZZ
@given(part=st.sampled_from(("content.xml", "mimetype", "META-INF/manifest.xml")), at=st.floats(0, 1),
       cut=st.integers(0, 40), piece=st.sampled_from(ODS_PIECES) | st.binary(max_size=12))
def test_ods_internals_never_crash(tmp_path_factory, part, at, cut, piece):
    """An OpenDocument spreadsheet damaged in its parts: an error naming the file, or records read."""
    check_mutated(tmp_path_factory, SEED_ODS, "mutated.ods", part, at, cut, piece)


def check_mutated(factory, seed: bytes, name: str, part: str, at: float, cut: int, piece: bytes) -> None:
    """``seed`` (a zip) with ``piece`` written over ``cut`` bytes at ``at`` of its ``part``, through the CLI."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(seed))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in src.namelist():
            data = src.read(member)
            if member == part:
                i = int(at * len(data))
                data = data[:i] + piece + data[i + cut:]
            dst.writestr(member, data)
    folder = factory.mktemp("fuzzz")
    (folder / name).write_bytes(out.getvalue())
    check(folder / name, folder / "out.json")
