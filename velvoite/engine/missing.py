"""What a finding misses, for people: an organisation by its name, a kind of record in the words of
the packs in use (``records.kinds``), a requirement as its text; kinds that are alternatives joined
by CLDR's "or" (Babel)."""

from __future__ import annotations

from babel.lists import format_list

from velvoite.messages import LOCALES
from velvoite.records.kinds import kind_name


def missing_text(item: str, lang: str, orgs: dict) -> str:
    """An item a finding says is missing, for people: an organisation's name (``orgs``: the
    registry's organisations by id, or their names), a kind of record in words, or the requirement
    text as is."""
    org = orgs.get(item)
    if org is not None:
        return org if isinstance(org, str) else org.name(lang)
    return kind_name(item, lang) or item


def missing_list(items: list[str], lang: str, orgs: dict) -> str:
    """What a finding misses, for people: kinds of record are alternatives, any one of which would
    do ("A tai B", "A eller B", "A or B", CLDR's list pattern by Babel); organisations to cover and
    requirements to show are all needed ("A, B")."""
    shown = [missing_text(m, lang, orgs) for m in items]
    if _alternatives(items, lang):
        return format_list(shown, style="or", locale=LOCALES.get(lang, "en"))
    return ", ".join(shown)


def missing_items(items: list[str], lang: str, orgs: dict) -> list[str]:
    """What a finding misses as a list for people: kinds of record any one of which would do are one
    item ("A tai B", as ``missing_list`` says it), organisations and requirements each one."""
    if _alternatives(items, lang):
        return [missing_list(items, lang, orgs)]
    return [missing_text(m, lang, orgs) for m in items]


def _alternatives(items: list[str], lang: str) -> bool:
    """Whether ``items`` are kinds of record of which any one would do (two or more, every one a kind)."""
    return len(items) > 1 and all(kind_name(m, lang) for m in items)
