"""Reading records from files and folders (YAML, JSON, CSV, Excel .xlsx) into validated ``Record`` objects.

Every problem is reported as ``path:line: field: message (did you mean ...?)``; all problems of
all files are collected before one ``InputErrors`` is raised, so a user fixes a file in one pass.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from velvoite.errors import InputError, VelvoiteError, did_you_mean, raise_all, short
from velvoite.gcpause import paused
from velvoite.records.model import FIELDS, LIST_FIELDS, Record, split_names
from velvoite.records.yaml_lines import LineDict, iter_yaml
from velvoite.registry import Registry

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")


def record_files(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Every record file under the given files and folders, each with its display name, sorted."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith((".", "~$")):
                    found.append((f, str(f)))
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                raise InputError(str(p), None, None,
                                 f"not a record file: expected one of {', '.join(SUFFIXES)}")
            found.append((p, str(p)))
        else:
            raise InputError(str(p), None, None, "no such file or folder")
    return found


def _binary_message(head: bytes) -> str:
    """What a file with NUL bytes is: UTF-16 without a byte-order mark, or not text at all."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4 and min(even, odd) == 0:
        return "looks like UTF-16 text without a byte-order mark: save it as UTF-8"
    return "a binary file, not text: save it as UTF-8 text (from Excel: 'CSV UTF-8' or .xlsx)"


# Column names people write in Finnish and Swedish, for "did you mean" (they are not read as such).
COLUMN_HINTS = {"organisaatio": "org", "kunta": "org", "organisation": "org", "kommun": "org", "laji": "kind",
                "tyyppi": "kind", "typ": "kind", "päivä": "date", "päivämäärä": "date", "pvm": "date",
                "datum": "date", "toimielin": "body", "organ": "body", "osallistujat": "participants",
                "deltagare": "participants", "viite": "reference", "pykälä": "reference", "referens": "reference",
                "linkki": "url", "länk": "url", "vastuutaho": "responsible", "vastuuhenkilö": "responsible",
                "huomiot": "notes", "lisätiedot": "notes", "anteckningar": "notes"}


def _column_hint(name: str) -> str:
    if name in COLUMN_HINTS:
        return f" (did you mean {COLUMN_HINTS[name]!r}?)"
    return did_you_mean(name, FIELDS)


class RawRecord:
    """A record as read, before validation: its mapping and where each key stands."""

    __slots__ = ("values", "line", "lines", "labels", "position")

    def __init__(self, values: dict, line: int, lines: dict | None = None, labels: dict | None = None,
                 position: int | None = None):
        self.values, self.line, self.lines = values, line, lines or {}
        self.labels, self.position = labels or {}, position  # labels: field -> column label (tables)

    def where(self, field: str | None) -> tuple[int, str | None]:
        """The line of a field and how messages name it (a column label in tables)."""
        line = self.lines.get(field, self.line) if field else self.line
        label = self.labels.get(field, f"column {field!r}") if (field and self.labels) else field
        return line, label


def _mapping_records(doc: object, path: str, line: int | None = None) -> Iterator[RawRecord]:
    """Raw records of a decoded document (a list of records, or ``records:``); ``line`` is where
    it starts, for messages about values that carry no line of their own."""
    if isinstance(doc, dict):
        extra = [k for k in doc if k != "records"]
        if extra:
            line = doc.line_of(extra[0]) if isinstance(doc, LineDict) else None
            raise InputError(path, line, str(extra[0]),
                             "unknown top-level key: a record file is a list of records or has 'records:'")
        if "records" not in doc:
            raise InputError(path, None, "records", "no 'records:' list")
        doc = doc["records"]
    if doc is None:
        return
    if not isinstance(doc, list):
        raise InputError(path, line, None, "expected a list of records")
    for item in doc:
        if not isinstance(item, dict):
            raise InputError(path, line, None, f"a record must be a mapping of fields, not {short(item)}")
        if isinstance(item, LineDict):
            yield RawRecord(item, item.line, item.lines)
        else:
            yield RawRecord(item, 0)


def _yaml_records(text: str, path: str) -> Iterator[RawRecord]:
    """Records streamed from the items of top-level lists; other documents whole."""
    for what, value, line in iter_yaml(text, path):
        if what == "item":
            yield from _mapping_records([value], path, line)
        elif what == "document":
            yield from _mapping_records(value, path, line)


