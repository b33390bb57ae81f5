"""The gap report page of a region or of the nation, as ``velvoite report`` writes it (HTML), with
the choice of its trend (``?trend=monthly|quarterly|yearly``: ``report --trend``)."""

from __future__ import annotations

from velvoite.errors import VelvoiteError
from velvoite.i18n import tr


def trend_choice(given: str | None, lang: str) -> str | None:
    """The trend asked for by ``?trend=``, or None; anything else is refused with the choices."""
    from velvoite.reports.trend import EVERY

    if not given:
        return None
    if given not in EVERY:
        raise VelvoiteError(tr(lang, "trend: {value!r} is not one of {choices}").format(
            value=given[:40], choices=", ".join(EVERY)))
    return given


def trend_form(county, every: str | None, lang: str) -> dict:
    """The trend choice shown above the report (a form that GETs this page again; no script)."""
    return {"region": county.id if county is not None else "", "every": every or "", "label": tr(lang, "Trend"),
            "button": tr(lang, "Show"),
            "choices": [("", tr(lang, "none")), ("monthly", tr(lang, "monthly")), ("quarterly", tr(lang, "quarterly")),
                        ("yearly", tr(lang, "yearly"))]}


def report_html(state, county, lang: str, every: str | None = None) -> str:
    """``gap_html``; with a trend (an audit per period end, seconds of work for a national monthly
    one) kept on the records' snapshot until a write concerns the region (``web.loaded``), so asking
    again, or many asking at once, costs one computation per data version, day and language."""
    from velvoite.web.loaded import EVERYONE

    if state.compute is not None:  # (velvoite serve's: a process of its own, web.compute; kept as here)
        return state.compute.ask(("report", state.today(), lang, county.id if county is not None else None, every),
                                 keep=every is not None)
    if every is None or state.reload_all:
        return gap_html(state, county, lang, every)
    snapshot = state.loaded().current()
    orgs = EVERYONE if county is None else [county.id, *state.registry.members(county.id)]
    return snapshot.memo(("report", county.id if county is not None else None, state.today(), lang, every), orgs,
                         lambda: gap_html(state, county, lang, every, snapshot.records))


def gap_html(state, county, lang: str, every: str | None = None, records: list | None = None) -> str:
    """``velvoite report --region`` (a county) or ``--national`` (None) of the stored records (or
    ``records``), with ``--trend every`` from the first day audited when it is given."""
    from velvoite.reports.gap_run import gap_of, rendered

    records, as_of, rules = records if records is not None else state.records(), state.today(), state.rules()
    audit, gap = gap_of(state.system, records, county, as_of, state.system.audit_start, lang, every)
    return rendered("html", gap, audit, records, state.registry, rules, as_of, lang,
                    form=trend_form(county, every, lang))
