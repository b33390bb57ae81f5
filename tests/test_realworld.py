"""Files as people's tools write them: Finnish Excel CSV, Notepad encodings, commented YAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.records import load_records
from velvoite.records import encoding as loader_module

ROWS = [("Jyväskylä", "annual_welfare_report", "12.6.2023", "kaupunginvaltuusto", "Kv 12.6.2023 § 45"),
        ("Äänekoski", "strategy_approval", "1.2.2022", "kaupunginvaltuusto", "Kv 1.2.2022 § 3 – strategia"),
        ("Keski-Suomen hyvinvointialue", "hyte_negotiation", "3.4.2024", "aluehallitus", "Ah 3.4.2024 § 12")]
EXPECTED = [("kunta-179", "annual_welfare_report", dt.date(2023, 6, 12), "council", "Kv 12.6.2023 § 45"),
            ("kunta-992", "strategy_approval", dt.date(2022, 2, 1), "council", "Kv 1.2.2022 § 3 – strategia"),
            ("hva-15", "hyte_negotiation", dt.date(2024, 4, 3), "board", "Ah 3.4.2024 § 12")]


def excel_csv(sep: str = ";", trailing_columns: int = 3, trailing_rows: int = 4) -> str:
    """Like Excel's "CSV (semicolon delimited)": CRLF, empty columns and rows after the data."""
    pad = sep * trailing_columns
    lines = [sep.join(["org", "kind", "date", "body", "reference"]) + pad]
    lines += [sep.join(row) + pad for row in ROWS]
    lines += [sep * (4 + trailing_columns)] * trailing_rows
    return "\r\n".join(lines) + "\r\n"


def read(tmp_path, name: str, data: bytes, registry):
    path = tmp_path / name
    path.write_bytes(data)
    return [(r.org, r.kind, r.date, r.body, r.reference) for r in load_records([path], registry)]


@pytest.mark.parametrize("encoding, bom", [("cp1252", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                           ("utf-16-le", b"\xff\xfe")])
def test_finnish_excel_csv_in_every_encoding(tmp_path, registry, encoding, bom):
    text = excel_csv(sep="\t" if encoding.startswith("utf-16") else ";")
    assert read(tmp_path, "kunnat.csv", bom + text.encode(encoding), registry) == EXPECTED


def test_comma_separated_with_quoted_cells(tmp_path, registry):
    text = 'org,kind,date,body,reference\r\n' + "".join(
        f'"{o}",{k},{d},{b},"{r}"\r\n' for o, k, d, b, r in ROWS)
    assert read(tmp_path, "kunnat.csv", text.encode("utf-8"), registry) == EXPECTED


def test_yaml_with_comments_anchors_and_documents(tmp_path, registry):
    text = """\
# Keski-Suomi, collected 11/2026
- &kv {org: Jyväskylä, kind: annual_welfare_report, date: 12.6.2023, body: kaupunginvaltuusto,
       reference: "Kv 12.6.2023 § 45"}   # the council
---
records:
  - {org: Äänekoski, kind: strategy_approval, date: 1.2.2022, body: kaupunginvaltuusto,
     reference: "Kv 1.2.2022 § 3 – strategia"}
---
- <<: *kv
""".replace("- <<: *kv\n", "- {org: hva-15, kind: hyte_negotiation, date: 3.4.2024, body: aluehallitus,"
            " reference: 'Ah 3.4.2024 § 12'}\n")
    assert read(tmp_path, "kunnat.yaml", text.encode(), registry) == EXPECTED


def test_csv_is_streamed_not_read_whole(tmp_path, registry, monkeypatch):
    """The CSV reader never holds the file: reading it whole would fail here."""
    path = tmp_path / "kunnat.csv"
    path.write_text(excel_csv(), encoding="utf-8")

    def refuse(self):
        raise AssertionError("a CSV file was read whole")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    monkeypatch.setattr(loader_module, "CHUNK", 7)  # many small chunks in the encoding pass
    assert [(r.org, r.kind, r.date, r.body, r.reference) for r in load_records([path], registry)] == EXPECTED


@settings(max_examples=40, deadline=None)
@given(sep=st.sampled_from([";", ",", "\t"]), cols=st.integers(0, 5), rows=st.integers(0, 5),
       encoding=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
def test_trailing_empties_and_encodings_never_change_the_records(tmp_path_factory, registry, sep, cols, rows, encoding):
    folder = tmp_path_factory.mktemp("csv")
    data = excel_csv(sep, cols, rows).encode(encoding)
    assert read(folder, "k.csv", data, registry) == EXPECTED


def test_validate_says_how_files_were_read(tmp_path):
    from click.testing import CliRunner

    from velvoite.cli import main

    (tmp_path / "ansi.csv").write_bytes(excel_csv().encode("cp1252"))
    (tmp_path / "template.csv").write_text(
        "org,kind,date,(deadline)\nkunta-179,strategy_approval,1.2.2022,31.5.2025\n"
        "kunta-179,annual_welfare_report,,31.12.2024\nkunta-179,annual_welfare_report,,31.12.2025\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{tmp_path / 'ansi.csv'}: read as Windows-1252 text",
        f"{tmp_path / 'template.csv'}: 2 template rows without a date skipped (activities not recorded as done)",
        "4 records OK"]
