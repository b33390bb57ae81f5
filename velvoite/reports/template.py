"""Data-collection templates: one row per expected activity, for a municipality to fill in.

The columns are the CSV record format (``org``, ``kind``, ``date``, ``body``, ``participants``,
``reference``, ``url``, ...) plus note columns in parentheses that the reader skips. Rows left
without a date are read as "not done" and skipped, so a template sent back half-filled audits as
it stands (see ``velvoite.records.loader``).
"""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from velvoite.engine.obligation import expand
from velvoite.messages import date_text, period_text
from velvoite.records.kinds import catalogue, column_name, kind_ids, kind_name, pack_fields
from velvoite.registry import Organisation, Registry
from velvoite.escape.sheet import PLAIN, CsvDialect, csv_text
from velvoite.words.reports import BODY_WORDS, TEMPLATE
from velvoite.words.values import value_word
from velvoite.reports.workbook import new_workbook, put_row, save, widths
from velvoite.rules.schema import Rule

OWN_COLUMNS = ("org", "kind", "date", "body", "participants", "reference", "url")


# Own fields a row offers when a kind carries them (a decision in effect) or an instruction asks for them.
OPTIONAL_COLUMNS = ("valid_from", "valid_until", "also_counts_as")


def record_columns(rules: dict[str, Rule]) -> tuple[str, ...]:
    """The record's own columns, then every other field the rules' kinds carry or their
    requirements ask for (the decision's ``valid_from`` and ``valid_until``; the packs' fields in
    declaration order), then notes: no row's instruction names a column the sheet lacks."""
    carried = {f for r in rules.values() for k in r.evidence.kinds for f in catalogue()[k].fields}
    carried |= {_COLUMN_OF.get(q.field, q.field) for r in rules.values() for q in r.requirements}
    return (*OWN_COLUMNS, *(f for f in OPTIONAL_COLUMNS if f in carried), *(f for f in pack_fields() if f in carried),
            "notes")


_COLUMN_OF = {"parties": "participants", "kinds": "also_counts_as"}  # a requirement's field -> the column to fill


def _value_words(field: str, value, lang: str) -> str:
    """A required value as the user writes it: council -> valtuusto, True -> kyllä, approved ->
    hyväksytty, a kind by its name."""
    if value is True:
        return TEMPLATE[lang]["yes"]
    if field == "body" and value in BODY_WORDS["en"]:
        return BODY_WORDS[lang][BODY_WORDS["en"].index(value)]
    return value_word(str(value), lang)


def instruction(ob, registry: Registry, lang: str) -> str:
    """How to record an activity so that it meets the duty, as an instruction: the kind, then each
    requirement as the column to fill and, where the rule asks for one, the value."""
    w = TEMPLATE[lang]
    kind = ob.rule.evidence.kinds[0]
    asks: dict[str, str] = {}  # column -> what to write in it (a value wins over "fill it in")
    for req in (ob.rule.requirement(r) for r in ob.required):
        if req.field == "kinds" and req.contains == kind:
            continue  # the row's own kind already counts as it
        field = _COLUMN_OF.get(req.field, req.field)
        column = column_name(field, lang)
        if req.equals is not None and req.equals is not False:
            asks[column] = w["set"].format(column=column, value=_value_words(field, req.equals, lang))
        elif req.contains is not None:
            value = ob.org.county if req.contains == "{county}" else req.contains
            org = registry.orgs.get(value or "")
            asks[column] = w["set"].format(column=column, value=org.name(lang) if org else
                                           _value_words(field, value, lang))
        else:
            asks.setdefault(column, w["fill"].format(column=column))
    return "; ".join([w["record"].format(kind=kind_name(kind, lang) or kind), *asks.values()])


