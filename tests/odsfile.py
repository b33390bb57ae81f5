"""OpenDocument spreadsheets for tests, written as LibreOffice writes them (content.xml with
repeated empty rows and columns at the end of a sheet, styles for hidden tables)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
        '<office:automatic-styles><style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/>'
        '</style:style></office:automatic-styles><office:body><office:spreadsheet>')
TAIL = "</office:spreadsheet></office:body></office:document-content>"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


class Raw(str):
    """A cell's XML as given (a formula, a comment, a covered cell)."""


def cell(value) -> str:
    """A cell as LibreOffice writes it; ``(number, shown)`` is a number shown as ``shown``."""
    if isinstance(value, Raw):
        return value
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, tuple):
        number, shown = value
        return (f'<table:table-cell office:value-type="float" office:value="{number}">'
                f"<text:p>{escape(shown)}</text:p></table:table-cell>")
    if isinstance(value, dt.datetime | dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value.day}.{value.month}.{value.year}</text:p></table:table-cell>")
    lines = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'


def table(name: str, rows: list[list], hidden: bool = False) -> str:
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row)
                   + '<table:table-cell table:number-columns-repeated="16370"/></table:table-row>' for row in rows)
    return (f'<table:table table:name={quoteattr(name)} table:style-name="{"ta2" if hidden else "ta1"}">'
            '<table:table-column table:number-columns-repeated="16384"/>' + body
            + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row></table:table>')


def ods(*tables: str, content: str | None = None, extra: dict | None = None) -> bytes:
    """A spreadsheet of the given ``table()`` strings (or raw ``content``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content or HEAD + "".join(tables) + TAIL,
                           "META-INF/manifest.xml": MANIFEST, **(extra or {})}.items():
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
