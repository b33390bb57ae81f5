"""Reading records from files and folders (YAML, JSON, CSV) into validated ``Record`` objects.

Every problem is reported as ``path:line: field: message (did you mean ...?)``; all problems of
all files are collected before one ``InputErrors`` is raised, so a user fixes a file in one pass.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from velvoite.errors import InputError, VelvoiteError, did_you_mean, raise_all
from velvoite.records.model import FIELDS, LIST_FIELDS, Record
from velvoite.records.yaml_lines import LineDict, load_yaml_documents
from velvoite.registry import Registry

SUFFIXES = (".yaml", ".yml", ".json", ".csv")


def record_files(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Every record file under the given files and folders, each with its display name, sorted."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    found.append((f, str(f)))
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                raise InputError(str(p), None, None,
                                 f"not a record file: expected one of {', '.join(SUFFIXES)}")
            found.append((p, str(p)))
        else:
            raise InputError(str(p), None, None, "no such file or folder")
    return found


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise InputError(path, None, None, "a binary file, not text: save it as UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, None,
                         "not UTF-8 text: save the file as UTF-8 (in Excel: 'CSV UTF-8')") from None


class RawRecord:
    """A record as read, before validation: its mapping and where each key stands."""

    __slots__ = ("values", "line", "lines", "column_style")

    def __init__(self, values: dict, line: int, lines: dict | None = None, column_style: bool = False):
        self.values, self.line, self.lines, self.column_style = values, line, lines or {}, column_style

    def where(self, field: str | None) -> tuple[int, str | None]:
        line = self.lines.get(field, self.line) if field else self.line
        label = f"column {field!r}" if (field and self.column_style) else field
        return line, label


def _mapping_records(doc: object, path: str) -> Iterator[RawRecord]:
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
        raise InputError(path, None, None, "expected a list of records")
    for item in doc:
        if not isinstance(item, dict):
            raise InputError(path, None, None, f"a record must be a mapping of fields, not {item!r:.40}")
        if isinstance(item, LineDict):
            yield RawRecord(item, item.line, item.lines)
        else:
            yield RawRecord(item, 0)


def _yaml_records(text: str, path: str) -> Iterator[RawRecord]:
    for doc in load_yaml_documents(text, path):
        yield from _mapping_records(doc, path)


def _json_records(text: str, path: str) -> Iterator[RawRecord]:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, None, f"JSON parsing stopped here: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(path, None, None, "JSON is nested too deeply to be a record file") from None
    # JSON is YAML: the line-aware YAML loader gives lines and catches duplicate keys.
    yield from _yaml_records(text, path)


def _csv_records(text: str, path: str) -> Iterator[RawRecord]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(path, 1, None, f"CSV parsing stopped here: {exc}") from None
    if header is None or not any(h.strip() for h in header):
        raise InputError(path, 1, None, "the file is empty: expected a header row naming the columns")
    names = [h.strip().lower() for h in header]
    for name in names:
        if name and name not in FIELDS:
            raise InputError(path, 1, f"column {name!r}", f"unknown column{did_you_mean(name, FIELDS)}")
    seen = set()
    for name in names:
        if name and name in seen:
            raise InputError(path, 1, f"column {name!r}", "column given twice")
        seen.add(name)
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names) and any(c.strip() for c in row[len(names):]):
                raise InputError(path, line, None, f"{len(row)} values but only {len(names)} columns in the header")
            values = {}
            for name, cell in zip(names, row):
                cell = cell.strip()
                if not name:
                    if cell:
                        raise InputError(path, line, None, f"value {cell!r} in a column without a header")
                    continue
                if cell:
                    values[name] = cell
            yield RawRecord(values, line, column_style=True)
    except csv.Error as exc:
        raise InputError(path, max(line, reader.line_num), None, f"CSV parsing stopped here: {exc}") from None


READERS = {".yaml": _yaml_records, ".yml": _yaml_records, ".json": _json_records, ".csv": _csv_records}


def read_raw(path: Path, display: str) -> list[RawRecord]:
    """The raw records of one file; a file with none is an error (nothing silently dropped)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(display, None, None, f"cannot read: {exc.strerror}") from None
    text = _decode(data, display)
    if not text.strip():
        raise InputError(display, None, None, "the file is empty: expected records")
    raws = list(READERS[path.suffix.lower()](text, display))
    if not raws:
        raise InputError(display, None, None, "no records in the file")
    return raws


def _pydantic_errors(exc: ValidationError, raw: RawRecord, path: str) -> list[InputError]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = loc[0] if loc else None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden":
            msg = f"unknown field{did_you_mean(field, FIELDS)}"
        elif field is None and ":" in msg:
            field, msg = (s.strip() for s in msg.split(":", 1))
        elif err["type"].endswith("_type") or err["type"] == "literal_error":
            msg = f"wrong type: {msg.lower()} (got {err.get('input')!r:.40})"
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
            errors.append(InputError(path, line, label, f"unknown organisation {name!r}{registry.suggest(name)}"))
            return None
        return org.id

    org_id = canon("org", record.org)
    if org_id and org_id != record.org:
        update["org"] = org_id
    for field in LIST_FIELDS:
        names = getattr(record, field)
        ids = [canon(field, n) for n in names]
        if None not in ids and ids != names:
            update[field] = list(dict.fromkeys(ids))
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
    return (record.model_copy(update=update) if update else record), []


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
            names = [n.strip() for n in names.split(";") if n.strip()]
        for name in names if isinstance(names, list) else []:
            if isinstance(name, (str, int)) and registry.lookup(str(name)) is None:
                line, label = raw.where(field)
                out.append(InputError(path, line, label, f"unknown organisation {name!r}{registry.suggest(str(name))}"))
    return out


class _Collector:
    """Validates raw records one file at a time, keeping ids unique across files."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.errors: list[InputError] = []
        self.records: list[Record] = []
        self.ids: dict[str, str] = {}

    def add(self, raws: list[RawRecord], display: str, stem: str) -> None:
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
            rid = record.id or f"{stem}#{index}"
            if record.id is None:
                record = record.model_copy(update={"id": rid})
            if rid in self.ids:
                line, label = raw.where("id")
                self.errors.append(InputError(display, line, label, f"duplicate id {rid!r} (first at {self.ids[rid]})"))
                continue
            self.ids[rid] = f"{display}:{raw.line}"
            record._source = self.ids[rid]
            self.records.append(record)

    def result(self) -> list[Record]:
        raise_all(self.errors)
        return self.records


def load_records(paths: list[str | Path], registry: Registry) -> list[Record]:
    """Load, validate and resolve every record under ``paths``; raise all problems together.

    A record without an ``id`` gets ``<file name>#<position>``, stable while the file is.
    """
    collector = _Collector(registry)
    for path, display in record_files(paths):
        try:
            raws = read_raw(path, display)
        except VelvoiteError as exc:
            collector.errors.extend(getattr(exc, "errors", [exc]))
            continue
        collector.add(raws, display, path.name)
    return collector.result()


def records_from_mappings(items: list, source: str, registry: Registry) -> list[Record]:
    """Validate records given as mappings (rule cases, generated data) like a file's records."""
    collector = _Collector(registry)
    collector.add(list(_mapping_records(items, source)), source, source)
    return collector.result()