def rows(registry: Registry, rules: dict[str, Rule], orgs: list[Organisation], start: dt.date,
         until: dt.date, lang: str) -> list[list[str]]:
    """The header (in ``lang``: read back in any language) and one row per obligation instance of
    ``orgs`` in [start, until]."""
    w = TEMPLATE[lang]
    notes = [w["org_name"], w["duty"], w["period"], w["deadline"], w["needs"]]
    columns = record_columns(rules)
    out = [[column_name(c, lang) for c in columns] + notes]
    obligations = expand(rules, registry, orgs, start, until, until)
    obligations.sort(key=lambda o: (o.org.kind != "county", o.org.name(lang), o.deadline, o.rule.id))
    for ob in obligations:
        values = dict.fromkeys(columns, "")
        values["org"] = ob.org.id
        kind = ob.rule.evidence.kinds[0]
        values["kind"] = kind if lang == "en" else kind_name(kind, lang) or kind  # read back in any language
        if ob.applies.party == "participant" and ob.org.county:
            values["participants"] = ob.org.county  # the county's negotiation, recorded from this side
        period = period_text(ob.period.label, lang)
        out.append([values[c] for c in columns]
                   + [ob.org.name(lang), ob.rule.title.get(lang), period, date_text(ob.deadline, lang),
                      instruction(ob, registry, lang)])
    return out


def columns_named(lang: str) -> dict[str, str]:
    """The columns the instructions name, as their headers read (``column_name``)."""
    return {field: column_name(field, lang) for field in ("date", "body", "reference", "url")}


def csv_template(table: list[list[str]], dialect: CsvDialect = PLAIN) -> str:
    return csv_text(table, dialect)


ROWS = 1000  # drop-downs and the date format reach this far, beyond the generated rows


def xlsx_template(table: list[list[str]], lang: str, day: dt.date, start: dt.date | None = None) -> bytes:
    """The template as a workbook: a visible first sheet of instructions (which readers pass over),
    the records sheet that ``velvoite audit`` reads back, and a hidden sheet of the kinds and body
    words for the drop-downs; the date column is formatted D.M.YYYY, so that LibreOffice saves a
    four-digit year in CSV."""
    w = TEMPLATE[lang]
    book = new_workbook(day)
    guide = book.active
    guide.title = w["instructions_sheet"]
    sheet = book.create_sheet(w["sheet"])
    period = {"sheet": w["sheet"], "needs": w["needs"], "start": date_text(start or day, lang),
              "until": date_text(day, lang), **columns_named(lang)}
    for i, line in enumerate(w["instructions"], start=1):
        put_row(guide, i * 2 - 1 if i > 1 else 1, [line.format(**period)], bold=i == 1)
    guide.column_dimensions["A"].width = 120
    for i, row in enumerate(table, start=1):
        put_row(sheet, i, row, bold=i == 1)
    lists = book.create_sheet(w["lists"])
    kinds = [k if lang == "en" else kind_name(k, lang) or k for k in kind_ids()]
    for i, kind in enumerate(kinds, start=1):
        lists.cell(row=i, column=1, value=kind)
    for i, word in enumerate(BODY_WORDS[lang], start=1):
        lists.cell(row=i, column=2, value=word)
    lists.cell(row=1, column=4, value=w["help"].format(**columns_named(lang)))
    lists.sheet_state = "hidden"
    last = max(len(table), ROWS)
    ref = f"'{w['lists']}'"
    header = table[0]
    for field, letter, count in (("kind", "A", len(kinds)), ("body", "B", len(BODY_WORDS[lang]))):
        column = get_column_letter(header.index(column_name(field, lang)) + 1)
        dv = DataValidation(type="list", formula1=f"{ref}!${letter}$1:${letter}${count}", allow_blank=True,
                            showErrorMessage=True)
        dv.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(dv)
    date_column = header.index(column_name("date", lang)) + 1
    for row in range(2, last + 1):
        sheet.cell(row=row, column=date_column).number_format = "d.m.yyyy"
    sheet.freeze_panes = "A2"
    widths(sheet, [11, 26, 12, 14, 14, 30, 30, 24, 14, 20, 10, 24, 26, 40, 10, 12, 50])
    return save(book, day)
