"""``-o NAME.EXT`` means that format: each command's file name endings and the format each one
writes. A name ending in something the command does not write, or in the ending of another format
than ``--format`` asks for, stops the run (exit 2, nothing written) instead of writing one format
under another's name (a table in ``tarkastus.xlsx``, HTML in ``raportti.pdf``)."""

from __future__ import annotations

from pathlib import Path

from velvoite.i18n import _

# command -> {ending: format}; the first ending of each format is the one named in messages
ENDINGS: dict[str, dict[str, str]] = {
    "audit": {"txt": "table", "json": "json", "csv": "csv", "md": "md", "markdown": "md", "sarif": "sarif",
              "sarif.json": "sarif", "xml": "junit", "junit.xml": "junit"},
    "report": {"html": "html", "htm": "html", "xlsx": "xlsx", "csv": "csv", "md": "md", "markdown": "md",
               "json": "json", "pdf": "pdf"},
    "calendar": {"ics": "ics", "ical": "ics"},
    "yearclock": {"html": "html", "htm": "html", "svg": "svg"},
    "template": {"xlsx": "xlsx", "csv": "csv"},
    "export": {"yaml": "yaml", "yml": "yaml", "json": "json"},
    "diff": {"txt": "table", "json": "json", "csv": "csv", "md": "md", "markdown": "md"},
    "law": {"txt": "table", "json": "json"},
}
# endings of formats velvoite or others write: with --format, any other ending (.log, .out) is taken as given
KNOWN = frozenset(e for endings in ENDINGS.values() for e in endings) | {
    "xls", "ods", "odt", "doc", "docx", "rtf", "pdf", "tsv", "xhtml", "png", "jpg", "jpeg", "toml", "yaml", "yml"}


def ending(output: str | None) -> str:
    """The file name's ending in lower case (``sarif.json`` for ``a.sarif.json``), or "" for none,
    ``-`` (standard output) or an ending without a letter (``tarkastus-31.12.2026``)."""
    if not output or output == "-":
        return ""
    suffixes = [s.lower().lstrip(".") for s in Path(output).suffixes]
    if not suffixes or not any(c.isalpha() for c in suffixes[-1]):
        return ""
    return ".".join(suffixes[-2:]) if len(suffixes) > 1 and ".".join(suffixes[-2:]) in KNOWN else suffixes[-1]


def _written(endings: dict[str, str]) -> str:
    """The endings a command writes, each format once: ``.json, .csv, .md``."""
    firsts: dict[str, str] = {}
    for end, fmt in endings.items():
        firsts.setdefault(fmt, end)
    return ", ".join(f".{e}" for e in firsts.values())


def chosen(command: str, fmt: str | None, output: str | None) -> tuple[str | None, str | None]:
    """(the format ``-o`` names for ``command``, None: no ending, or one --format settles; the message
    that stops the run when the ending is not one the command writes or contradicts ``--format``)."""
    endings = ENDINGS[command]
    end = ending(output)
    if not end:
        return None, None
    if end not in endings and "." in end:  # a.b.json: the last part alone
        end = end.rsplit(".", 1)[1]
    named = endings.get(end)
    if fmt is None and named is None:
        return None, _("-o {file}: velvoite {command} does not write .{ending} files; it writes {endings}").format(
            file=output, command=command if command != "export" else "db export", ending=end,
            endings=_written(endings))
    if fmt is not None and (named != fmt if named is not None else end in KNOWN):
        return None, _("-o {file} names a .{ending} file, but --format is {format}: give a name ending in "
                       "{wanted}, or leave out --format").format(
            file=output, ending=end, format=fmt,
            wanted=", ".join(f".{e}" for e, f in endings.items() if f == fmt) or "-")
    return named, None
