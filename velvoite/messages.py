"""Text for people from findings and dates, in Finnish, Swedish and English; the words themselves
live in ``velvoite.words``."""

from __future__ import annotations

import datetime as dt
import functools

from velvoite.records.kinds import kind_name
from velvoite.words.findings import LATE, PERIOD_WORDS, STATUS

LANGS = ("fi", "sv", "en")

def status_text(finding, lang: str) -> str:
    """A finding's status in words: ``met late`` when it was met after its deadline."""
    return LATE[lang] if getattr(finding, "late", False) else STATUS[lang][finding.status]


# The locales whose CLDR conventions (Babel) write dates and numbers in fi and sv: Finland's.
LOCALES = {"fi": "fi_FI", "sv": "sv_FI"}


def date_text(day: dt.date | None, lang: str) -> str:
    """A date as users of the language write it: 31.12.2024 in fi and sv (CLDR's short date of
    fi_FI and sv_FI, by Babel), 2024-12-31 in en (ISO 8601, as the English outputs always had)."""
    if day is None:
        return ""
    return _local_date(day, lang) if lang in LOCALES else day.isoformat()


@functools.lru_cache(maxsize=4096)
def _local_date(day: dt.date, lang: str) -> str:
    """Cached: an audit prints a few hundred distinct days, each many times."""
    from babel.dates import format_date

    return format_date(day, "short", locale=LOCALES[lang])


def evidence_text(ids: list[str]) -> str:
    """The records a finding names: the first three, then an ellipsis."""
    return ", ".join(ids[:3]) + (" …" if len(ids) > 3 else "")


def number_text(value: float, lang: str) -> str:
    """A decimal number as users of the language write it, all its significant digits: 0,0333 in
    fi and sv (the locale's decimal sign, by Babel), 0.0333 in en."""
    text = f"{value:g}"
    if lang not in LOCALES:
        return text
    from babel.numbers import get_decimal_symbol

    return text.replace(".", get_decimal_symbol(LOCALES[lang]))


def is_act(act: str) -> bool:
    """Whether a cited source is an act (number/year: 612/2021) rather than a recommendation."""
    return "/" in act


def citation_text(act: str, section: str, subsection: str | None, lang: str) -> str:
    """A provision as its readers write it: ``612/2021 7 § 3 mom.`` (fi/sv), ``612/2021 s. 7(3)`` (en).
    A source that is not an act (no number/year: a recommendation) is cited by its name and part."""
    if not is_act(act):
        return f"{act}: {section}"
    if lang in ("fi", "sv"):
        return f"{act} {section} §" + (f" {subsection} mom." if subsection else "")
    return f"{act} s. {section}" + (f"({subsection})" if subsection else "")


def missing_text(item: str, lang: str, orgs: dict) -> str:
    """An item a finding says is missing, for people: an organisation's name (``orgs``: the
    registry's organisations by id), a kind of record in words, or the requirement text as is."""
    org = orgs.get(item)
    return org.name(lang) if org is not None else (kind_name(item, lang) or item)




def period_text(label: str, lang: str) -> str:
    """A period label for people: years and terms as they are, a standing duty in words."""
    return PERIOD_WORDS[lang].get(label, label)
