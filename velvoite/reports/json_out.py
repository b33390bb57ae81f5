"""The JSON output contract (stable: other tools and our tests read it).

Serialised by pydantic-core (2-space indent, UTF-8, like ``json.dumps(indent=2,
ensure_ascii=False)``) at a fraction of the standard library's cost with an indent.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from velvoite.reports.options import AUDIT, AuditOptions

_DUMP = TypeAdapter(dict[str, Any])


def dump(data: dict) -> str:
    """Any mapping of plain values, dates and pydantic models as indented JSON text."""
    return _DUMP.dump_json(data, indent=2).decode("utf-8") + "\n"


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    return dump(audit.to_json_dict())
