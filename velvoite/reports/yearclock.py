"""The year's rhythm (vuosikello): a round SVG of the recommended months for evaluation, negotiation,
budget and term-start work (velvoite/rules/yearclock.yaml, from the seed presentation), with the
year's statutory deadlines of the organisations in scope drawn on its rim from the audit.

The geometry is plain numbers computed here (arcs as SVG paths); the markup is in the templates
(``yearclock.svg.j2``, included by the report and by the page ``yearclock.html.j2``). Every
deadline is also listed in a table beside the picture, so nothing is only in the drawing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from importlib import resources

import yaml
from babel.dates import get_month_names
from pydantic import BaseModel, ConfigDict, Field

from velvoite.messages import LOCALES, citation_text
from velvoite.reports.gap import worst
from velvoite import __version__
from velvoite.reports.html import environment
from velvoite.words.reports import REPORT, SYMBOL

CENTRE, RIM, MONTHS_IN = 250.0, 236.0, 206.0  # the month ring runs from MONTHS_IN to RIM
RING, GAP = 30.0, 4.0  # each phase ring and the space between rings (four fit: tests/test_yearclock.py)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Basis(_Strict):
    act: str
    section: str

    def url(self) -> str:
        number, year = self.act.split("/")
        return f"https://finlex.fi/fi/lainsaadanto/{year}/{number}"


class Phase(_Strict):
    id: str
    start: int = Field(alias="from", ge=1, le=12)
    until: int = Field(ge=1, le=12)
    title: dict[str, str]
    ends_with: dict[str, str] | None = None
    basis: Basis | None = None


class YearClock(_Strict):
    source: dict[str, str]
    phases: list[Phase]


@functools.cache
def load() -> YearClock:
    """The rhythm shipped with velvoite (checked by tests/test_yearclock.py)."""
    text = resources.files("velvoite.rules").joinpath("yearclock.yaml").read_text("utf-8")
    return YearClock.model_validate(yaml.safe_load(text))


def _point(angle: float, radius: float) -> tuple[float, float]:
    """Clockwise from twelve o'clock, in degrees."""
    rad = math.radians(angle - 90)
    return round(CENTRE + radius * math.cos(rad), 2), round(CENTRE + radius * math.sin(rad), 2)


def arc(start: float, end: float, inner: float, outer: float) -> str:
    """An SVG path for the ring sector between two angles (degrees) and two radii."""
    large = int(end - start > 180)
    (x1, y1), (x2, y2) = _point(start, outer), _point(end, outer)
    (x3, y3), (x4, y4) = _point(end, inner), _point(start, inner)
    return (f"M{x1} {y1}A{outer} {outer} 0 {large} 1 {x2} {y2}L{x3} {y3}"
            f"A{inner} {inner} 0 {large} 0 {x4} {y4}Z")


def day_angle(day: dt.date) -> float:
    """Where a day is on the clock: the middle of the day, the year going once round."""
    days = 366 if calendar.isleap(day.year) else 365
    return (day.timetuple().tm_yday - 0.5) / days * 360


def month_names(lang: str) -> list[str]:
    if lang in LOCALES:
        names = get_month_names("abbreviated", locale=LOCALES[lang])
        return [names[m].rstrip(".") for m in range(1, 13)]
    return [calendar.month_abbr[m] for m in range(1, 13)]


def deadlines(findings, year: int) -> list[dict]:
    """The year's duty deadlines, one entry per day and duty: its worst status and its organisations."""
    found: dict[tuple, list] = {}
    for f in findings:
        if f.severity == "duty" and f.deadline.year == year:
            found.setdefault((f.deadline, f.rule, f.period), []).append(f)
    return [{"day": day, "rule": rule, "period": period, "status": worst(f.status for f in fs),
             "orgs": sorted({f.org_name for f in fs})} for (day, rule, period), fs in sorted(found.items())]


def build(findings, year: int, lang: str, titles: dict[str, str]) -> dict:
    """What the templates draw: month sectors and labels, a ring per phase, a marker per deadline day."""
    clock = load()
    months = []
    for m, name in enumerate(month_names(lang), start=1):
        a0, a1 = (m - 1) * 30, m * 30
        x, y = _point(a0 + 15, (MONTHS_IN + RIM) / 2)
        months.append({"path": arc(a0, a1, MONTHS_IN, RIM), "name": name, "x": x, "y": y})
    rings = []
    for i, phase in enumerate(clock.phases):
        outer = MONTHS_IN - GAP - i * (RING + GAP)
        start, end = (phase.start - 1) * 30, phase.until * 30
        rings.append({"id": phase.id, "n": i + 1, "path": arc(start, end, outer - RING, outer),
                      "label": _point(start + 6, outer - RING / 2), "title": phase.title[lang],
                      "months": f"{month_names(lang)[phase.start - 1]}–{month_names(lang)[phase.until - 1]}",
                      "ends_with": phase.ends_with[lang] if phase.ends_with else None,
                      "basis": ({"text": citation_text(phase.basis.act, phase.basis.section, None, lang),
                                 "url": phase.basis.url()} if phase.basis else None)})
    items = deadlines(findings, year)
    markers: dict[dt.date, list[dict]] = {}
    for item in items:
        item["title"] = titles.get(item["rule"], item["rule"])
        markers.setdefault(item["day"], []).append(item)
    dots = [{"day": day, "status": worst(i["status"] for i in its), "count": len(its),
             "at": _point(day_angle(day), RIM + 7), "tick": (_point(day_angle(day), MONTHS_IN), _point(day_angle(day), RIM)),
             "titles": [i["title"] for i in its]}
            for day, its in sorted(markers.items())]
    return {"year": year, "size": 2 * CENTRE, "centre": CENTRE, "months": months, "rings": rings, "dots": dots,
            "items": items, "source": clock.source[lang]}


def drawer(rules: dict, year: int, lang: str):
    """``build`` for a year, a language and the rules' titles: findings -> what the templates draw."""
    titles = {rule_id: rule.title.get(lang) for rule_id, rule in rules.items()}
    return lambda findings: build(findings, year, lang, titles)


def page(clock: dict, name: str, lang: str, as_of: dt.date, start: dt.date, engine: str) -> str:
    """The year's rhythm as a page of its own (``velvoite yearclock``)."""
    return environment(lang).get_template("yearclock.html.j2").render(
        yc=clock, name=name, lang=lang, as_of=as_of, start=start, engine=engine, w=REPORT[lang], symbol=SYMBOL,
        version=__version__)


def picture(clock: dict, lang: str) -> str:
    """The clock alone: a standalone SVG file with its own style (``--format svg``)."""
    svg = environment(lang).get_template("yearclock_drawing.svg.j2").render(yc=clock, w=REPORT[lang], alone=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
