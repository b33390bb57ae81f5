"""The JSON contracts velvoite publishes: the record format, the audit, the report, the diff and the law check.

Every JSON output starts with ``schema_version`` (of these contracts: a major number changes only
when a field is removed or changes meaning) and ``velvoite`` (the tool's version), from the leaf
module ``velvoite.contract``. The schemas are made by pydantic from the models that produce the
outputs, printed by ``velvoite schema WHAT`` and published under ``docs/schemas/`` (a test keeps
them current and validates real outputs with them).
"""

from __future__ import annotations

from velvoite.contract import SCHEMA_VERSION, AuditOutput, header  # noqa: F401 (the contracts' version, here too)
from velvoite.reports.gap import Report
from velvoite.harvest.schema import harvest_schema
from velvoite.records import Record
from velvoite.engine.finding import Finding
from velvoite.law.render import LawOutput
from velvoite.reports.diff import Diff

WHAT = ("records", "audit", "report", "diff", "law", "harvest")


def schema_of(what: str) -> dict:
    """The JSON Schema of one output, with the kinds and fields of the packs in use."""
    if what == "harvest":
        return harvest_schema()
    if what == "records":
        return Record.model_json_schema()
    if what == "audit":
        schema = AuditOutput.model_json_schema(by_alias=True)
        finding = Finding.model_json_schema()
        schema["$defs"] = {**finding.pop("$defs", {}), "Finding": finding}
        schema["properties"]["findings"]["items"] = {"$ref": "#/$defs/Finding"}
        return schema
    if what == "law":
        return LawOutput.model_json_schema(mode="serialization")
    if what == "diff":
        return Diff.model_json_schema(mode="serialization", by_alias=True)

    return Report.model_json_schema(mode="serialization")
