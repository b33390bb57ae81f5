"""Records from documents: YAML and JSON files, read whole or streamed item by item into raw
records (a mapping and the line of each key), and files of any format opened by suffix: one reader
a suffix (``READERS``, which also says which files are record files, ``records.files``), ``iter_raw``.

JSON is read through the line-aware YAML loader, after ``json`` has checked it is JSON: the YAML
loader gives lines and catches duplicate keys. What JSON allows but YAML would change is dealt
with first (raw DEL and C1 characters escaped, UTF-16 surrogate-pair escapes joined).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from velvoite.errors import InputError, short
from velvoite.records.encoding import ENCODING_NAMES, encoding
from velvoite.records.tables import RawRecord, csv_records
from velvoite.records.yaml_lines import LineDict, iter_yaml
from velvoite.i18n import _


def mapping_records(doc: object, path: str, line: int | None = None) -> Iterator[RawRecord]:
    """Raw records of a decoded document (a list of records, or ``records:``); ``line`` is where
    it starts, for messages about values that carry no line of their own."""
    if isinstance(doc, dict):
        extra = [k for k in doc if k != "records"]
        if extra:
            line = doc.line_of(extra[0]) if isinstance(doc, LineDict) else None
            raise InputError(path, line, str(extra[0]),
                             _("unknown top-level key: a record file is a list of records or has 'records:'"))
        if "records" not in doc:
            raise InputError(path, None, "records", _("no 'records:' list"))
        doc = doc["records"]
    if doc is None:
        return
    if not isinstance(doc, list):
        raise InputError(path, line, None, _("expected a list of records"))
    for item in doc:
        if not isinstance(item, dict):
            raise InputError(path, line, None, _("a record must be a mapping of fields, not {value}").format(
                value=short(item)))
        if isinstance(item, LineDict):
            yield RawRecord(item, item.line, item.lines)
        else:
            yield RawRecord(item, 0)


_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")
# YAML allows a byte order mark at the start of every document, not only the file's (files
# joined by `cat`, each saved by Notepad): removed after a document marker, where it can mean
# nothing else; every line keeps its number.
_DOCUMENT_BOM = re.compile("^((?:---|\\.\\.\\.)[ \t]*(?:#[^\n]*)?\r?\n)\ufeff", re.M)


def _yaml_records(text: str, path: str) -> Iterator[RawRecord]:
    """Records streamed from the items of top-level lists; other documents whole. A raw NEL or
    Unicode line/paragraph separator is refused: YAML 1.1 reads it as a line break, so the value
    would change in silence."""
    odd = _YAML_BREAKS.search(text)
    if odd:
        raise InputError(path, text.count("\n", 0, odd.start()) + 1, None,
                         _("character U+{code} is a line break to YAML readers: write \\u{escape} in a quoted value, "
                           "or a plain line break").format(code=f"{ord(odd[0]):04X}", escape=f"{ord(odd[0]):04x}"))
    if "\ufeff" in text:
        text = _DOCUMENT_BOM.sub(r"\1", text)
    for what, value, line in iter_yaml(text, path):
        if what == "item":
            yield from mapping_records([value], path, line)
        elif what == "document":
            yield from mapping_records(value, path, line)


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# A UTF-16 surrogate pair written as two escapes (json.dumps writes every emoji so): YAML decodes
# each half alone, so the pair is joined here (an escaped backslash before it is left alone).
_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


_LONE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def _join_pair(m: re.Match) -> str:
    high, low = int(m[2], 16), int(m[3], 16)
    char = chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    return m[1] + json.dumps(char, ensure_ascii=False)[1:-1]


def _json_records(text: str, path: str) -> Iterator[RawRecord]:
    try:
        # numbers are kept as written (text policy), so one of 10 000 digits is not converted
        json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, None, _("JSON parsing stopped here: {reason} (column {column})").format(
            reason=exc.msg, column=exc.colno)) from None
    except RecursionError:
        raise InputError(path, None, None, _("JSON is nested too deeply to be a record file")) from None
    # JSON is YAML: the line-aware YAML loader gives lines and catches duplicate keys. Characters
    # JSON allows raw inside strings but YAML does not (DEL, C1 controls) are written as the
    # \\u escapes both read the same way, for the text policy to refuse with their line; outside
    # strings json.loads has already refused them.
    text = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    if "\\u" in text:
        text = _PAIR.sub(_join_pair, text)
        lone = _LONE.search(text)
        if lone:
            raise InputError(path, text.count("\n", 0, lone.start()) + 1, None,
                             _("\\u{code} is half of a UTF-16 surrogate pair without its other half: retype the "
                               "character").format(code=lone[2]))
    yield from _yaml_records(text, path)


def _noted_encoding(source: Path, path: str, notes: list[str] | None, ansi_ok: bool) -> str:
    """The text file's encoding (``records.encoding``), said in a note when it is not UTF-8."""
    found = encoding(source, path, ansi_ok=ansi_ok)
    if found in ENCODING_NAMES and notes is not None:
        notes.append(_("{file}: read as {encoding} text").format(file=path, encoding=ENCODING_NAMES[found]))
    return found


