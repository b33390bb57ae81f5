"""Words of findings: statuses and period words as tables of English message ids (``Words``), the
explanations, whose verbs follow the number of records, as messages with plural forms; their
Finnish and Swedish are in the catalogues (velvoite/locale)."""

from __future__ import annotations

from velvoite.i18n import N_, NC_, Words, ntr, tr

# A finding's status in a word (a cell, a line); "status": the same English is a heading elsewhere.
STATUS = Words({"met": NC_("status", "met"), "partial": NC_("status", "partial"),
                "missing": NC_("status", "missing"), "due": NC_("status", "due"),
                "upcoming": NC_("status", "upcoming"), "waived": NC_("status", "waived"),
                "not_evidenced": NC_("status", "not evidenced"), "no_data": NC_("status", "no data")})


def explain(key: str, lang: str, records: int) -> str:
    """The explanation of a finding in ``lang``: a gettext message (velvoite/locale), its verb in
    the number of the ``records`` it names (one record shows, two records show)."""
    return _EXPLAIN[key](lang, records)


_EXPLAIN = {
    "met": lambda lang, n: ntr(lang, "Met: record {evidence} shows it done within {period}.",
                               "Met: records {evidence} show it done within {period}.", n),
    "met_late": lambda lang, n: ntr(
        lang, "Met late: record {evidence} shows it done within {period}, but after the deadline {deadline}.",
        "Met late: records {evidence} show it done within {period}, but after the deadline {deadline}.", n),
    "partial": lambda lang, n: ntr(
        lang, "Partial: record {evidence} exists within {period}, but it does not show {missing}.",
        "Partial: records {evidence} exist within {period}, but they do not show {missing}.", n),
    "partial_cover": lambda lang, n: ntr(lang, "Partial: record {evidence} within {period} does not cover {missing}.",
                                         "Partial: records {evidence} within {period} do not cover {missing}.", n),
    "missing": lambda lang, n: tr(lang, "Missing: no record shows it done within {period}; the deadline was "
                                        "{deadline}."),
    "due": lambda lang, n: tr(lang, "Due: nothing recorded within {period} yet; the deadline is {deadline}."),
    "upcoming": lambda lang, n: tr(lang, "Upcoming: the period {period} starts on {start}; the deadline is {deadline}."),
    "waived": lambda lang, n: tr(lang, "Waived: {reason} ({reference})."),
    "not_evidenced": lambda lang, n: tr(lang, "Not evidenced: no record shows it within {period} (a recommendation, "
                                              "not a duty)."),
    "not_evidenced_incentive": lambda lang, n: tr(lang, "Not evidenced: no record shows it within {period} (an "
                                                        "indicator of state money, not a duty)."),
}
# A standing duty (pysyvä velvoite) has no period to be done within: it is in effect on a day.
_EXPLAIN.update({
    "met_standing": lambda lang, n: ntr(lang, "Met: record {evidence} shows it in effect on {day}.",
                                        "Met: records {evidence} show it in effect on {day}.", n),
    "partial_standing": lambda lang, n: ntr(
        lang, "Partial: record {evidence} is in effect on {day}, but it does not show {missing}.",
        "Partial: records {evidence} are in effect on {day}, but they do not show {missing}.", n),
    "partial_cover_standing": lambda lang, n: ntr(
        lang, "Partial: record {evidence} in effect on {day} does not cover {missing}.",
        "Partial: records {evidence} in effect on {day} do not cover {missing}.", n),
    "missing_standing": lambda lang, n: tr(lang, "Missing: no record shows it in effect on {day}; the deadline was "
                                                 "{deadline}."),
    "due_standing": lambda lang, n: tr(lang, "Due: no record shows it in effect on {day} yet; the deadline is "
                                             "{deadline}."),
    "upcoming_standing": lambda lang, n: tr(lang, "Upcoming: the duty starts on {start}; the deadline is {deadline}."),
    "not_evidenced_standing": lambda lang, n: tr(lang, "Not evidenced: no record shows it in effect on {day} (a "
                                                       "recommendation, not a duty)."),
    "not_evidenced_incentive_standing": lambda lang, n: tr(lang, "Not evidenced: no record shows it in effect on {day} "
                                                                 "(an indicator of state money, not a duty)."),
})
KEYS = tuple(_EXPLAIN)


def explain_for(key: str, standing: bool, lang: str, records: int) -> str:
    """``explain``, in the words of a standing duty (in effect on a day) where it has them."""
    return explain(f"{key}_standing" if standing and f"{key}_standing" in _EXPLAIN else key, lang, records)


def unconfirmed(lang: str) -> str:
    """The sentence that names a record listing the organisation without standing (engine.standing)."""
    return tr(lang, "Record {id} organised by {organiser} lists {party} as a participant, but {party} has not "
                    "confirmed it.")

LATE = Words(N_("met late"))

PERIOD_WORDS = Words({"standing": N_("standing")})  # the glossary's word (TERMS)

# An incentive finding names its indicator, the points the records earn and its weight.
INDICATOR = Words(N_("HYTE supplement process indicator {number}: {points} points (weight {weight}). The "
                     "other process indicators and the outcome indicators come from THL's and other national data, "
                     "not from records."))

# An organisation in scope that no rule in use binds (the registry may say why: Åland).
NO_DUTIES = Words(N_("no obligations under the rules in use"))