_YAML_UNSAFE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _json_records(text: str, path: str) -> Iterator[RawRecord]:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, None, f"JSON parsing stopped here: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(path, None, None, "JSON is nested too deeply to be a record file") from None
    # JSON is YAML: the line-aware YAML loader gives lines and catches duplicate keys. Characters
    # JSON allows raw inside strings but YAML does not (DEL, C1 controls) are written as the
    # \\u escapes both read the same way; outside strings json.loads has already refused them.
    yield from _yaml_records(_YAML_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text), path)


# A column whose header is in parentheses, e.g. "(deadline)", is a note for the person filling
# in a template (velvoite template); it is not read. In a file with a deadline note column, a row
# whose date is empty is an expected activity not (yet) done, and is skipped.
TEMPLATE_MARKS = ("(deadline)", "(määräaika)", "(tidsfrist)")


def _is_note(name: str) -> bool:
    return name.startswith("(") and name.endswith(")")


def _table_records(rows: Iterator[tuple[int, list[str]]], path: str, label,
                   notes: list[str] | None = None) -> Iterator[RawRecord]:
    """Records from a header row and data rows (CSV or a spreadsheet); ``label(i, name)`` names
    column ``i`` in messages; skipped template rows are counted in ``notes``."""
    first = next(rows, None)
    if first is None or not any(h.strip() for h in first[1]):
        raise InputError(path, 1, None, "the file is empty: expected a header row naming the columns")
    head_line, header = first
    names = [h.strip().lower() for h in header]
    for i, name in enumerate(names):
        if name and not _is_note(name) and name not in FIELDS:
            raise InputError(path, head_line, label(i, name), f"unknown column{_column_hint(name)}")
    seen = set()
    for i, name in enumerate(names):
        if name and name in seen:
            raise InputError(path, head_line, label(i, name), "column given twice")
        seen.add(name)
    template = any(mark in names for mark in TEMPLATE_MARKS)
    labels = {name: label(i, name) for i, name in enumerate(names) if name}
    position = skipped = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        position += 1
        if len(row) > len(names) and any(c.strip() for c in row[len(names):]):
            extra = next(i for i in range(len(names), len(row)) if row[i].strip())
            raise InputError(path, line, label(extra, ""),
                             f"{len(row)} values but only {len(names)} columns in the header")
        values = {}
        for i, (name, cell) in enumerate(zip(names, row)):
            cell = cell.strip()
            if not name:
                if cell:
                    raise InputError(path, line, label(i, ""), f"value {short(cell)} in a column without a header")
                continue
            if cell and not _is_note(name):
                values[name] = cell
        if template and "date" not in values:
            skipped += 1
            continue
        yield RawRecord(values, line, labels=labels, position=position)
    if skipped and notes is not None:
        notes.append(f"{path}: {skipped} template rows without a date skipped (activities not recorded as done)")


