"""The glossary (sanasto): one name per thing, used by every output for people (the terminal table,
the memo, the calendar, the gap report in HTML, Markdown, CSV and XLSX, the year clock, ``velvoite
rules``, the template). The same thing has the same name everywhere: a Finnish reader meets
*Oikeusperusta*, *Kausi* and *Laji*, never a synonym. The packs' own words (titles of duties, names
of kinds and fields) stay in the packs.

The names are English message ids; their Finnish and Swedish are in the catalogues (velvoite/locale),
where a message id has one translation: a heading written with the same English anywhere (the gap
report's "Deadline") is the glossary's word (docs/translating.md: for translators).

``MACHINE`` names the columns that carry ids for tools and for quoting (an organisation's id, a
rule's id, the records' ids) beside the words; README.md lists them as the machine columns.
"""

from __future__ import annotations

from velvoite.i18n import N_, NC_, Words

TERMS = Words({
    "duty": N_("Duty"), "period": N_("Period"), "deadline": N_("Deadline"), "status": N_("Status"),
    "explanation": N_("Explanation"), "basis": N_("Legal basis"), "kind": N_("Kind"), "org": N_("Organisation"),
    "county": N_("County"), "evidence": N_("Evidence"), "missing": N_("Missing"), "reference": N_("Reference"),
    "start": N_("Starts"), "end": N_("Ends"), "recommended_by": N_("Recommended by"),
    "references": N_("Decision references"), "standing": N_("standing"), "audit": N_("Audit"),
    "severity": N_("Severity"), "applies": N_("Applies to"), "requires": N_("Requires"),
})

# Columns of ids beside the words (for tools, and for people who quote them): the machine columns.
MACHINE = Words({"org_id": NC_("machine column", "id"), "rule_id": NC_("machine column", "rule"),
                 "records": NC_("machine column", "evidence")})


def term(key: str, lang: str) -> str:
    """The glossary's word for ``key`` in ``lang`` (English for a language without one)."""
    return TERMS.get(lang, TERMS["en"])[key]


# Whom a rule binds (the registry's tags), in words.
TAG_WORDS = Words({"municipality": N_("municipalities"), "county": N_("wellbeing services counties"),
                   "helsinki": N_("Helsinki"), "aland": N_("Åland"), "uusimaa": N_("Uusimaa"), "hus": N_("HUS")})
# The kinds of period a duty recurs in (periods.kinds), in words.
PERIOD_KIND_WORDS = Words({
    "calendar_year": N_("each calendar year"), "council_term": N_("each council term"),
    "municipal_term": N_("each municipal council term"), "regional_term": N_("each regional council term"),
    "standing": N_("standing"), "rolling": N_("counted from the last approval")})
# Whose record shows it: the organisation as the organiser, or as a participant.
PARTY_WORDS = Words({"organiser": N_("as the organiser"), "participant": N_("as a participant")})
# Who the evidence must cover together: "members" are the county's municipalities.
MEMBERS = Words(N_("the county's municipalities"))
