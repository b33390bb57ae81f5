"""The harvest document's JSON contract (``velvoite schema harvest``, docs/schemas/harvest.schema.json)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from velvoite.harvest.proposal import DECISIONS, TIERS


class ProposalOut(BaseModel):
    """One record proposed from one minutes item, for a person to accept or reject."""

    model_config = ConfigDict(extra="forbid")
    source: str = Field(description="the file or address read")
    sha256: str = Field(description="SHA-256 of the bytes read (the archived copy's)")
    url: str | None = Field(description="the item's own address, where the source gives it")
    org: str | None = Field(description="organisation id, from --org or the page; null when not recognised")
    org_name: str | None
    kind: str | None = Field(description="the record kind it is evidence of, or null (reasons say why)")
    date: dt.date | None = Field(description="the meeting's date")
    body: str | None = Field(description="the deciding body as the minutes write it")
    body_tier: Literal[TIERS] | None  # type: ignore[valid-type]
    section: str | None = Field(description="the item's § in this meeting")
    title: str | None
    decision: Literal[DECISIONS] | None = Field(description="what this handling decided; null when not shown")  # type: ignore[valid-type]
    reference: str | None = Field(description="body, date and §, e.g. Kaupunginvaltuusto 12.6.2023 § 45")
    case_number: str | None = Field(description="the case (diary) number, e.g. KHVADno-2023-663, HEL 2022-011138; "
                                                "with the § it recognises an item harvested twice")
    snippet: str | None = Field(description="the start of the decision (or proposal) text")
    score: float = Field(ge=0, le=1, description="how sure the reading is that this is evidence of kind (0 when null)")
    reasons: list[str] = Field(description="why, step by step, in the run's language")


class HarvestOutput(BaseModel):
    """``velvoite harvest --format json``: the proposals of the sources read."""

    schema_version: str
    velvoite: str
    proposals: list[ProposalOut]


def harvest_schema() -> dict:
    return HarvestOutput.model_json_schema(mode="serialization")
