"""User-facing words in Finnish, Swedish and English (statuses, explanations, headings)."""

from __future__ import annotations

import datetime as dt

from velvoite.records.kinds import kind_name

LANGS = ("fi", "sv", "en")

STATUS = {
    "fi": {"met": "täyttyy", "partial": "osittain", "missing": "puuttuu", "due": "avoinna",
           "upcoming": "tulossa", "waived": "vapautettu", "not_evidenced": "ei näyttöä"},
    "sv": {"met": "uppfylld", "partial": "delvis", "missing": "saknas", "due": "öppen",
           "upcoming": "kommande", "waived": "undantagen", "not_evidenced": "inte belagd"},
    "en": {"met": "met", "partial": "partial", "missing": "missing", "due": "due",
           "upcoming": "upcoming", "waived": "waived", "not_evidenced": "not evidenced"},
}

EXPLAIN = {
    "en": {
        "met": "Met: {evidence} shows it done within {period}.",
        "met_late": "Met late: {evidence} shows it done within {period}, but after the deadline {deadline}.",
        "partial": "Partial: {evidence} exists within {period}, but it does not show {missing}.",
        "partial_cover": "Partial: {evidence} within {period} does not cover {missing}.",
        "missing": "Missing: no record shows it done within {period}; the deadline was {deadline}.",
        "due": "Due: nothing recorded within {period} yet; the deadline is {deadline}.",
        "upcoming": "Upcoming: the period {period} starts on {start}; the deadline is {deadline}.",
        "waived": "Waived: {reason} ({reference}).",
        "not_evidenced": "Not evidenced: no record shows it within {period} (a recommendation, not a duty).",
    },
    "fi": {
        "met": "Täyttyy: {evidence} osoittaa velvoitteen hoidetuksi kaudella {period}.",
        "met_late": "Täyttyi myöhässä: {evidence} osoittaa velvoitteen hoidetuksi kaudella {period}, mutta vasta määräajan {deadline} jälkeen.",
        "partial": "Osittain: kaudella {period} on {evidence}, mutta siitä ei käy ilmi {missing}.",
        "partial_cover": "Osittain: kauden {period} {evidence} ei kata seuraavia: {missing}.",
        "missing": "Puuttuu: mikään kirjaus ei osoita velvoitetta hoidetuksi kaudella {period}; määräaika oli {deadline}.",
        "due": "Avoinna: kaudelta {period} ei ole vielä kirjausta; määräaika on {deadline}.",
        "upcoming": "Tulossa: kausi {period} alkaa {start}; määräaika on {deadline}.",
        "waived": "Vapautettu: {reason} ({reference}).",
        "not_evidenced": "Ei näyttöä: mikään kirjaus ei osoita tätä kaudella {period} (suositus, ei lakisääteinen velvoite).",
    },
    "sv": {
        "met": "Uppfylld: {evidence} visar att skyldigheten fullgjorts under {period}.",
        "met_late": "Uppfylld för sent: {evidence} visar att skyldigheten fullgjorts under {period}, men efter tidsfristen {deadline}.",
        "partial": "Delvis: {evidence} finns för {period}, men visar inte {missing}.",
        "partial_cover": "Delvis: {evidence} för {period} omfattar inte {missing}.",
        "missing": "Saknas: ingen anteckning visar att skyldigheten fullgjorts under {period}; tidsfristen var {deadline}.",
        "due": "Öppen: inget antecknat för {period} ännu; tidsfristen är {deadline}.",
        "upcoming": "Kommande: perioden {period} börjar {start}; tidsfristen är {deadline}.",
        "waived": "Undantagen: {reason} ({reference}).",
        "not_evidenced": "Inte belagd: ingen anteckning visar detta under {period} (en rekommendation, inte en skyldighet).",
    },
}

LATE = {"fi": "täyttyi myöhässä", "sv": "uppfylld för sent", "en": "met late"}


def status_text(finding, lang: str) -> str:
    """A finding's status in words: ``met late`` when it was met after its deadline."""
    return LATE[lang] if getattr(finding, "late", False) else STATUS[lang][finding.status]


RECORD_WORD = {"fi": ("kirjaus", "kirjaukset"), "sv": ("anteckningen", "anteckningarna"),
               "en": ("record", "records")}


def date_text(day: dt.date | None, lang: str) -> str:
    """A date as users of the language write it: 31.12.2024 in fi and sv, 2024-12-31 in en."""
    if day is None:
        return ""
    return f"{day.day}.{day.month}.{day.year}" if lang in ("fi", "sv") else day.isoformat()


def evidence_text(ids: list[str], lang: str) -> str:
    one, many = RECORD_WORD[lang]
    shown = ", ".join(ids[:3]) + (" …" if len(ids) > 3 else "")
    return f"{one if len(ids) == 1 else many} {shown}"


def citation_text(act: str, section: str, subsection: str | None, lang: str) -> str:
    """A provision as its readers write it: ``612/2021 7 § 3 mom.`` (fi/sv), ``612/2021 s. 7(3)`` (en)."""
    if lang in ("fi", "sv"):
        return f"{act} {section} §" + (f" {subsection} mom." if subsection else "")
    return f"{act} s. {section}" + (f"({subsection})" if subsection else "")


def missing_text(item: str, lang: str, orgs: dict) -> str:
    """An item a finding says is missing, for people: an organisation's name (``orgs``: the
    registry's organisations by id), a kind of record in words, or the requirement text as is."""
    org = orgs.get(item)
    return org.name(lang) if org is not None else (kind_name(item, lang) or item)


PERIOD_WORDS = {"fi": {"standing": "jatkuva"}, "sv": {"standing": "fortlöpande"}, "en": {"standing": "standing"}}


def period_text(label: str, lang: str) -> str:
    """A period label for people: years and terms as they are, a standing duty in words."""
    return PERIOD_WORDS[lang].get(label, label)
