"""Renderers behind one table per subject: the audit's formats (``FORMATS``: terminal table, JSON, CSV,
Markdown, JUnit XML, SARIF) and the gap report's (``REPORT_FORMATS``: HTML, Markdown, CSV, XLSX, JSON,
and PDF with the extra ``pdf``). Every renderer is ``render(subject, lang, options) -> str | bytes``,
``options`` an ``AuditOptions`` or ``ReportOptions`` (``reports.options``: a name that is not an
option is refused where they are made, not swallowed). The command line takes its format choices
from these tables, so adding a format is adding a module and a line here."""

from __future__ import annotations

from importlib import import_module

from velvoite.reports.options import AUDIT, REPORT, AuditOptions, ReportOptions

# format -> the module whose ``render`` it is
FORMATS = {"table": "table", "json": "json_out", "csv": "csv_out", "md": "markdown", "junit": "junit",
           "sarif": "sarif"}
# format -> (module, function, binary)
REPORT_FORMATS = {"html": ("html", "render", False), "md": ("report_text", "markdown", False),
                  "csv": ("report_text", "csv_text", False), "xlsx": ("xlsx", "report_workbook", True),
                  "json": ("report_text", "json_text", False), "pdf": ("pdf", "render", True)}


def render(fmt: str, audit, lang: str = "en", options: AuditOptions = AUDIT) -> str | bytes:
    """The audit in one of ``FORMATS`` (JSON as UTF-8 bytes, the rest as text)."""
    return import_module(f"velvoite.reports.{FORMATS[fmt]}").render(audit, lang, options)


def render_report(fmt: str, report, options: ReportOptions = REPORT) -> str | bytes:
    """The gap report in one of ``REPORT_FORMATS``, in its own language (the workbook also lists
    every finding with its evidence references, ``options.findings`` and ``references``)."""
    module, function, _binary = REPORT_FORMATS[fmt]
    return getattr(import_module(f"velvoite.reports.{module}"), function)(report, report.lang, options)


def is_binary(fmt: str) -> bool:
    return REPORT_FORMATS[fmt][2]


__all__ = ["FORMATS", "REPORT_FORMATS", "AuditOptions", "ReportOptions", "is_binary", "render", "render_report"]
