"""-o NAME.EXT means that format, for every command: the ending chooses the format, an ending the
command does not write or one --format contradicts stops the run (exit 2, nothing written), never
another format under the name given (issue 25: `audit -o tarkastus.xlsx` wrote the text table and
`report -o raportti.pdf` wrote HTML, with exit 0). The gap report as PDF (WeasyPrint, extra `pdf`)."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from click.testing import CliRunner

from velvoite.cli import main

BASE = ["--config", "examples/velvoite.toml"]
AUDIT = ["audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
REPORT = ["report", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
CALENDAR = ["calendar", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
YEARCLOCK = ["yearclock", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
TEMPLATE = ["template", "--region", "hva-15", "--until", "2026-11-29"]
DIFF = ["diff", "examples/records", "--region", "hva-15", "--from-date", "2025-06-30", "--to-date", "2025-12-31"]


def run(*args):
    return CliRunner().invoke(main, [*BASE, *args])


def is_table(data: bytes) -> bool:
    return data.startswith(b"Keski-Suomen hyvinvointialue (hva-15)")


def is_json(data: bytes) -> bool:
    return json.loads(data)["schema_version"] is not None


# what each format's bytes look like
LOOKS = {
    "table": is_table,
    "json": is_json,
    "csv": lambda d: d.lstrip(b"\xef\xbb\xbf").split(b"\n")[0].count(b"," if b";" not in d[:200] else b";") >= 3,
    "md": lambda d: d.startswith(b"# "),
    "sarif": lambda d: json.loads(d)["version"] == "2.1.0",
    "junit": lambda d: d.startswith(b"<?xml") and b"<testsuites" in d[:300],
    "html": lambda d: d.startswith(b"<!DOCTYPE html>"),
    "xlsx": lambda d: d.startswith(b"PK\x03\x04"),
    "pdf": lambda d: d.startswith(b"%PDF-"),
    "ics": lambda d: d.startswith(b"BEGIN:VCALENDAR\r\n"),
    "svg": lambda d: b"<svg " in d[:200] and b"<html" not in d,
    "diff-table": lambda d: b"(hva-15)" in d.split(b"\n")[0],
}

CASES = [
    (AUDIT, "txt", "table"), (AUDIT, "json", "json"), (AUDIT, "csv", "csv"), (AUDIT, "md", "md"),
    (AUDIT, "sarif", "sarif"), (AUDIT, "sarif.json", "sarif"), (AUDIT, "xml", "junit"), (AUDIT, "", "table"),
    (REPORT, "html", "html"), (REPORT, "htm", "html"), (REPORT, "xlsx", "xlsx"), (REPORT, "csv", "csv"),
    (REPORT, "md", "md"), (REPORT, "json", "json"), (REPORT, "", "html"),
    (CALENDAR, "ics", "ics"), (YEARCLOCK, "html", "html"), (YEARCLOCK, "svg", "svg"),
    (TEMPLATE, "xlsx", "xlsx"), (TEMPLATE, "csv", "csv"),
    (DIFF, "json", "json"), (DIFF, "csv", "csv"), (DIFF, "md", "md"), (DIFF, "txt", "diff-table"),
]


@pytest.mark.parametrize("args,ending,fmt", CASES, ids=[f"{c[0][0]}-{c[1] or 'none'}" for c in CASES])
def test_the_ending_chooses_the_format(tmp_path, args, ending, fmt):
    out = tmp_path / (f"tulos.{ending}" if ending else "tulos")
    result = run(*args, "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    assert LOOKS[fmt](out.read_bytes()), out.read_bytes()[:200]


def test_db_export_endings(tmp_path):
    """In processes of their own: Django serves one workspace per process, and the suite's own
    workspace fixture (conftest.ws) is configured in this one."""
    pytest.importorskip("django")
    from tests.web_helpers import velvoite

    ws = tmp_path / "ws"
    assert velvoite("db", "init", str(ws)).returncode == 0
    assert velvoite("db", "import", str(ws), "examples/records/jyvaskyla.yaml").returncode == 0
    for ending, starts in (("yaml", b"-"), ("yml", b"-"), ("json", b"[")):
        out = tmp_path / f"backup.{ending}"
        result = velvoite("db", "export", str(ws), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().lstrip().startswith(starts) or (ending != "json" and b"org:" in out.read_bytes())
    refused = velvoite("db", "export", str(ws), "-o", str(tmp_path / "backup.csv"))
    assert refused.returncode == 2 and ".yaml, .json" in refused.stderr


REFUSED = [
    (AUDIT, "xlsx", ".txt, .json, .csv, .md, .sarif, .xml"), (AUDIT, "pdf", ".txt, .json, .csv, .md, .sarif, .xml"),
    (AUDIT, "html", ".txt, .json"), (REPORT, "docx", ".html, .xlsx, .csv, .md, .json, .pdf"),
    (REPORT, "txt", ".html"), (CALENDAR, "csv", ".ics"), (YEARCLOCK, "png", ".html, .svg"),
    (TEMPLATE, "json", ".xlsx, .csv"), (DIFF, "xlsx", ".txt, .json, .csv, .md"), (DIFF, "log", ".txt"),
]


@pytest.mark.parametrize("args,ending,written", REFUSED, ids=[f"{c[0][0]}-{c[1]}" for c in REFUSED])
def test_an_ending_the_command_does_not_write_is_refused(tmp_path, args, ending, written):
    out = tmp_path / f"tarkastus.{ending}"
    result = run(*args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert f"-o {out}: velvoite {args[0]} does not write .{ending} files; it writes {written}" in result.output
    assert "Traceback" not in result.output and not out.exists() and list(tmp_path.iterdir()) == []


CONFLICTS = [(AUDIT, "json", "csv"), (AUDIT, "table", "md"), (AUDIT, "sarif", "json"), (AUDIT, "json", "xlsx"),
             (REPORT, "html", "pdf"), (REPORT, "md", "html"), (YEARCLOCK, "svg", "html"), (TEMPLATE, "csv", "xlsx"),
             (DIFF, "json", "md")]


@pytest.mark.parametrize("args,fmt,ending", CONFLICTS, ids=[f"{c[0][0]}-{c[1]}-{c[2]}" for c in CONFLICTS])
def test_a_format_that_contradicts_the_ending_is_refused(tmp_path, args, fmt, ending):
    out = tmp_path / f"tulos.{ending}"
    result = run(*args, "--format", fmt, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert f"-o {out} names a .{ending} file, but --format is {fmt}" in result.output
    assert not out.exists()


def test_a_format_with_an_ending_of_no_format_is_taken_as_given(tmp_path):
    out = tmp_path / "tarkastus.log"
    assert run(*AUDIT, "--format", "json", "-o", str(out)).exit_code == 0 and is_json(out.read_bytes())
    dated = tmp_path / "tarkastus-29.11.2026"  # an ending without a letter is no ending: the table
    assert run(*AUDIT, "-o", str(dated)).exit_code == 0 and is_table(dated.read_bytes())


def test_the_refusal_speaks_the_language(tmp_path):
    result = run(*AUDIT, "--lang", "fi", "-o", str(tmp_path / "tarkastus.xlsx"))
    assert result.exit_code == 2 and "velvoite audit ei kirjoita .xlsx-tiedostoja" in result.output


def _pdf_text(data: bytes) -> bytes:
    """The PDF's objects with their streams inflated (WeasyPrint compresses them)."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_the_report_as_pdf(tmp_path):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # not installed, or installed without the system's Pango
        pytest.skip(f"the PDF needs the extra (pip install 'velvoite[pdf]') and Pango: {exc}")
    first, second = tmp_path / "raportti.pdf", tmp_path / "toinen.pdf"
    for out in (first, second):
        result = run(*REPORT, "--lang", "fi", "-o", str(out))
        assert result.exit_code == 0, result.output
    data = first.read_bytes()
    assert data.startswith(b"%PDF-") and data == second.read_bytes()  # the same report, the same bytes
    inside = _pdf_text(data)
    assert b"D:20261129" in inside  # the document's dates are the as-of date, not the time of the run
    title = "Keski-Suomen hyvinvointialue"
    assert title.encode("utf-16-be").hex().upper().encode() in inside.upper() or title.encode() in inside
    assert inside.count(b"/Type /Page\n") + inside.count(b"/Type/Page/") + len(re.findall(rb"/Type\s*/Page[^s]", inside)) >= 2


def test_without_weasyprint_a_pdf_says_how_to_add_it(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    out = tmp_path / "raportti.pdf"
    result = run(*REPORT, "-o", str(out))
    assert result.exit_code == 2 and "pip install 'velvoite[pdf]'" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []
