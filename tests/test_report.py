"""The gap report (HTML, Markdown, CSV, XLSX, JSON), Excel input and the data-collection template."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from velvoite.cli import main
from velvoite.engine import run_audit
from velvoite.records import load_records
from velvoite.reports.gap import build, national_orgs, report_until

EX = "examples/records"
AS_OF = dt.date(2026, 11, 29)
HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "=HYPERLINK(\"http://x\")",
           "+1+1", "-2+3", "@SUM(A1)"]


def run(*args):
    return CliRunner().invoke(main, ["--config", "examples/velvoite.toml", *args])


@pytest.fixture(scope="module")
def example(registry):
    return load_records([EX], registry)


@pytest.fixture(scope="module")
def region_report(example, registry, rules):
    orgs = registry.region("hva-15")
    audit = run_audit(example, registry, rules, orgs, AS_OF, dt.date(2023, 1, 1), until=report_until(AS_OF))
    return audit, build(audit, registry, rules, example, "region", "Keski-Suomi", "en")


def test_matrix_agrees_with_the_audit(region_report, example, registry, rules):
    audit, report = region_report
    plain = run_audit(example, registry, rules, registry.region("hva-15"), AS_OF, dt.date(2023, 1, 1))
    cells = {(row.id, c.rule, c.period): cell.status
             for row in report.rows for c, cell in zip(report.columns, row.cells) if cell}
    assert cells == {(f.org, f.rule, f.period): f.status for f in plain.findings}
    assert report.counts == plain.summary()
    assert report.met == plain.summary()["met"]
    assert report.started == sum(plain.summary()[s] for s in ("met", "partial", "missing", "due"))
    assert [r.id for r in report.rows][0] == "hva-15" and len(report.rows) == 23
    assert {(g.org, g.rule, g.period) for g in report.gaps} == \
           {(f.org, f.rule, f.period) for f in plain.findings if f.status in ("partial", "missing")}
    for d in report.due_next:
        assert AS_OF <= d.deadline <= dt.date(2027, 5, 29) and d.status != "met"


def test_national_rolls_municipalities_into_counties(example, registry, rules):
    orgs = national_orgs(registry, dt.date(2023, 1, 1), AS_OF)
    audit = run_audit(example, registry, rules, orgs, AS_OF, dt.date(2023, 1, 1), until=report_until(AS_OF))
    report = build(audit, registry, rules, example, "national", "", "fi")
    ids = [r.id for r in report.rows]
    assert len(ids) == len(set(ids))
    assert {f"hva-{i:02d}" for i in range(1, 22)} <= set(ids) and "kunta-091" in ids
    assert not any(i.startswith("kunta-") and i != "kunta-091" for i in ids)
    started = [f for f in audit.findings if f.start <= AS_OF]
    hva15 = next(r for r in report.rows if r.id == "hva-15")
    members = {"hva-15", *registry.members("hva-15")}
    assert sum(hva15.counts.values()) == sum(f.org in members for f in started)
    for row in report.rows:
        for col, cell in zip(report.columns, row.cells):
            if cell:
                assert 0 <= cell.met <= cell.total


def test_report_formats_from_the_cli(tmp_path):
    outputs = {}
    for fmt in ("html", "md", "csv", "json", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        result = run("report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "-o", str(out))
        assert result.exit_code == 0, result.output
        outputs[fmt] = out.read_bytes()
    data = json.loads(outputs["json"])
    assert data["scope"] == "region" and data["counts"]["met"] == data["met"]
    rows = list(csv.reader(io.StringIO(outputs["csv"].decode())))
    assert len(rows) == 1 + len(data["rows"]) and len(rows[0]) == 2 + len(data["columns"])
    assert outputs["md"].decode().count("\n| ") >= len(data["rows"])
    book = load_workbook(io.BytesIO(outputs["xlsx"]))
    assert book.sheetnames == ["Summary", "Matrix", "Findings"]
    assert book["Matrix"].max_row == 1 + len(data["rows"])
    for fmt in ("html", "xlsx", "json"):  # same inputs, same bytes
        again = tmp_path / f"again.{fmt}"
        run("report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "-o", str(again))
        assert again.read_bytes() == outputs[fmt]


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2026-11-29"], "either --region REF or --national"),
    (["--region", "hva-15", "--national"], "either --region REF or --national"),
    (["--region", "kunta-179"], "is not a region"),
    (["--region", "hva-15", "--from", "2027-01-01", "--as-of", "2026-11-29"], "after --as-of"),
])
def test_report_usage_errors(args, message):
    result = CliRunner().invoke(main, ["report", EX, *args])
    assert result.exit_code == 2 and message in result.output, result.output


def hostile_workspace(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    lines = ["org;kind;date;body;reference;url;notes"]
    for i, text in enumerate(HOSTILE):
        day = f"{10 + i}.3.2024"
        lines.append(f'Jyväskylä;annual_welfare_report;{day};lautakunta;"{text.replace(chr(34), chr(34) * 2)}";'
                     f'javascript:alert({i});"{text.replace(chr(34), chr(34) * 2)}"')
    (folder / "hostile.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_hostile_text_is_text_in_every_format(tmp_path):
    folder = hostile_workspace(tmp_path)
    base = ["report", str(folder), "--region", "hva-15", "--as-of", "2026-11-29"]
    html = run(*base, "--format", "html").output
    assert "<img src=x" not in html and "<script>" not in html and "javascript:" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;" in html
    md = run(*base, "--format", "md").output
    assert "<img" not in md and "<script" not in md
    rows = list(csv.reader(io.StringIO(run(*base, "--format", "csv").output)))
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    out = tmp_path / "r.xlsx"
    assert run(*base, "-o", str(out)).exit_code == 0
    assert_no_formulas(out, expect_text=[t for t in HOSTILE if t[0] in "=+-@"])
    findings_csv = run("audit", str(folder), "--org", "Jyväskylä", "--as-of", "2026-11-29", "--format", "csv").output
    assert all(not c.startswith(("=", "+", "-", "@")) for r in csv.reader(io.StringIO(findings_csv)) for c in r)


def assert_no_formulas(path, expect_text=()):
    """No cell of the workbook is a formula, in openpyxl's view and in the sheet XML itself."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    book = load_workbook(path)
    values = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.add(cell.value)
    text = "\n".join(values)
    for t in expect_text:
        assert t in text


