"""The year's rhythm (vuosikello): its data, its geometry, and the page, the picture and the
report's section with the year's deadlines on it."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from velvoite.cli import main
from velvoite.messages import date_text
from velvoite.reports import yearclock

BASE = ["--config", "examples/velvoite.toml"]
SVG = "{http://www.w3.org/2000/svg}"


def run(*args):
    return CliRunner().invoke(main, [*BASE, *args])


def test_the_shipped_rhythm_is_complete_in_every_language_and_fits_the_clock():
    clock = yearclock.load()
    assert [p.id for p in clock.phases] == ["strategy-evaluation", "hyte-negotiations", "budget", "term-start"]
    for phase in clock.phases:
        assert phase.start <= phase.until and set(phase.title) == {"fi", "sv", "en"}
        assert phase.ends_with is None or set(phase.ends_with) == {"fi", "sv", "en"}
    innermost = yearclock.MONTHS_IN - yearclock.GAP - len(clock.phases) * (yearclock.RING + yearclock.GAP)
    assert innermost > 40, "room for the year in the middle"


@given(st.dates(dt.date(2023, 1, 1), dt.date(2099, 12, 30)))
def test_days_go_round_once_a_year_clockwise_from_twelve(day):
    angle, after = yearclock.day_angle(day), yearclock.day_angle(day + dt.timedelta(days=1))
    assert 0 < angle < 360
    assert after > angle or (after < 1 and day.month == 12 and day.day == 31)
    assert (day.month - 1) * 30 - 3 < angle < day.month * 30 + 3  # within its month's sector (months differ in length)


@given(st.integers(0, 359), st.integers(1, 360), st.floats(10, 100), st.floats(1, 100))
def test_a_ring_sector_starts_and_ends_where_its_angles_say(start, length, inner, width):
    end = min(start + length, 360)
    path = yearclock.arc(start, end, inner, inner + width)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    assert (numbers[0], numbers[1]) == yearclock._point(start, inner + width)
    assert numbers[7:9] == list(yearclock._point(end, inner + width))
    assert int(numbers[5]) == int(end - start > 180)


@pytest.fixture(scope="module")
def page() -> str:
    result = run("yearclock", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29", "--lang", "fi")
    assert result.exit_code == 0, result.output
    return result.output


def test_the_page_lists_every_deadline_of_the_year_and_draws_a_dot_per_day(page):
    # the audit as of the year's last day holds every duty whose deadline falls in the year
    audit = json.loads(run("audit", "examples/records", "--region", "hva-15", "--as-of", "2026-12-31",
                           "--format", "json").stdout)
    days = {f["deadline"] for f in audit["findings"] if f["deadline"].startswith("2026") and f["severity"] == "duty"}
    assert days, "the example region has deadlines in 2026"
    table = page[page.index('id="h-yc-deadlines"'):]
    for day in days:
        assert f"<td>{date_text(dt.date.fromisoformat(day), 'fi')}</td>" in table
    assert page.count('<circle ') == len(days)
    assert "Vuosikello 2026: " in page and "tammi" in page and "410/2015 113 §" in page
    assert "Strategisten tavoitteiden arviointi" in page and "HYTE-neuvottelut" in page


def test_the_picture_alone_is_an_svg_file_with_its_own_style_and_is_the_same_every_time(tmp_path):
    args = ["yearclock", "examples/records", "--org", "Jyväskylä", "--as-of", "2026-11-29", "--year", "2027",
            "--lang", "sv"]
    assert run(*args, "-o", str(tmp_path / "a.svg")).exit_code == 0
    assert run(*args, "--format", "svg", "-o", str(tmp_path / "b.svg")).exit_code == 0
    data = (tmp_path / "a.svg").read_bytes()
    assert data == (tmp_path / "b.svg").read_bytes()
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == "Årshjul 2027"
    assert ".yearclock .month" in root.find(f"{SVG}style").text and "--due-b" in root.find(f"{SVG}style").text
    months = [t.text for t in root.iter(f"{SVG}text")][:12]
    assert months[0] == "jan" and months[5] == "juni"


def test_the_report_carries_the_clock_of_its_as_of_year(tmp_path):
    out = tmp_path / "r.html"
    assert run("report", "examples/records", "--region", "hva-15", "--as-of", "2027-02-01", "--lang", "sv",
               "-o", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    assert '<h2 id="h-yearclock">Årshjul 2027</h2>' in text and "Lagstadgade tidsfrister 2027" in text


def test_the_clock_needs_someone_to_draw_for():
    result = run("yearclock", "examples/records", "--as-of", "2026-11-29")
    assert result.exit_code == 2 and "give --org or --region" in result.output
