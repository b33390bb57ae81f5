"""The version of velvoite's JSON contracts and what every JSON output starts with: a leaf module
(it imports only the package's version and pydantic), so that the outputs take their version from
here and ``velvoite.schemas``, which publishes their contracts, imports them without a circle.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from velvoite import __version__

SCHEMA_VERSION = "1.3"  # 1.1: findings name unconfirmed evidence (engine.standing); 1.2: evidence_keys; 1.3: report trend


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
