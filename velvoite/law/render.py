"""``velvoite law check`` for people (a table in the run's language) and for machines (JSON, its
schema ``LawOutput`` published in docs/schemas/law.schema.json)."""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, Field

from velvoite.i18n import NC_, Words, _
from velvoite.law.check import Watch
from velvoite.contract import header
from velvoite.escape.terminal import one_line
from velvoite.messages import citation_text, date_text

# A status in words (the JSON keeps the ids); "law status": "changed" is a word elsewhere too.
STATUS_WORDS = Words({"changed": NC_("law status", "changed"), "amended": NC_("law status", "amended"),
                      "pending": NC_("law status", "pending"), "repealed": NC_("law status", "repealed"),
                      "missing": NC_("law status", "missing")})


class LawChange(BaseModel):
    """A cited provision that needs a look."""

    act: str = Field(description="the act, NUMBER/YEAR")
    section: str = Field(description="the section as cited (13 a), or liite for a decree's annex")
    subsection: str | None = Field(description="the subsection as cited, or null for the whole section")
    status: str = Field(json_schema_extra={"enum": ["changed", "amended", "pending", "repealed", "missing"]})
    rules: list[str] = Field(description="the ids of the rules that cite it")
    amended_by: list[str] = Field(description="the amending or repealing acts the metadata names (NUMBER/YEAR)")
    in_force: dt.date | None = Field(description="when the newest of them came or comes into force, if known")
    detail: str = Field(description="what was found, in the run's language")


class LawOutput(BaseModel):
    """``velvoite law check --format json``: what changed in the law the rules cite."""

    schema_version: str = Field(description="the version of this contract")
    velvoite: str = Field(description="the version of velvoite that wrote it")
    as_of: dt.date
    checked: list[str] = Field(description="the cited acts whose consolidated text was read")
    not_checked: list[str] = Field(description="the cited acts no text was given for")
    changes: list[LawChange]


def as_json(watch: Watch) -> str:
    data = {**header(), "as_of": watch.as_of.isoformat(), "checked": watch.checked,
            "not_checked": watch.not_checked, "changes": [c.as_json() for c in watch.changes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_table(watch: Watch, lang: str) -> str:
    out = [_("Law check as of {day}").format(day=date_text(watch.as_of, lang)),
           _("Checked: {acts}").format(acts=", ".join(watch.checked) or "-")]
    if watch.not_checked:
        out.append(_("Not checked (no text given): {acts}").format(acts=", ".join(watch.not_checked)))
    out.append("")
    for change in watch.changes:
        out.append(f"{STATUS_WORDS[lang][change.status]:<24} "
                   f"{citation_text(change.act, change.section, change.subsection, lang)}  ({', '.join(change.rules)})")
        if change.amended_by:
            line = _("by {acts}").format(acts=", ".join(change.amended_by))
            if change.in_force:
                line += ", " + _("in force from {day}").format(day=date_text(change.in_force, lang))
            out.append("    " + line)
        out.append("    " + one_line(change.detail, 400))
    if not watch.changes:
        out.append(_("Nothing to look at: every cited provision holds."))
    out += [_("note: {note}").format(note=note) for note in watch.notes]
    return "\n".join(out) + "\n"
