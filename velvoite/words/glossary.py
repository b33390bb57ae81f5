"""The glossary (sanasto): one name per thing and language, used by every output for people (the
terminal table, the memo, the calendar, the gap report in HTML, Markdown, CSV and XLSX, the year
clock, ``velvoite rules``, the template). The same thing has the same name everywhere: a Finnish
reader meets *Oikeusperusta*, *Kausi* and *Laji*, never a synonym. The packs' own words (titles of
duties, names of kinds and fields) stay in the packs.

``MACHINE`` names the columns that carry ids for tools and for quoting (an organisation's id, a
rule's id, the records' ids) beside the words; README.md lists them as the machine columns.
"""

from __future__ import annotations

TERMS = {
    "fi": {"duty": "Velvoite", "period": "Kausi", "deadline": "Määräaika", "status": "Tila", "explanation": "Selitys",
           "basis": "Oikeusperusta", "kind": "Laji", "org": "Organisaatio", "county": "Hyvinvointialue",
           "evidence": "Näyttö", "missing": "Puuttuu", "reference": "Viite", "start": "Alkaa", "end": "Päättyy",
           "recommended_by": "Suositeltu viimeistään", "references": "Päätösten viitteet", "standing": "pysyvä",
           "audit": "Tarkastus", "severity": "Luonne", "applies": "Koskee", "requires": "Edellyttää"},
    "sv": {"duty": "Skyldighet", "period": "Period", "deadline": "Tidsfrist", "status": "Status", "explanation": "Förklaring",
           "basis": "Rättslig grund", "kind": "Typ", "org": "Organisation", "county": "Välfärdsområde",
           "evidence": "Belägg", "missing": "Saknas", "reference": "Referens", "start": "Börjar", "end": "Slutar",
           "recommended_by": "Rekommenderas senast", "references": "Beslutens referenser", "standing": "stående",
           "audit": "Granskning", "severity": "Art", "applies": "Gäller", "requires": "Förutsätter"},
    "en": {"duty": "Duty", "period": "Period", "deadline": "Deadline", "status": "Status", "explanation": "Explanation",
           "basis": "Legal basis", "kind": "Kind", "org": "Organisation", "county": "County",
           "evidence": "Evidence", "missing": "Missing", "reference": "Reference", "start": "Starts", "end": "Ends",
           "recommended_by": "Recommended by", "references": "Decision references", "standing": "standing",
           "audit": "Audit", "severity": "Severity", "applies": "Applies to", "requires": "Requires"},
}

# Columns of ids beside the words (for tools, and for people who quote them): the machine columns.
MACHINE = {
    "fi": {"org_id": "organisaation tunnus", "rule_id": "velvoitteen tunnus", "records": "kirjausten tunnukset"},
    "sv": {"org_id": "organisationens id", "rule_id": "skyldighetens id", "records": "anteckningarnas id"},
    "en": {"org_id": "id", "rule_id": "rule", "records": "evidence"},
}


def term(key: str, lang: str) -> str:
    """The glossary's word for ``key`` in ``lang`` (English for a language without one)."""
    return TERMS.get(lang, TERMS["en"])[key]


# Whom a rule binds (the registry's tags), in words.
TAG_WORDS = {
    "fi": {"municipality": "kunnat", "county": "hyvinvointialueet", "helsinki": "Helsinki", "aland": "Ahvenanmaa",
           "uusimaa": "Uusimaa", "hus": "HUS-yhtymä"},
    "sv": {"municipality": "kommunerna", "county": "välfärdsområdena", "helsinki": "Helsingfors", "aland": "Åland",
           "uusimaa": "Nyland", "hus": "HUS-sammanslutningen"},
    "en": {"municipality": "municipalities", "county": "wellbeing services counties", "helsinki": "Helsinki",
           "aland": "Åland", "uusimaa": "Uusimaa", "hus": "HUS"},
}
# The kinds of period a duty recurs in (engine.period_kinds), in words.
PERIOD_KIND_WORDS = {
    "fi": {"calendar_year": "kalenterivuosittain", "council_term": "valtuustokausittain",
           "municipal_term": "kunnallisen valtuustokauden mukaan", "regional_term": "aluevaltuustokausittain",
           "standing": "pysyvä", "rolling": "edellisestä hyväksymisestä laskien"},
    "sv": {"calendar_year": "per kalenderår", "council_term": "per fullmäktigeperiod",
           "municipal_term": "per kommunal fullmäktigeperiod", "regional_term": "per områdesfullmäktigeperiod",
           "standing": "stående", "rolling": "räknat från det senaste godkännandet"},
    "en": {"calendar_year": "each calendar year", "council_term": "each council term",
           "municipal_term": "each municipal council term", "regional_term": "each regional council term",
           "standing": "standing", "rolling": "counted from the last approval"},
}
# Whose record shows it: the organisation as the organiser, or as a participant.
PARTY_WORDS = {"fi": {"organiser": "järjestäjänä", "participant": "osallistujana"},
               "sv": {"organiser": "som arrangör", "participant": "som deltagare"},
               "en": {"organiser": "as the organiser", "participant": "as a participant"}}
# Who the evidence must cover together: "members" are the county's municipalities.
MEMBERS = {"fi": "alueen kunnat", "sv": "områdets kommuner", "en": "the county's municipalities"}
