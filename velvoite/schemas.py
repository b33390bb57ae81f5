"""The JSON contracts velvoite publishes: the record format, the audit, the report, the diff and the law check.

Every JSON output starts with ``schema_version`` (of these contracts: a major number changes only
when a field is removed or changes meaning) and ``velvoite`` (the tool's version). The schemas are
made by pydantic from the models that produce the outputs, printed by ``velvoite schema WHAT`` and
published under ``docs/schemas/`` (a test keeps them current and validates real outputs with them).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from velvoite import __version__

SCHEMA_VERSION = "1.3"  # 1.1: findings name unconfirmed evidence (engine.standing); 1.2: evidence_keys; 1.3: report trend
WHAT = ("records", "audit", "report", "diff", "law", "harvest")


def header() -> dict[str, str]:
    """The first two keys of every JSON output."""
    return {"schema_version": SCHEMA_VERSION, "velvoite": __version__}


class AuditOutput(BaseModel):
    """``velvoite audit --format json``: every obligation instance of the organisations in scope."""

    model_config = ConfigDict(populate_by_name=True)
    schema_version: str = Field(description="the version of this contract")
    velvoite: str = Field(description="the version of velvoite that wrote it")
    as_of: dt.date
    from_: dt.date = Field(alias="from")
    engine: str
    findings: list = Field(description="one per obligation instance, sorted by organisation, rule and start")
    summary: dict[str, int] = Field(description="findings of duties by status (advice and incentives apart)")


def schema_of(what: str) -> dict:
    """The JSON Schema of one output, with the kinds and fields of the packs in use."""
    if what == "harvest":
        from velvoite.harvest.schema import harvest_schema

        return harvest_schema()
    if what == "records":
        from velvoite.records import Record

        return Record.model_json_schema()
    if what == "audit":
        from velvoite.engine.finding import Finding

        schema = AuditOutput.model_json_schema(by_alias=True)
        finding = Finding.model_json_schema()
        schema["$defs"] = {**finding.pop("$defs", {}), "Finding": finding}
        schema["properties"]["findings"]["items"] = {"$ref": "#/$defs/Finding"}
        return schema
    if what == "law":
        from velvoite.law.render import LawOutput

        return LawOutput.model_json_schema(mode="serialization")
    if what == "diff":
        from velvoite.reports.diff import Diff

        return Diff.model_json_schema(mode="serialization", by_alias=True)
    from velvoite.reports.gap import Report

    return Report.model_json_schema(mode="serialization")
