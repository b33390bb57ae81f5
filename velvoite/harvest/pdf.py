"""A PDF's text layer, read with pypdf (the extra ``velvoite[harvest]``): scanned minutes without
text give nothing to read and say so."""

from __future__ import annotations

import io
import logging

from velvoite.errors import InputError
from velvoite.i18n import _

MAX_PAGES = 500
# The pages' content streams together, decompressed: a PDF of 85 kB can repeat one compressed
# stream of megabytes on each of its pages (a bomb of hours of text extraction); real minutes of
# 500 pages are some 25 MB.
MAX_CONTENT = 64 << 20


def text_of(data: bytes, source: str) -> str:
    try:
        import pypdf
    except ImportError:
        raise InputError(source, None, None, _("reading PDF minutes needs pypdf: pip install 'velvoite[harvest]'")) \
            from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's messages
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) > MAX_PAGES:
            raise InputError(source, None, None, _("{n} pages: minutes of at most {limit} pages are read").format(
                n=len(reader.pages), limit=MAX_PAGES))
        total = 0
        for page in reader.pages:
            contents = page.get_contents()
            total += len(contents.get_data()) if contents is not None else 0
            if total > MAX_CONTENT:
                raise InputError(source, None, None, _("the pages' contents are more than {limit:,} bytes: not "
                                                       "read as minutes").format(limit=MAX_CONTENT))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise InputError(source, None, None, _("not a readable PDF: {problem}").format(
            problem=str(exc)[:120] or type(exc).__name__)) from None
    if not text.strip():
        raise InputError(source, None, None, _("the PDF has no text layer (a scanned page?): nothing to read"))
    return text
