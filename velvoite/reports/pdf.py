"""The gap report as PDF, what people mail to a council: the HTML report (``reports.html``) laid out
for print by WeasyPrint (the optional extra ``pip install 'velvoite[pdf]'``, which needs the Pango
library of the system), with the same content and the report's own print stylesheet (A4
landscape), page numbers added.

Deterministic: the document's dates are the report's as-of date, not the time of the run, and its
identifier is a hash of its content, so the same report gives the same bytes.
"""

from __future__ import annotations

from velvoite.errors import VelvoiteError
from velvoite.i18n import _
from velvoite.reports.options import ReportOptions
from velvoite.reports.html import render as page

PAGE_NUMBERS = "@page { @bottom-right { content: counter(page) ' / ' counter(pages); font-size: 8pt; } }"


def missing() -> str | None:
    """Why a PDF cannot be made here (what to install), or None when WeasyPrint loads."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return _("a PDF needs WeasyPrint: pip install 'velvoite[pdf]' (with the Pango library of the system, "
                 "e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0), or write .html and print it")
    except OSError as exc:  # installed, but the system's Pango is not there
        return _("WeasyPrint is installed but cannot load the Pango library ({reason}): install Pango "
                 "(e.g. apt-get install libpango-1.0-0 libpangoft2-1.0-0)").format(reason=exc)
    return None


def render(report, lang: str, options: ReportOptions) -> bytes:
    """The report's HTML page as a PDF."""
    reason = missing()
    if reason:
        raise VelvoiteError(reason)
    from weasyprint import CSS, HTML  # the pdf extra: imported when a PDF is made

    document = HTML(string=page(report, lang, options)).render(stylesheets=[CSS(string=PAGE_NUMBERS)])
    day = report.as_of.isoformat()
    document.metadata.created = document.metadata.modified = day
    document.metadata.generator = "velvoite"
    return document.write_pdf(pdf_identifier=False)
