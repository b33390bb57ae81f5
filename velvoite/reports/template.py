"""Data-collection templates: one row per expected activity, for a municipality to fill in.

The columns are the CSV record format (``org``, ``kind``, ``date``, ``body``, ``participants``,
``reference``, ``url``, ...) plus note columns in parentheses that the reader skips. Rows left
without a date are read as "not done" and skipped, so a template sent back half-filled audits as
it stands (see ``velvoite.records.loader``).
"""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet.datavalidation import DataValidation

from velvoite.engine.obligation import expand
from velvoite.messages import date_text, period_text
from velvoite.records.kinds import catalogue, kind_ids, pack_fields
from velvoite.registry import Organisation, Registry
from velvoite.escape.sheet import PLAIN, CsvDialect, csv_text
from velvoite.words.reports import BODY_WORDS, TEMPLATE
from velvoite.reports.xlsx import new_workbook, put_row, save, widths
from velvoite.rules.schema import Rule

OWN_COLUMNS = ("org", "kind", "date", "body", "participants", "reference", "url")


def record_columns(rules: dict[str, Rule]) -> tuple[str, ...]:
    """The record's own columns, then the fields the packs declare that the rules' kinds carry
    (in declaration order), then notes."""
    carried = {f for r in rules.values() for k in r.evidence.kinds for f in catalogue()[k].fields}
    return (*OWN_COLUMNS, *(f for f in pack_fields() if f in carried), "notes")


def rows(registry: Registry, rules: dict[str, Rule], orgs: list[Organisation], start: dt.date,
         until: dt.date, lang: str) -> list[list[str]]:
    """The header and one row per obligation instance of ``orgs`` in [start, until]."""
    w = TEMPLATE[lang]
    notes = [w["org_name"], w["duty"], w["period"], w["deadline"], w["needs"]]
    columns = record_columns(rules)
    out = [list(columns) + notes]
    obligations = expand(rules, registry, orgs, start, until, until)
    obligations.sort(key=lambda o: (o.org.kind != "county", o.org.name(lang), o.deadline, o.rule.id))
    for ob in obligations:
        values = dict.fromkeys(columns, "")
        values["org"] = ob.org.id
        values["kind"] = ob.rule.evidence.kinds[0]
        if ob.applies.party == "participant" and ob.org.county:
            values["participants"] = ob.org.county  # the county's negotiation, recorded from this side
        needs = [ob.rule.requirement(r).missing.get(lang) for r in ob.required]
        period = period_text(ob.period.label, lang)
        out.append([values[c] for c in columns]
                   + [ob.org.name(lang), ob.rule.title.get(lang), period, date_text(ob.deadline, lang),
                      "; ".join(needs)])
    return out


def csv_template(table: list[list[str]], dialect: CsvDialect = PLAIN) -> str:
    return csv_text(table, dialect)


def xlsx_template(table: list[list[str]], lang: str, day: dt.date) -> bytes:
    """The template as a workbook: the first sheet is read back by ``velvoite audit``; lists of
    kinds and body words sit on a second sheet for the drop-down validation."""
    w = TEMPLATE[lang]
    book = new_workbook(day)
    sheet = book.active
    sheet.title = w["sheet"]
    for i, row in enumerate(table, start=1):
        put_row(sheet, i, row, bold=i == 1)
    lists = book.create_sheet(w["lists"])
    kinds = kind_ids()
    for i, kind in enumerate(kinds, start=1):
        lists.cell(row=i, column=1, value=kind)
    for i, word in enumerate(BODY_WORDS[lang], start=1):
        lists.cell(row=i, column=2, value=word)
    lists.cell(row=1, column=4, value=w["help"])
    lists.sheet_state = "hidden"
    last = max(len(table), 2)
    ref = f"'{w['lists']}'"
    for column, letter, count in (("kind", "A", len(kinds)), ("body", "B", len(BODY_WORDS[lang]))):
        col = table[0].index(column)
        target = f"{chr(ord('A') + col)}2:{chr(ord('A') + col)}{last}"
        dv = DataValidation(type="list", formula1=f"{ref}!${letter}$1:${letter}${count}", allow_blank=True,
                            showErrorMessage=True)
        dv.add(target)
        sheet.add_data_validation(dv)
    sheet.freeze_panes = "A2"
    widths(sheet, [11, 26, 12, 14, 14, 30, 30, 24, 14, 20, 10, 24, 26, 40, 10, 12, 50])
    return save(book, day)
