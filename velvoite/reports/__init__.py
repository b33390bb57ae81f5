"""Renderers: findings → terminal table, JSON, CSV, Markdown. Each module has ``render(audit, lang)``."""

from __future__ import annotations

from importlib import import_module

FORMATS = {"table": "table", "json": "json_out", "csv": "csv_out", "md": "markdown"}


def render(fmt: str, audit, lang: str = "en", **options) -> str:
    """The audit in one of ``FORMATS``."""
    return import_module(f"velvoite.reports.{FORMATS[fmt]}").render(audit, lang, **options)


__all__ = ["FORMATS", "render"]
