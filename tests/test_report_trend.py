"""report --trend (issue 33): the share met at each period end, audited from the same records as
the plain report as of that day, in every format; the chart reads without colour and names its
first and last values."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from velvoite.cli import main
from velvoite.reports.trend import period_ends

EX = "examples/records"
AS_OF = "2026-11-29"
FROM = "2024-01-01"
SCHEMA = json.loads(Path("docs/schemas/report.schema.json").read_text(encoding="utf-8"))


def run(*args):
    result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", EX, *args])
    assert result.exit_code == 0, result.output
    return result


def report_json(*args) -> dict:
    return json.loads(run("--format", "json", "--from", FROM, *args).output)


@pytest.fixture(scope="module")
def region_trend() -> dict:
    return report_json("--region", "hva-15", "--as-of", AS_OF, "--trend", "quarterly")


@pytest.fixture(scope="module")
def national_trend() -> dict:
    return report_json("--national", "--as-of", AS_OF, "--trend", "yearly")


@pytest.mark.parametrize("start, as_of, every, expected", [
    ("2024-01-01", "2024-12-31", "quarterly", ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]),
    ("2024-02-15", "2024-11-29", "quarterly", ["2024-03-31", "2024-06-30", "2024-09-30", "2024-11-29"]),
    ("2024-01-31", "2024-04-10", "monthly", ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-10"]),
    ("2023-05-01", "2025-06-30", "yearly", ["2023-12-31", "2024-12-31", "2025-06-30"]),
    ("2024-04-01", "2024-04-20", "quarterly", ["2024-04-20"]),  # no period ends before the as-of date
])
def test_period_ends_run_from_the_first_day_to_the_as_of_date(start, as_of, every, expected):
    days = period_ends(dt.date.fromisoformat(start), dt.date.fromisoformat(as_of), every)
    assert [d.isoformat() for d in days] == expected


def test_the_last_point_is_the_plain_report_of_the_same_day(region_trend):
    plain = report_json("--region", "hva-15", "--as-of", AS_OF)
    last = region_trend["trend"][-1]
    assert last["as_of"] == AS_OF
    assert (last["met"], last["started"], last["met_share"]) == (plain["met"], plain["started"], plain["met_share"])
    assert plain["trend"] == []  # without --trend, no trend
    assert {**region_trend, "trend": []} == plain  # and the rest of the report unchanged


def test_every_point_is_a_plain_audit_as_of_its_day(region_trend):
    points = region_trend["trend"]
    assert [p["as_of"] for p in points][:4] == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    assert len(points) == 12
    for p in points:
        plain = report_json("--region", "hva-15", "--as-of", p["as_of"])
        assert (p["met"], p["started"], p["met_share"]) == (plain["met"], plain["started"], plain["met_share"]), p
    assert len({(p["met"], p["started"]) for p in points}) > 5, "the example region changes over the years"


def test_nationally_every_county_point_is_its_row_of_the_plain_report(national_trend):
    for p in national_trend["trend"]:
        plain = report_json("--national", "--as-of", p["as_of"])
        assert (p["met"], p["started"]) == (plain["met"], plain["started"])
        rows = {r["id"]: r for r in plain["rows"]}
        assert [c["id"] for c in p["counties"]] == [r["id"] for r in plain["rows"]]
        for c in p["counties"]:
            counts = rows[c["id"]]["counts"]
            started = sum(counts[s] for s in ("met", "partial", "missing", "due"))
            assert (c["met"], c["started"]) == (counts["met"], started), c["id"]
    assert any(c["started"] for c in national_trend["trend"][-1]["counties"])


def test_the_trend_report_keeps_its_json_contract(region_trend, national_trend):
    for data in (region_trend, national_trend):
        jsonschema.validate(data, SCHEMA)
        assert data["schema_version"] == "1.3"
        assert set(data["trend"][0]) == {"as_of", "met_share", "met", "started", "counties"}


def test_the_html_chart_names_its_first_and_last_values_and_needs_no_colour():
    page = run("--region", "hva-15", "--as-of", AS_OF, "--from", FROM, "--trend", "quarterly", "--lang", "fi",
               "--format", "html").output
    section = re.search(r'<section aria-labelledby="h-trend">.*?</section>', page, re.S).group(0)
    assert ">Kehitys</h2>" in section
    svg = re.search(r"<svg class=\"trend\".*?</svg>", section, re.S).group(0)
    assert 'role="img"' in svg and 'width="100%"' in svg and 'viewBox="0 0 ' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert "37,1 %" in desc and "31.3.2024" in desc and "42,1 %" in desc and "29.11.2026" in desc, desc
    assert "<title" in svg and "Keski-Suomen hyvinvointialue: alkaneista velvoitteista" in svg
    assert svg.count("<circle") == 12, "a ring at every point: the points read without colour"
    assert ">37,1 %</text>" in svg and ">42,1 %</text>" in svg, "the first and last values are written"
    assert "fill=\"var(--" not in svg and "stroke=\"var(--" not in svg, "no status colour carries meaning"
    table = re.search(r'<table class="trend-table">.*?</table>', section, re.S).group(0)
    assert table.count("<tr>") == 13 and "31.3.2024" in table and "42,1 %" in table


def test_the_national_html_has_a_chart_for_the_country_and_for_each_county_with_data():
    page = run("--national", "--as-of", AS_OF, "--from", FROM, "--trend", "yearly", "--lang", "sv",
               "--format", "html").output
    section = re.search(r'<section aria-labelledby="h-trend">.*?</section>', page, re.S).group(0)
    assert ">Utveckling</h2>" in section and "Hela landet" in section
    assert section.count('<svg class="trend') == 2  # the country, and Keski-Suomi (the only county with records)
    assert "Mellersta Finlands välfärdsområde" in section
    assert section.count("<tr>") == 1 + 1 + 23, "the table names every county, the ones without data with –"


def test_the_workbook_has_a_trend_sheet_with_the_same_numbers_and_a_native_chart(tmp_path, region_trend):
    out = tmp_path / "r.xlsx"
    run("--region", "hva-15", "--as-of", AS_OF, "--from", FROM, "--trend", "quarterly", "--lang", "fi",
        "-o", str(out))
    book = load_workbook(out)
    assert "Kehitys" in book.sheetnames
    sheet = book["Kehitys"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0].date().isoformat(), r[1], r[2]) for r in rows] == [
        (p["as_of"], p["met"], p["started"]) for p in region_trend["trend"]]
    assert [r[3] for r in rows] == pytest.approx([p["met_share"] for p in region_trend["trend"]])
    charts = sheet._charts
    assert len(charts) == 1 and charts[0].tagname == "lineChart"
    assert all(s.marker.symbol for s in charts[0].series), "markers: the lines read without colour"
    again = tmp_path / "r2.xlsx"
    run("--region", "hva-15", "--as-of", AS_OF, "--from", FROM, "--trend", "quarterly", "--lang", "fi",
        "-o", str(again))
    assert out.read_bytes() == again.read_bytes()


def test_markdown_has_the_trend_table():
    text = run("--region", "hva-15", "--as-of", AS_OF, "--from", "2025-01-01", "--trend", "yearly", "--lang", "sv",
               "--format", "md").output
    block = text[text.index("## Utveckling"):]
    assert "| 31.12.2025 |" in block and "| 29.11.2026 |" in block and "Andel uppfyllda" in block


def test_an_unknown_trend_is_refused_with_the_choices():
    result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", EX, "--region", "hva-15",
                                       "--trend", "weekly"])
    assert result.exit_code == 2
    assert "weekly" in result.output and "quarterly" in result.output


def test_without_trend_the_html_has_no_trend_section():
    page = run("--region", "hva-15", "--as-of", AS_OF, "--format", "html").output
    assert 'id="h-trend"' not in page and "<svg class=\"trend" not in page and "<form" not in page


def test_a_monthly_trend_has_a_point_for_every_month_end():
    data = report_json("--region", "hva-15", "--as-of", "2024-12-31", "--trend", "monthly")
    assert [p["as_of"][:7] for p in data["trend"]] == [f"2024-{m:02}" for m in range(1, 13)]
    assert data["trend"][-1]["met"] == data["met"]


def test_the_workspace_report_page_offers_the_trend(ws):
    pytest.importorskip("django")
    from tests.web_helpers import client

    analyst = client("analyst")
    plain = analyst.get("/report/?region=hva-15&lang=fi")
    assert plain.status_code == 200
    page = plain.content.decode()
    assert '<select id="trend-every" name="trend">' in page and 'value="quarterly"' in page
    assert 'id="h-trend"' not in page
    chosen = analyst.get("/report/?region=hva-15&trend=yearly&lang=fi")
    assert chosen.status_code == 200
    page = chosen.content.decode()
    assert 'id="h-trend"' in page and '<svg class="trend" role="img"' in page
    assert '<option value="yearly" selected>' in page and '<input type="hidden" name="region" value="hva-15">' in page
    wrong = analyst.get("/report/?region=hva-15&trend=<b>weekly")
    assert wrong.status_code == 400 and b"quarterly" in wrong.content
    assert wrong["Content-Type"].startswith("text/plain"), "the value echoed is never read as HTML"
