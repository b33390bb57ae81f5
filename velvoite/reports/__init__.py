"""Renderers behind one registry: the audit's formats (``FORMATS``: terminal table, JSON, CSV,
Markdown, JUnit XML, SARIF; each module has ``render(audit, lang)``) and the gap report's (``REPORT_FORMATS``: HTML,
Markdown, CSV, XLSX, JSON, and PDF with the extra ``pdf``). The command line takes its format choices from these registries, so
adding a format is adding a module and a line here."""

from __future__ import annotations

from importlib import import_module

FORMATS = {"table": "table", "json": "json_out", "csv": "csv_out", "md": "markdown", "junit": "junit",
           "sarif": "sarif"}
# format -> (module, function, binary)
REPORT_FORMATS = {"html": ("html", "render", False), "md": ("report_text", "markdown", False),
                  "csv": ("report_text", "csv_text", False), "xlsx": ("xlsx", "report_workbook", True),
                  "json": ("report_text", "json_text", False), "pdf": ("pdf", "render", True)}


def render(fmt: str, audit, lang: str = "en", **options) -> str:
    """The audit in one of ``FORMATS``."""
    return import_module(f"velvoite.reports.{FORMATS[fmt]}").render(audit, lang, **options)


def render_report(fmt: str, report, findings, references: dict, **options) -> str | bytes:
    """The gap report in one of ``REPORT_FORMATS`` (the workbook also lists every finding with
    its evidence references; ``dialect`` is the CSV's)."""
    module, function, binary = REPORT_FORMATS[fmt]
    renderer = getattr(import_module(f"velvoite.reports.{module}"), function)
    return renderer(report, findings, references, **options) if binary else renderer(report, **options)


def is_binary(fmt: str) -> bool:
    return REPORT_FORMATS[fmt][2]


__all__ = ["FORMATS", "REPORT_FORMATS", "is_binary", "render", "render_report"]
