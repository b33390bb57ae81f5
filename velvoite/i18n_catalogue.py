"""The message catalogues' toolchain (``make messages``; the test suite checks the catalogues with it).

The template holds every marked string of velvoite's code (``_``, ``N_``, ``ngettext``, ``tr``,
``ntr``, and ``NC_``, ``ptr`` with their context; Babel's extractor), every help text of the command
line, and click's own words (usage, errors), extracted from the installed click. ``update`` merges
the template into each language's ``.po`` (new strings untranslated, strings gone dropped; never a
fuzzy guess) and compiles ``.mo``.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from velvoite.i18n import DOMAIN, LOCALE_DIR, TRANSLATED

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "tr": (2,), "ntr": (2, 3), "NC_": ((1, "c"), 2),
            "ptr": ((2, "c"), 3)}
CLICK_FILES = ("core.py", "exceptions.py", "formatting.py", "parser.py", "types.py", "decorators.py")
STAMP = datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)  # fixed: the catalogues change only with their messages


def template() -> Catalog:
    import click

    from velvoite.cli import main
    from velvoite.commands.translated import help_texts

    catalog = Catalog(domain=DOMAIN, project="velvoite", charset="utf-8", creation_date=STAMP, revision_date=STAMP)
    package = Path(__file__).parent
    for path, line, message, comments, context in extract_from_dir(str(package), [("**.py", "python")],
                                                                   keywords=KEYWORDS):
        catalog.add(message, locations=[(f"velvoite/{path}", line)], auto_comments=comments, context=context)
    for text in help_texts(main):
        catalog.add(text, locations=[("velvoite/cli.py (help)", 0)])
    click_dir = Path(click.__file__).parent
    for path, line, message, _comments, _context in extract_from_dir(
            str(click_dir), [("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}):
        if Path(path).name in CLICK_FILES:
            catalog.add(message, locations=[(f"click/{path}", line)])
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def update() -> None:
    """Merge the template into each language's .po and compile its .mo."""
    tmpl = template()
    for lang in TRANSLATED:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN, project="velvoite")
        catalog.update(tmpl, no_fuzzy_matching=True)
        catalog.creation_date = catalog.revision_date = STAMP
        buf = io.BytesIO()
        write_po(buf, catalog, width=100, omit_header=False, sort_output=True, ignore_obsolete=True,
                 include_previous=False, include_lineno=False)
        path.write_bytes(buf.getvalue())
        path.with_suffix(".mo").write_bytes(compiled(read(lang)))
        missing = [m.id for m in read(lang) if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
        print(f"{lang}: {len(read(lang))} messages, {len(missing)} untranslated", file=sys.stderr)


if __name__ == "__main__":
    update()
