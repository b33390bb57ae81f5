"""CSV for the spreadsheet that opens it: in fi and sv ';'-separated UTF-8 with a BOM (what Finnish
and Swedish Excel split and decode right), in en ',' and no BOM as before; ``--csv-dialect``
overrides; whatever the dialect, every cell reads back unchanged and velvoite reads its own files."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from velvoite.cli import main
from velvoite.escape.sheet import DIALECTS, PLAIN, csv_text, safe_cell

AUDIT = ["audit", "examples/records", "--org", "Joutsa", "--as-of", "2025-12-31", "--format", "csv"]
REPORT = ["report", "examples/records", "--region", "hva-15", "--as-of", "2025-12-31", "--format", "csv"]
TEMPLATE = ["template", "--region", "hva-15", "--org", "Joutsa", "--from", "2025-01-01", "--until", "2025-12-31",
            "--format", "csv"]
DIFF = ["diff", "examples/records", "--org", "Joutsa", "--from-date", "2024-12-31", "--to-date", "2025-12-31",
        "--format", "csv"]


def run(*args: str) -> str:
    """The output as written (``Result.output`` would turn CRLF into LF)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


FIRST = {id(AUDIT): "org", id(REPORT): "id", id(TEMPLATE): "org", id(DIFF): "org"}


@pytest.mark.parametrize("command", [AUDIT, REPORT, TEMPLATE])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_finnish_and_swedish_csv_is_for_their_excel(command, lang):
    text = run(*command, "--lang", lang)
    assert text.startswith("\ufeff") and "\r\n" in text
    header = next(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    first = {"fi": "organisaatio", "sv": "organisation"}[lang] if command is TEMPLATE else FIRST[id(command)]
    if command is REPORT:  # the organisation's id, a machine column named in the reader's language (issue 25)
        first = {"fi": "organisaation tunnus", "sv": "organisationens id"}[lang]
    assert header[0] == first and len(header) > 3  # a template's headers are in its language


@pytest.mark.parametrize("command", [AUDIT, REPORT, TEMPLATE])
def test_english_csv_is_unchanged(command):
    text = run(*command, "--lang", "en")
    assert not text.startswith("\ufeff") and "\r\n" not in text
    assert text.split("\n", 1)[0].startswith(FIRST[id(command)] + ",")


@pytest.mark.parametrize("dialect,start,sep,end", [("excel-en", "\ufeff", ",", "\r\n"), ("rfc4180", "", ",", "\r\n"),
                                                   ("excel-fi", "\ufeff", ";", "\r\n")])
@pytest.mark.parametrize("command", [AUDIT, REPORT, TEMPLATE, DIFF])
def test_the_dialect_option_overrides_the_language(command, dialect, start, sep, end):
    text = run(*command, "--lang", "fi", "--csv-dialect", dialect) if command is not DIFF else \
        run(*command, "--csv-dialect", dialect)
    assert text.startswith(start) and not text[len(start):].startswith("\ufeff")
    first = {id(TEMPLATE): "organisaatio", id(REPORT): "organisaation tunnus"}.get(id(command), FIRST[id(command)])
    assert text[len(start):].split(end, 1)[0].split(sep)[0] == first


def test_the_diff_csv_follows_the_configured_language(tmp_path, monkeypatch):
    (tmp_path / "velvoite.toml").write_text('lang = "fi"\n', "utf-8")
    text = run("--config", str(tmp_path / "velvoite.toml"), *DIFF)
    assert text.startswith("\ufefforg;")


def test_a_finnish_template_filled_in_reads_back(tmp_path):
    text = run(*TEMPLATE, "--lang", "fi")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    header, first = rows[0], rows[1]
    first[header.index("päivämäärä")] = "14.03.25"
    first[header.index("vastuutaho")] = "hyvinvointikoordinaattori"
    first[header.index("toimielin")] = "kunnanhallitus"
    path = tmp_path / "täytetty.csv"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows([header, first])
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "1 record OK" in result.output, result.output


@given(st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=4), min_size=1,
                max_size=5),
       st.sampled_from([PLAIN, *DIALECTS.values()]))
def test_every_cell_reads_back_in_every_dialect(rows, dialect):
    width = max(map(len, rows))
    rows = [row + [""] * (width - len(row)) for row in rows]
    text = csv_text(rows, dialect)
    if dialect.bom:
        assert text.startswith("\ufeff")
        text = text[1:]
    back = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    assert back == [[safe_cell(v) for v in row] for row in rows]
