"""The words of the gap report and the data-collection template: tables of English message ids
(``Words``), their Finnish and Swedish in the catalogues (velvoite/locale), where a translator reads
a language whole.
"""

from __future__ import annotations

import functools

from velvoite.i18n import N_, NC_, TRANSLATED, Words

SYMBOL = {"met": "✓", "partial": "◐", "missing": "✗", "due": "…", "upcoming": "○", "waived": "§", "not_evidenced": "?",
          "no_data": "∅"}

REPORT = Words({
    "title_region": N_("HYTE duties: gap report, {name}"),
    "title_national": N_("HYTE duties: national gap report"),
    "as_of": N_("Situation on {as_of}; periods from {start}."),
    "share": N_("{pct} of the duties that have started are met"),
    "share_detail": N_("{met} of {started} (upcoming and waived duties are not counted)."),
    "coverage": N_("Records from {with_data} of {total} organisations."),
    "coverage_note": N_("Those that sent none are shown as “no data”, not as missing, and are not in the share."),
    "no_started": N_("No duty has started in this range."),
    "counts": N_("Duties by status"),
    "matrix": N_("Duties by organisation and period"),
    "matrix_national": N_("Duties by county and period (the county with its municipalities)"),
    "org": N_("Organisation"),
    "county": N_("County"),
    "legend": N_("Duties"),
    "not_applicable": N_("not applicable"),
    "met_of": N_("{met}/{total} met"),
    "changes": N_("Changes since the previous audit ({day})"),
    "change_item": N_("{org}: {title}, {period}: {old} → {new}"),
    "changed": N_("changed since the previous audit"),
    "nothing_changed": N_("Nothing changed."),
    "expiring": N_("Waivers ending within 90 days"),
    "expiring_item": N_("{org}: {title}, {period}: waived until {day} ({reference})"),
    "incentives": N_("HYTE supplement process indicators"),
    "incentives_of": N_("{shown}/{total} of the indicators records can show ({numbers}); the other process "
                        "indicators and the outcome indicators come from THL's data"),
    "advisory": N_("Advice and incentives (recommendations and state-money indicators, not duties: never in the "
                   "share above)"),
    "gaps": N_("Gaps by organisation"),
    "no_gaps": N_("No gaps: every duty that has started is met, due or waived."),
    "due_next": N_("Due next (to {until})"),
    "nothing_due": N_("Nothing due in the next six months."),
    "deadline": N_("Deadline"),
    "duty": N_("Duty"),
    "period": N_("Period"),
    "status": N_("Status"),
    "organisations": N_("Organisations"),
    "missing": N_("Missing"),
    "basis": N_("Legal basis"),
    "evidence": N_("Evidence"),
    "no_evidence": N_("none recorded"),
    "chart": N_("Status shares by county"),
    "share_col": N_("Met"),
    "orgs_count": N_("{n} organisations"),
    "generated": N_("Made with velvoite {version}. “Missing” means no record shows the duty done, not that a "
                    "breach "
                    "has been proved."),
    "summary_sheet": N_("Summary"),
    "findings_sheet": N_("Findings"),
    "matrix_sheet": N_("Matrix"),
    "total": N_("Total"),
    "explanation": N_("Explanation"),
    "reference": N_("Reference"),
    "yearclock": N_("The year {year}: its rhythm and deadlines"),
    "yearclock_desc": N_("A clock of the year: the months round the rim, a ring for each recommended phase of the "
                         "work, and a dot on the rim for each day a statutory deadline falls on; all of it is "
                         "listed beside the picture."),
    "yearclock_source": N_("The rhythm: {source}. Recommended months, not duties; the deadlines are the law's."),
    "yearclock_deadlines": N_("Statutory deadlines in {year}"),
    "yearclock_none": N_("No statutory deadline falls in {year}."),
    "national_index": N_("Whole country"),
    "more_evidence": N_("and {n} more"),
    "county_gaps": N_("{n} gaps: see the county's page"),
})