def _csv_records(stream: io.TextIOBase, path: str, notes: list[str] | None = None) -> Iterator[RawRecord]:
    """Rows streamed from the file: memory holds the records kept, not the file."""
    first = stream.readline()
    delimiter = max((",", ";", "\t"), key=first.count)
    if first.strip() and not first.count(delimiter) and first.strip().lower() not in FIELDS:
        raise InputError(path, 1, None, f"the header is one column {short(first.strip())}: separate "
                         "the columns with ';', ',' or a tab (in Excel: save as 'CSV UTF-8')")
    lines = itertools.chain([first], stream)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = 1
        try:
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(path, max(line, reader.line_num), None, f"CSV parsing stopped here: {exc}") from None

    yield from _table_records(rows(), path, lambda i, name: f"column {name!r}" if name else f"column {i + 1}", notes)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold (dates as ISO dates)."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(source: Path, path: str, notes: list[str] | None = None) -> Iterator[RawRecord]:
    """The first sheet of a workbook, laid out like the CSV format; errors name sheet, row, column."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
        raise InputError(path, None, None, f"not a readable Excel workbook (.xlsx): {exc}") from None
    try:
        sheet = book.worksheets[0]
        title = sheet.title

        def rows() -> Iterator[tuple[int, list[str]]]:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(v) for v in row]

        def label(i: int, name: str) -> str:
            column = f"sheet {title!r}, column {get_column_letter(i + 1)}"
            return f"{column} {name!r}" if name else column

        yield from _table_records(rows(), path, label, notes)
        if notes is not None:
            for other in book.worksheets[1:]:
                if other.sheet_state == "visible" and any(
                        v is not None for row in other.iter_rows(max_row=50, values_only=True) for v in row):
                    notes.append(f"{path}: only the first sheet is read; sheet {other.title!r} is not")
    finally:
        book.close()


ENCODING_NAMES = {"cp1252": "Windows-1252", "utf-16": "UTF-16"}
TEXT_READERS = {".yaml": _yaml_records, ".yml": _yaml_records, ".json": _json_records}
CHUNK = 1 << 20


_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _encoding(source: Path, path: str, ansi_ok: bool) -> str:
    """The encoding of a text record file, found in a chunked pass (the file is never held whole
    here): UTF-8 with or without BOM, UTF-16 with BOM (Notepad's and Excel's "Unicode"), and where
    ``ansi_ok`` (CSV: Excel's "CSV (semicolon delimited)" on Finnish Windows) Windows-1252.
    Anything else is an error that says what was found and how to fix it.

    A file that is UTF-8 but for a damaged byte is an error at that line, whatever the format:
    reading it as Windows-1252 would turn every ä of the file into Ã¤.
    """
    with source.open("rb") as fh:
        head = fh.read(4096)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if b"\x00" in head:
            raise InputError(path, None, None, _binary_message(head))
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        line, bad_line, utf8_seen = 1, None, False
        while chunk := fh.read(CHUNK):
            utf8_seen = utf8_seen or bool(_UTF8_PAIR.search(chunk))
            if bad_line is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_line = line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
        if bad_line is None:
            try:
                decoder.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                bad_line = line
        if utf8_seen:
            raise InputError(path, bad_line, None,
                             "not valid UTF-8 here, though the file is UTF-8 elsewhere: fix or retype this line")
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            ansi = True
        except UnicodeDecodeError:
            ansi = False
    if ansi and ansi_ok:
        return "cp1252"
    if ansi:
        raise InputError(path, bad_line, None, "not UTF-8 text (it looks like Windows-1252 (ANSI)): save the file as UTF-8")
    raise InputError(path, bad_line, None, "neither UTF-8 nor Windows-1252 text: save it as UTF-8 "
                                           "(from Excel: 'CSV UTF-8')")


def iter_raw(source: Path, path: str, notes: list[str] | None = None) -> Iterator[RawRecord]:
    """The raw records of one file, streamed where the format allows (CSV, XLSX, YAML lists).

    A file without records is an error: nothing is silently dropped.
    """
    suffix = source.suffix.lower()
    count = 0
    try:
        if suffix == ".xlsx":
            raws = _xlsx_records(source, path, notes)
        else:
            encoding = _encoding(source, path, ansi_ok=suffix == ".csv")
            if encoding in ENCODING_NAMES and notes is not None:
                notes.append(f"{path}: read as {ENCODING_NAMES[encoding]} text")
            if suffix == ".csv":
                stream = open(source, encoding=encoding, newline="")  # noqa: SIM115 (closed below)
                raws = _closing(stream, _csv_records(stream, path, notes))
            else:
                raws = _whole_text(source.read_text(encoding), path, suffix)
        for raw in raws:
            count += 1
            yield raw
    except OSError as exc:
        raise InputError(path, None, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, None, None, f"not valid {exc.encoding} text: {exc.reason}") from None
    if not count:
        raise InputError(path, None, None, "no records in the file")


def _whole_text(text: str, path: str, suffix: str) -> Iterator[RawRecord]:
    if not text.strip():
        raise InputError(path, None, None, "the file is empty: expected records")
    return TEXT_READERS[suffix](text, path)


def _closing(stream, items: Iterator[RawRecord]) -> Iterator[RawRecord]:
    with stream:
        yield from items


def _pydantic_errors(exc: ValidationError, raw: RawRecord, path: str) -> list[InputError]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = loc[0] if loc else None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            msg = f"unknown field{did_you_mean(field, FIELDS)}"
        elif field is None and ":" in msg:
            field, msg = (s.strip() for s in msg.split(":", 1))
        elif err["type"].endswith("_type") or err["type"] == "literal_error":
            msg = f"wrong type: {msg.lower()} (got {short(err.get('input'))})"
        line, label = raw.where(field)
        if len(loc) > 1 and label:
            label = f"{label}[{loc[1]}]"
        out.append(InputError(path, line, label, msg))
    return out


def _resolve_names(record: Record, raw: RawRecord, path: str, registry: Registry) -> tuple[Record | None, list[InputError]]:
    errors: list[InputError] = []
    update: dict = {}

    def canon(field: str, name: str) -> str | None:
        org = registry.lookup(name)
        if org is None:
            line, label = raw.where(field)
            errors.append(InputError(path, line, label, f"unknown organisation {short(name)}{registry.suggest(name[:80])}"))
            return None
        return org.id

    # The registry's own id strings are kept, so a million records share a few hundred of them.
    org_id = canon("org", record.org)
    if org_id and org_id is not record.org:
        update["org"] = org_id
    for field in LIST_FIELDS:
        names = getattr(record, field)
        ids = [canon(field, n) for n in names]
        if names and None not in ids:
            update[field] = tuple(dict.fromkeys(ids))
    if org_id:
        org = registry.orgs[org_id]
        if not org.exists_on(record.date):
            line, label = raw.where("date")
            if record.date > org.valid_until:
                succ = registry.orgs.get(org.successor) if org.successor else None
                hint = f"; record it for its successor {succ.name_fi} ({succ.id})" if succ else ""
                errors.append(InputError(path, line, label,
                    f"{record.date} is after {org.name_fi} ({org.id}) ceased on {org.valid_until}{hint}"))
            else:
                errors.append(InputError(path, line, label,
                    f"{record.date} is before {org.name_fi} ({org.id}) existed (from {org.valid_from})"))
    if errors:
        return None, errors
    return _assign(record, update), []


def _assign(record: Record, changes: dict) -> Record:
    """Set already-valid values on a record that was just validated and is not shared yet
    (``dataclasses.replace`` would validate the whole record again)."""
    for name, value in changes.items():
        object.__setattr__(record, name, value)
    return record


def _raw_name_errors(raw: RawRecord, path: str, registry: Registry, failed: set) -> list[InputError]:
    """Unknown organisation names of a record that failed validation elsewhere, so that all its
    problems are reported in one pass."""
    out = []
    for field in ("org", *LIST_FIELDS):
        value = raw.values.get(field)
        if raw.where(field)[1] in failed or value is None:
            continue
        names = [value] if field == "org" else value
        if isinstance(names, str):
            names = split_names(names)
        for name in names if isinstance(names, list) else []:
            if isinstance(name, (str, int)) and registry.lookup(str(name)) is None:
                line, label = raw.where(field)
                out.append(InputError(path, line, label, f"unknown organisation {short(name)}{registry.suggest(str(name)[:80])}"))
    return out


class _Collector:
    """Validates raw records one file at a time, keeping ids unique across files."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.errors: list[InputError] = []
        self.records: list[Record] = []
        self.ids: dict[str, str] = {}

    def add(self, raws: Iterable[RawRecord], display: str, stem: str) -> None:
        for index, raw in enumerate(raws, start=1):
            try:
                record = Record.model_validate(raw.values)
            except ValidationError as exc:
                found = _pydantic_errors(exc, raw, display)
                self.errors.extend(found)
                self.errors.extend(_raw_name_errors(raw, display, self.registry, {e.field for e in found}))
                continue
            record, problems = _resolve_names(record, raw, display, self.registry)
            if problems:
                self.errors.extend(problems)
                continue
            rid = record.id or f"{stem}#{raw.position or index}"
            if record.id is None:
                record = _assign(record, {"id": rid})
            if rid in self.ids:
                line, label = raw.where("id")
                self.errors.append(InputError(display, line, label, f"duplicate id {short(rid)} (first at {self.ids[rid]})"))
                continue
            self.ids[rid] = f"{display}:{raw.line}"
            self.records.append(record)

    def result(self) -> list[Record]:
        raise_all(self.errors)
        return self.records


def load_records(paths: list[str | Path], registry: Registry, notes: list[str] | None = None) -> list[Record]:
    """Load, validate and resolve every record under ``paths``; raise all problems together.

    A record without an ``id`` gets ``<file name>#<position>``, stable while the file is.
    ``notes`` (when given) collects how files were read: an encoding other than UTF-8, template
    rows skipped for want of a date.
    """
    collector = _Collector(registry)
    with paused():
        for path, display in record_files(paths):
            try:
                collector.add(iter_raw(path, display, notes), display, path.name)
            except VelvoiteError as exc:
                collector.errors.extend(getattr(exc, "errors", [exc]))
    return collector.result()


def records_from_mappings(items: list, source: str, registry: Registry) -> list[Record]:
    """Validate records given as mappings (rule cases, generated data) like a file's records."""
    collector = _Collector(registry)
    collector.add(list(_mapping_records(items, source)), source, source)
    return collector.result()
