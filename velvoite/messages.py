"""Text for people from findings and dates, in Finnish, Swedish and English; the words themselves
live in ``velvoite.words``."""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.numbers import get_decimal_symbol

from velvoite.i18n import language
from velvoite.words.findings import LATE, PERIOD_WORDS, STATUS

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
    # here, not at the top: importing babel.dates finds the machine's time zone (babel.localtime, pytz: about
    # 20 ms), which a run that writes no date in fi or sv does without (unless Babel reads a locale's CLDR data,
    # whose date patterns are babel.dates objects: a list of organisations in words does)
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


_YEARS = re.compile(r"(\d{4})-(\d{4})")
_DAYS = re.compile(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})")


def period_text(label: str, lang: str) -> str:
    """A period label as people write it: a term ``2021–2025`` (an en dash), a rolling period
    ``1.1.2020–31.12.2023`` (its days as ``date_text``), a year as it is, a standing duty in words
    (``pysyvä``, ``stående``, ``standing``). The label itself stays in the machine outputs."""
    word = PERIOD_WORDS.get(lang, PERIOD_WORDS["en"]).get(label)
    if word is not None:
        return word
    if m := _YEARS.fullmatch(label):
        return f"{m[1]}–{m[2]}"
    if m := _DAYS.fullmatch(label):
        return "–".join(date_text(dt.date.fromisoformat(d), lang) for d in (m[1], m[2]))
    return label


def duty_title(rules: dict | None, rule: str, lang: str) -> str:
    """A duty as people name it: its rule's title in ``lang`` (the id only for a rule not given)."""
    found = (rules or {}).get(rule)
    return found.title.get(lang) if found is not None else rule


def day_text(day: dt.date | None) -> str:
    """A date in an error or note, in the run's language (``date_text``: 14.6.2021 in fi and sv)."""
    return date_text(day, language())
