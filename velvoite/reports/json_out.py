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
    return dump_bytes(data).decode("utf-8")


def dump_bytes(data: dict) -> bytes:
    """``dump`` as the UTF-8 bytes written out: a national audit's 13 MB are not decoded to be
    encoded again (0.02 s of 0.07 s at 100 000 records, issue 31)."""
    return _DUMP.dump_json(data, indent=2) + b"\n"


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> bytes:
    """The audit as the JSON contract, UTF-8 (``commands.common.write`` and the web's response
    take the bytes as they are)."""
    return dump_bytes(audit.to_json_dict())