def _document(parse):
    """A reader of a YAML or JSON document: its text whole, then ``parse(text, path)``."""
    def read(source: Path, path: str, notes, within, columnar) -> Iterator[RawRecord]:
        text = source.read_text(_noted_encoding(source, path, notes, ansi_ok=False))
        if not text.strip():
            raise InputError(path, None, None, _("the file is empty: expected records"))
        return parse(text, path)
    return read


def _csv(source: Path, path: str, notes, within, columnar) -> Iterator[RawRecord]:
    """A CSV file's rows streamed (UTF-8, UTF-16 or Windows-1252); a large UTF-8 file read as columns
    (``columnar``: velvoite.columnar.load, or None) unless ``within`` passes rows over."""
    found = _noted_encoding(source, path, notes, ansi_ok=True)
    raws = None
    if found == "utf-8-sig" and within is None and columnar is not None:
        raws = columnar(source, path)  # a large file as columns (velvoite.columnar.load), or None
    if raws is not None:
        return raws
    stream = open(source, encoding=found, newline="")  # noqa: SIM115 (closed by _closing)
    return _closing(stream, csv_records(stream, path, notes, within))


def _sheet(read):
    """A reader of a workbook: a large sheet as columns (``columnar``: velvoite.columnar.sheets, or
    None) unless ``within`` passes rows over (a built row carries no values to judge it by), else
    ``read(source, path, notes)`` row by row."""
    def reader(source: Path, path: str, notes, within, columnar) -> Iterator[RawRecord]:
        raws = columnar(source, path, notes) if columnar is not None and within is None else None
        return raws if raws is not None else read(source, path, notes)
    return reader


def _xlsx(source: Path, path: str, notes) -> Iterator[RawRecord]:
    from velvoite.records.xlsx import xlsx_records  # imported when a run has a workbook: a CSV's run does without

    return xlsx_records(source, path, notes)


def _ods(source: Path, path: str, notes) -> Iterator[RawRecord]:
    from velvoite.records.ods import ods_records  # (as _xlsx)

    return ods_records(source, path, notes)


# suffix -> reader(source, path, notes, within, columnar): the raw records of a file; the record
# files are the files of these suffixes, in this order in messages
READERS = {".yaml": _document(_yaml_records), ".yml": _document(_yaml_records), ".json": _document(_json_records),
           ".csv": _csv, ".xlsx": _sheet(_xlsx), ".ods": _sheet(_ods)}
SHEETS = (".xlsx", ".ods")  # (their rows are not lines)


def iter_raw(source: Path, path: str, notes: list[str] | None = None, within=None,
             columnar=None) -> Iterator[RawRecord]:
    """The raw records of one file, streamed where the format allows (CSV, XLSX, YAML lists).
    ``within``: a CSV file's rows of no organisation in scope are counted there, not read.
    ``columnar(source, path, notes)``: a UTF-8 CSV file's or a sheet's raw records read as columns, or None.

    A file without records is an error: nothing is silently dropped.
    """
    count = 0
    try:
        for raw in READERS[source.suffix.lower()](source, path, notes, within, columnar):
            count += 1
            yield raw
        if within is not None:
            count += within.passed.get(path, 0)  # rows passed over are records of the file
    except OSError as exc:
        raise InputError(path, None, None, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(path, None, None, _("not valid {encoding} text: {reason}").format(
            encoding=exc.encoding, reason=exc.reason)) from None
    if not count:
        raise InputError(path, None, None, _("no records in the file"))


def _closing(stream, items: Iterator[RawRecord]) -> Iterator[RawRecord]:
    with stream:
        yield from items
