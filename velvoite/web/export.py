"""A workspace's records written in the record format: YAML (``records:``) or JSON (a list), the
canonical mappings as stored, in the order they were stored; reading either back gives the same
records, and importing it into an empty workspace and exporting again gives the same bytes."""

from __future__ import annotations

import json

import yaml


def as_yaml(items: list[dict]) -> str:
    header = "# velvoite records (velvoite db export); velvoite db import reads this file back\n"
    return header + yaml.safe_dump({"records": items}, allow_unicode=True, sort_keys=False, width=10_000)


def as_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
