"""A record's fields and values in the words of the web page's language: each field's label and
one-line help for the record form, the values of choice fields by their words (``hyväksytty``,
not ``approved``), organisations and kinds by their names, dates as ``D.M.YYYY`` in fi and sv.
Ids stay in the stored record and in the addresses."""

from __future__ import annotations

import datetime as dt

from velvoite.engine.waiver import WAIVER_KEYS
from velvoite.i18n import N_, tr
from velvoite.messages import date_text
from velvoite.records.kinds import catalogue, column_name, date_fields, org_list_fields, pack_fields
from velvoite.words.values import VALUES, body_word, kind_word, value_word  # noqa: F401  (the web's words of values)

# The fields every kind's form shows, in this order; then the kind's own (pack.yaml kinds.fields).
COMMON = ("org", "date", "body", "reference", "url", "notes")
REQUIRED = frozenset(("kind", "org", "date"))  # the loader refuses a record of any kind without them

LABELS = {"org": N_("Organisation"), "kind": N_("Activity"), "date": N_("Date"), "body": N_("Deciding body"),
          "participants": N_("Participants"), "reference": N_("Decision reference"), "url": N_("Link"),
          "notes": N_("Notes"), "valid_from": N_("In effect from"), "valid_until": N_("In effect until"),
          "also_counts_as": N_("Also counts as"), "id": "id"}

HELP = {
    "org": N_("The organisation whose record this is."),
    "date": N_("The day of the decision or meeting, e.g. 14.3.2025."),
    "body": N_("Who decided: council, board, committee or an officer."),
    "reference": N_("The minutes' section or decision number, e.g. Kv 14.3.2025 § 21."),
    "url": N_("An address where the decision or document can be read."),
    "notes": N_("Anything else worth keeping with the record."),
    "participants": N_("The organisations that took part, separated by ;"),
    "valid_from": N_("The first day the decision is in effect, e.g. 1.1.2025."),
    "valid_until": N_("The last day it is in effect; leave empty if it is in effect until further notice."),
    "published_url": N_("The address where the report is published."),
    "delivered_to": N_("The organisations it was delivered to, separated by ;"),
    "responsible": N_("Who is responsible: a person, a group or an office."),
    "hyte_goals": N_("Whether it sets goals and measures for health and wellbeing."),
    "prepared_with": N_("The organisations it was prepared with, separated by ;"),
    "includes": N_("What it contains besides itself."),
    "decision": N_("What the body decided: approved or noted."),
    "role": N_("The role named in the designation."),
    "other_participants": N_("Other actors that took part (associations, companies)."),
    "hyte_indicators": N_("Whether it sets indicators for the year's health and wellbeing goals."),
    "participants_text": N_("Who took part, in words (clubs, associations)."),
    "statement_requested": N_("The day the regional state administrative agency's statement was requested."),
    "delivered_on": N_("The day the decision was delivered to the regional state administrative agency."),
    "areas": N_("The areas of cooperation it covers."),
    "rule": N_("The duty waived (its id, as velvoite rules lists them)."),
    "period": N_("The period waived, as the audit prints it, e.g. 2021–2025."),
    "reason": N_("Why the duty is waived."),
    "expires": N_("The last day the waiver holds."),
}

YES_NO = {True: N_("yes"), False: N_("no")}


def label(field: str, lang: str) -> str:
    if field in LABELS:
        return tr(lang, LABELS[field])
    text = column_name(field, lang) if lang != "en" else None
    declared = pack_fields().get(field)
    text = text if text and text != field else (declared.names.get(lang) if declared else None) or field.replace("_", " ")
    return text[:1].upper() + text[1:]


def help_text(field: str, lang: str) -> str:
    return tr(lang, HELP[field]) if field in HELP else ""


def org_word(org: str, registry, lang: str) -> str:
    found = registry.orgs.get(org)
    return found.name(lang) if found else org


def field_of_kind(kind: str | None) -> tuple[str, ...]:
    """The fields a form for ``kind`` shows: the common ones, then the kind's own."""
    found = catalogue().get(kind or "")
    own = tuple(f for f in (found.fields if found else ()) if f not in COMMON)
    return COMMON + own


def required_of(kind: str | None) -> frozenset[str]:
    """The fields a record of ``kind`` cannot be stored without: every record's (``REQUIRED``), and
    a waiver's own (``engine.waiver.WAIVER_KEYS``: a waiver without them is refused)."""
    return REQUIRED | frozenset(WAIVER_KEYS) if kind == "waiver" else REQUIRED


def date_word(value, lang: str) -> str:
    """An ISO date (as stored) as the language writes it; anything else as it is."""
    try:
        return date_text(dt.date.fromisoformat(str(value)), lang)
    except ValueError:
        return str(value)


def shown(field: str, value, registry, lang: str) -> str:
    """A stored field's value as a person reads it."""
    if isinstance(value, list):
        return ", ".join(shown(field, v, registry, lang) for v in value)
    if isinstance(value, bool):
        return tr(lang, YES_NO[value])
    if field == "org" or field in org_list_fields():
        return org_word(str(value), registry, lang)
    if field == "kind":
        return kind_word(str(value), lang)
    if field == "body":
        return body_word(str(value), lang)
    if field in date_fields():
        return date_word(value, lang)
    declared = pack_fields().get(field)
    if declared is not None and declared.type in ("choice", "choices") or field == "also_counts_as":
        return value_word(str(value), lang)
    return str(value)
