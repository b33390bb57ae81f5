"""Waivers (poikkeukset): a documented exception that covers one obligation instance.

Declared in the workspace ``velvoite.toml``; each needs a reason and a decision reference::

    [[waivers]]
    rule = "hyte-annual-report"
    org = "Jyväskylä"
    period = "2024"
    reason = "the council meeting was cancelled"
    reference = "Kaupunginhallitus 3.2.2025 § 14"

A waived obligation that is met anyway stays ``met``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from velvoite.errors import InputError, did_you_mean, raise_all
from velvoite.registry import Registry
from velvoite.registry.registry import read_config

FIELDS = ("rule", "org", "period", "reason", "reference")


@dataclass(frozen=True)
class Waiver:
    rule: str
    org: str
    period: str
    reason: str
    reference: str


def load_waivers(config_path: str | Path | None, registry: Registry, rule_ids) -> dict[tuple[str, str, str], Waiver]:
    """The waivers of a workspace config by (rule, org id, period); every field is required."""
    if config_path is None:
        return {}
    path = str(config_path)
    items = read_config(config_path).get("waivers", [])
    errors: list[InputError] = []
    out: dict[tuple[str, str, str], Waiver] = {}
    for n, item in enumerate(items, start=1):
        where = f"waivers[{n}]"
        for key in item:
            if key not in FIELDS:
                errors.append(InputError(path, None, f"{where}.{key}", f"unknown field{did_you_mean(key, FIELDS)}"))
        missing = [k for k in FIELDS if not str(item.get(k, "")).strip()]
        for key in missing:
            errors.append(InputError(path, None, f"{where}.{key}", "required: a waiver needs a rule, org, period, reason and reference"))
        if missing:
            continue
        if item["rule"] not in rule_ids:
            errors.append(InputError(path, None, f"{where}.rule", f"unknown rule {item['rule']!r}{did_you_mean(item['rule'], rule_ids)}"))
            continue
        org = registry.lookup(str(item["org"]))
        if org is None:
            errors.append(InputError(path, None, f"{where}.org", f"unknown organisation {item['org']!r}{registry.suggest(str(item['org']))}"))
            continue
        w = Waiver(item["rule"], org.id, str(item["period"]), str(item["reason"]), str(item["reference"]))
        out[(w.rule, w.org, w.period)] = w
    raise_all(errors)
    return out
