"""The JSON output contract (stable: other tools and our tests read it)."""

from __future__ import annotations

import json


def render(audit, lang: str = "en", **_) -> str:
    return json.dumps(audit.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