# --- Excel input --------------------------------------------------------------------------------









# --- Templates ----------------------------------------------------------------------------------





# --- HTML structure ----------------------------------------------------------------------------

class Matrix(HTMLParser):
    """Counts the body rows and cells of table#matrix and collects every element and attribute."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.in_body = False
        self.rows = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "matrix":
            self.depth = 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.rows[-1].append(attrs.get("class", ""))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.depth = 0


def parse_matrix(html: str) -> Matrix:
    parser = Matrix()
    parser.feed(html)
    return parser


def test_html_is_self_contained_and_accessible(region_report):
    from velvoite.reports.html import render

    _, report = region_report
    html = render(report, report.lang)
    parsed = parse_matrix(html)
    assert len(parsed.rows) == len(report.rows) and all(len(r) == len(report.columns) for r in parsed.rows)
    assert not any(tag == "script" for tag, _ in parsed.tags)
    assert not any(tag == "link" or (tag == "img" and not a.get("src", "").startswith("data:"))
                   for tag, a in parsed.tags)
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'", html)
    assert not re.search(r"(src|href)=\"(https?:)?//(?!finlex)", html)
    assert "@page" in html and "print" in html
    statuses = {c for row in parsed.rows for c in row}
    assert statuses <= {"s-met", "s-partial", "s-missing", "s-due", "s-upcoming", "s-waived", "na"}


def test_national_html_has_a_chart_row_per_county(example, registry, rules):
    from velvoite.reports.html import render

    orgs = national_orgs(registry, dt.date(2023, 1, 1), AS_OF)
    audit = run_audit(example, registry, rules, orgs, AS_OF, dt.date(2023, 1, 1), until=report_until(AS_OF))
    report = build(audit, registry, rules, example, "national", "", "sv")
    html = render(report, report.lang)
    parsed = parse_matrix(html)
    assert len(parsed.rows) == len(report.rows) == 23  # 21 counties, Helsinki and HUS (615/2021 § 8)
    svg_texts = re.findall(r'<text x="\d+" y="\d+" text-anchor="end">([^<]+)</text>', html)
    assert svg_texts == [row.name for row in report.rows]
    assert "Nationell bristrapport".lower() in html.lower() and "<details>" in html
    assert not any(tag == "script" for tag, _ in parsed.tags)
    # Every bar's segments add up to its width (shares of that county's started duties).
    checked = 0
    for bar in re.findall(r"(<text x=\"\d+\" y=\"(\d+)\" text-anchor=\"end\">.*?)(?=<text x=\"\d+\" y=\"\d+\" "
                          r"text-anchor=\"end\">|<rect x=\"\d+\" y=\"\d+\" width=\"12\")", html, re.S):
        widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="16"', bar[0])]
        if widths:
            checked += 1
            assert abs(sum(widths) - 560) < 0.1
    # a county that sent no records has no bar (it is "no data", not 0 % met)
    with_data = [r for r in report.rows if sum(r.counts.values())]
    assert checked == len(with_data) >= 1
    assert report.coverage.with_data < report.coverage.total
    silent = [r for r in report.rows if not sum(r.counts.values())]
    assert silent and all(c is None or c.status == "no_data" for r in silent for c in r.cells)


def test_region_due_next_names_everyone(region_report):
    from velvoite.reports.html import render
    from velvoite.reports.report_text import markdown

    _, report = region_report
    biggest = max(report.due_next, key=lambda d: len(d.orgs))
    assert len(biggest.orgs) > 12
    for text in (render(report, report.lang), markdown(report, report.lang)):
        assert ", ".join(biggest.orgs) in text






def test_an_organisation_that_sent_nothing_is_no_data_not_missing(tmp_path):
    """Only Jyväskylä's own records: the region's other municipalities show "ei tietoja" in the
    matrix, are left out of the counts, the share and the gaps, and the report leads with the
    coverage; the audit of one of them still says missing (a lawyer sees the law's view)."""
    only = tmp_path / "jkl.yaml"
    only.write_text(Path("examples/records/jyvaskyla.yaml").read_text("utf-8"), "utf-8")
    data = json.loads(run("report", str(only), "--region", "hva-15", "--as-of", "2026-11-29", "--lang", "fi",
                          "--format", "json").stdout)
    rows = {r["id"]: r for r in data["rows"]}
    silent = rows["kunta-172"]  # Joutsa: no record names it
    assert all(c is None or c["status"] == "no_data" for c in silent["cells"]) and not sum(silent["counts"].values())
    assert any(c and c["status"] != "no_data" for c in rows["kunta-179"]["cells"])
    assert data["coverage"]["with_data"] < data["coverage"]["total"] and "Joutsa" in data["coverage"]["without"]
    assert not [g for g in data["gaps"] if g["org"] == "kunta-172"]
    assert data["started"] == sum(sum(r["counts"].values()) - r["counts"]["upcoming"] - r["counts"]["waived"]
                                  for r in data["rows"])
    html = run("report", str(only), "--region", "hva-15", "--as-of", "2026-11-29", "--lang", "fi").output
    assert 'id="coverage"' in html and "ei tietoja" in html and html.index('id="coverage"') < html.index('id="matrix"')
    audit = json.loads(run("audit", str(only), "--org", "Joutsa", "--as-of", "2026-11-29", "--format", "json").stdout)
    assert "missing" in {f["status"] for f in audit["findings"]}


def test_report_html_landmarks_keyboard_and_print():
    """One <main> landmark; the matrix scrolls inside a focusable, labelled region (reachable by
    keyboard); the chart scales with the page; print opens every collapsed gap list; every status
    has a symbol of its own, distinct from the not-applicable dash."""
    from velvoite.words.reports import SYMBOL

    html = run("report", EX, "--national", "--as-of", "2026-11-29", "--lang", "fi").output
    assert html.count("<main>") == 1 and html.count("</main>") == 1
    assert html.index("<main>") < html.index('id="h-matrix"') < html.index("</main>") < html.index("<footer>")
    assert '<div class="scroll" tabindex="0" role="region" aria-labelledby="h-matrix">' in html
    assert "svg.chart { max-width: 100%; height: auto; }" in html and 'viewBox="0 0 ' in html
    printing = html[html.index("@media print"):]
    assert "details::details-content { display: block; content-visibility: visible; }" in printing
    assert len(set(SYMBOL.values())) == len(SYMBOL) and "–" not in SYMBOL.values()
