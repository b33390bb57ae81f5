"""The trend drawn (``report --trend``): a line chart of the share met at each period end, as plain
numbers and words for the HTML template's hand-written SVG (``templates/trend.html.j2``).

It reads without colour (one dark line, a ring at each point, the values written beside the points),
scales to any width (a viewBox, width 100%: a phone's 390 px too), prints, and names itself to a
screen reader (``role="img"``, a title, a description with the first and last values); the same
numbers are in a table beside it. Nationally the country gets the large chart and each county a small one.
"""

from __future__ import annotations

from velvoite.i18n import tr
from velvoite.messages import date_text
from velvoite.words.reports import percent

TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _spaced(xs: list[float], gap: float) -> set[int]:
    """The indexes of the points whose label is written: the first, the last, and between them each
    at least ``gap`` from the labels beside it (labels never overlap, at any count of points)."""
    if not xs:
        return set()
    shown, last = [0], xs[-1]
    for i, x in enumerate(xs[1:-1], start=1):
        if x - xs[shown[-1]] >= gap and last - x >= gap:
            shown.append(i)
    return set(shown) | {len(xs) - 1}


def chart(name: str, days: list, shares: list, lang: str, small: bool = False) -> dict:
    """The geometry and words of one chart: ``days`` (dates) and ``shares`` (0..1, None when no duty had
    started), one point per day; ``small``: a county's chart beside the others."""
    width, height = (320, 150) if small else (420, 240)
    left, right, top, bottom = (46, 22, 18, 26) if small else (50, 26, 22, 34)
    inner_w, inner_h = width - left - right, height - top - bottom
    n = len(days)
    xs = [left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2) for i in range(n)]

    def y_of(share: float) -> float:
        return round(top + inner_h * (1 - share), 1)

    known_x = [x for x, s in zip(xs, shares) if s is not None]
    labelled = {known_x[i] for i in _spaced(known_x, 60 if small else 48)}  # by x: the points with a value
    points = [{"x": round(x, 1), "y": y_of(s), "label": percent(s, lang), "day": date_text(d, lang),
               "show": x in labelled, "above": s < 0.85,
               "anchor": "start" if known_x and x == known_x[0] and len(known_x) > 1 else "middle"}
              for x, d, s in zip(xs, days, shares) if s is not None]
    runs, run = [], []  # the line is broken where no duty had started
    for s, x in zip(shares, xs):
        if s is None:
            runs, run = runs + ([run] if run else []), []
        else:
            run.append(f"{x:.1f},{y_of(s)}")
    runs = [" ".join(r) for r in runs + ([run] if run else [])]
    ticks_x = [{"x": round(xs[i], 1), "label": date_text(days[i], lang)}
               for i in sorted(_spaced(xs, 400 if small else 115))]
    known = [(d, s) for d, s in zip(days, shares) if s is not None]
    if known:
        (first_day, first), (last_day, last) = known[0], known[-1]
        desc = tr(lang, "The share of started duties met: {first} on {first_day}, {last} on {last_day}; {n} period "
                        "ends, the values also in the table.").format(
            first=percent(first, lang), first_day=date_text(first_day, lang), last=percent(last, lang),
            last_day=date_text(last_day, lang), n=n)
    else:
        desc = tr(lang, "No duty had started on any of the days.")
    title = tr(lang, "{name}: the share of started duties met, {first_day}–{last_day}").format(
        name=name, first_day=date_text(days[0], lang), last_day=date_text(days[-1], lang))
    return {"width": width, "height": height, "r": 3 if small or n > 16 else 4, "left": left, "right": width - right, "top": top,
            "bottom": top + inner_h, "runs": runs, "points": points, "small": small,
            "ticks_y": [{"y": y_of(t), "label": percent(t, lang).replace(",0", "").replace(".0", "")} for t in TICKS],
            "ticks_x": ticks_x, "title": title, "desc": desc, "name": name}


def charts(report) -> dict | None:
    """The trend section of a report: the main chart (the region, or the whole country), nationally
    a small chart per county, and the words of its table; None without ``--trend``."""
    if not report.trend:
        return None
    lang, points = report.lang, report.trend
    days = [p.as_of for p in points]
    whole = report.name if report.scope == "region" else tr(lang, "The whole country")
    counties = [chart(c.name, days, _shares(points, i), lang, small=True)
                for i, c in enumerate(points[-1].counties)] if report.scope == "national" else []
    table = [{"name": whole, "cells": [percent(p.met_share, lang) for p in points]}] + [
        {"name": c["name"], "cells": [percent(s, lang) for s in _shares(points, i)]} for i, c in enumerate(counties)]
    counties = [c for c in counties if c["points"]]  # a county without a started duty on any day: in the table only
    return {"main": chart(whole, days, [p.met_share for p in points], lang), "counties": counties,
            "heading": tr(lang, "Trend"), "whole": whole, "day": tr(lang, "Period end"),
            "share": tr(lang, "Share met"), "met": tr(lang, "Met"), "started": tr(lang, "Started"),
            "intro": tr(lang, "The share of started duties met at the end of each period, the records audited "
                              "as of that day; the last point is this report's date."),
            "rows": [{"day": date_text(p.as_of, lang), "share": percent(p.met_share, lang), "met": p.met,
                      "started": p.started} for p in points],
            "table": table,
            "days": [date_text(d, lang) for d in days]}


def _shares(points, i: int) -> list:
    """The i-th county's share at each point (the counties of the last point, in its order)."""
    cid = points[-1].counties[i].id
    return [next((c.met_share for c in p.counties if c.id == cid), None) for p in points]