TEMPLATE = Words({
    "org_name": N_("(organisation)"),
    "duty": N_("(duty)"),
    "period": N_("(period)"),
    "deadline": N_("(deadline)"),
    "needs": N_("(how to record it)"),
    "sheet": N_("Records"),
    "lists": N_("lists"),
    "instructions_sheet": N_("Instructions"),
    "help": N_("Fill in '{date}' (D.M.YYYY), '{body}', '{reference}' and '{url}' for each activity done; leave the "
               "date empty if it was not done. Columns in parentheses are not read."),
    "record": N_("Record the {kind}"),
    "fill": N_("fill in {column}"),
    "set": N_("{column}: {value}"),
    "yes": N_("yes"),
    "instructions": [
        N_("How to fill in this workbook"),
        N_("The sheet '{sheet}' has one row per activity the law expects of each organisation in {start}–{until}."),
        N_("For each activity that was done, fill in '{date}' (D.M.YYYY), '{body}' (the body that decided), "
           "'{reference}' (the decision's, e.g. Kv 12.6.2025 § 45) and '{url}' (its web address, where there is "
           "one)."),
        N_("The column '{needs}' says what else the row must show for the duty to be met."),
        N_("Leave the date empty if the activity was not done: the row is then read as not done."),
        N_("Columns whose header is in parentheses are for reading only; velvoite does not read them."),
        N_("Keep the sheet '{sheet}' first among the data sheets and do not rename its columns; you may add rows."),
        N_("Save as Excel (.xlsx), LibreOffice (.ods) or CSV (Finnish or Swedish Excel's CSV is read too)."),
        N_("Then: velvoite audit FILE  (or send the file to whoever runs the audit)."),
    ],
})


@functools.cache
def instruction_sheets() -> frozenset[str]:
    """Sheets a reader passes over: a template's instructions, in every language (found when a
    workbook is read: importing the words loads no catalogue)."""
    return frozenset(w["instructions_sheet"] for w in TEMPLATE.values())


def template_own(read: str, other: str) -> bool:
    """Whether ``other`` is a sheet velvoite's own template writes beside the records sheet ``read``
    (its instructions, its hidden lists of kinds and bodies): passed over without a note."""
    return (any(read == w["sheet"] for w in TEMPLATE.values())
            and any(other in (w["instructions_sheet"], w["lists"]) for w in TEMPLATE.values()))

# The record's own columns in Finnish and Swedish: template headers in the user's language, read back
# as the fields (a pack's own fields have their names in its pack.yaml). English uses the field ids,
# which are the message ids ("record column": the same English is a word elsewhere).
COLUMN_NAMES = Words({
    "id": NC_("record column", "id"), "org": NC_("record column", "org"), "kind": NC_("record column", "kind"),
    "date": NC_("record column", "date"), "body": NC_("record column", "body"),
    "participants": NC_("record column", "participants"), "reference": NC_("record column", "reference"),
    "url": NC_("record column", "url"), "valid_from": NC_("record column", "valid_from"),
    "valid_until": NC_("record column", "valid_until"), "also_counts_as": NC_("record column", "also_counts_as"),
    "notes": NC_("record column", "notes")}, languages=TRANSLATED)

# Headers earlier templates wrote, still read as their fields: the Swedish notes column was
# "anteckningar", the word of the records themselves (the glossary's "Anteckningar" sheet).
EARLIER_COLUMN_NAMES = {"anteckningar": "notes"}

# The body tiers (records.body.BODIES, in its order) in words.
BODY_WORDS = Words([NC_("body", "council"), NC_("body", "board"), NC_("body", "committee"), NC_("body", "officer"),
                    NC_("body", "other")])


def percent(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:.1f}"
    return (text.replace(".", ",") + " %") if lang in ("fi", "sv") else text + " %"
