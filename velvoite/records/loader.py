"""Reading records from files and folders (YAML, JSON, CSV, Excel .xlsx, OpenDocument .ods) into validated ``Record`` objects.

Every problem is reported as ``path:line: field: message (did you mean ...?)``; all problems of
all files are collected before one ``InputErrors`` is raised, so a user fixes a file in one pass.
Which files are read: ``files``; tables: ``tables``; workbooks: ``xlsx`` and ``ods``; what a value may hold:
``text``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from velvoite.errors import InputError, VelvoiteError, raise_all, short
from velvoite.days import EARLIEST_RECORD, LAST_VALID
from velvoite.gcpause import paused
from velvoite.records.documents import iter_raw, mapping_records
from velvoite.records.files import lines_of, record_files
from velvoite.records.fast import FastPath
from velvoite.records.fields import SHORT_YEAR, parse_date
from velvoite.records.kinds import date_fields, org_list_fields, pack_fields
from velvoite.records.model import Record
from velvoite.records.names import _existence, _organisation, _raw_name_errors
from velvoite.records.row_checks import foreign_fields, pack_values, pydantic_errors, text_errors
from velvoite.records.sources import Sources
from velvoite.records.runs import take, unrolled
from velvoite.records.tables import RawRecord
from velvoite.progress import SILENT, Progress
from velvoite.registry import Registry
from velvoite.i18n import _, language
from velvoite.messages import date_text, day_text

MAX_ERRORS = 1_000  # reported per run; a file of a million bad rows stops here, not after the million


@dataclass(frozen=True)
class ReadOptions:
    """How record files are read on one run.

    ``skip_unknown``: files in a record folder that are not record files are named in a note
    instead of being errors. ``today``: the day of the run; record dates more than a year after
    it are errors (a typed 2205 for 2025), None to allow them (``--allow-future``). Dates before
    2000 are always errors: no duty checked here is older, and such a date is a typo.
    """

    skip_unknown: bool = False
    today: dt.date | None = None
    within: object = None  # a ``records.within.Within``: rows of no organisation in scope are passed over
    stored: object = None  # a database as a record source (``web.source.DATABASE``), chosen by the caller

    @functools.cached_property
    def latest(self) -> dt.date | None:
        if self.today is None:
            return None
        try:
            return self.today.replace(year=self.today.year + 1)
        except ValueError:  # 29 February
            return self.today.replace(year=self.today.year + 1, day=28)


def _date_problem(day: dt.date, options: ReadOptions, activity: bool) -> str | None:
    """Dates before 2000 are typos; so are activity dates more than a year ahead (validity dates
    of a designation may lie further ahead, to the end of a term, but not past ``LAST_VALID``)."""
    if day < EARLIEST_RECORD:
        return _("{day} is before {year}: no duty checked here is that old (a typo?)").format(
            day=day_text(day), year=EARLIEST_RECORD.year)
    if not activity:
        if day <= LAST_VALID:
            return None
        return _("{day} is after {last}: a typo?").format(day=day_text(day), last=day_text(LAST_VALID))
    latest = options.latest
    if latest is not None and day > latest:
        return _("{day} is more than a year after today ({today}): a typo? (give --allow-future for planned "
                 "dates)").format(day=day_text(day), today=day_text(options.today))
    return None


def _resolve_names(record: Record, raw: RawRecord, path: str, registry: Registry,
                   options: ReadOptions) -> tuple[Record | None, list[InputError]]:
    errors: list[InputError] = []
    update: dict = {}

    def fail(field: str, message: str) -> None:
        line, label = raw.where(field)
        errors.append(InputError(path, line, label, message))

    def canon(field: str, name: str) -> str | None:
        org, problem = _organisation(name, field in raw.numeric, registry)
        if problem:
            fail(field, problem)
            return None
        return org.id

    for field, day in (("date", record.date), ("valid_from", record.valid_from), ("valid_until", record.valid_until)):
        problem = day is not None and _date_problem(day, options, field == "date")
        if problem:
            fail(field, problem)
    # The registry's own id strings are kept, so a million records share a few hundred of them.
    org_id = canon("org", record.org)
    if org_id and org_id is not record.org:
        update["org"] = org_id
    data = record.data or {}
    for field in org_list_fields():
        names = record.participants if field == "participants" else data.get(field, ())
        ids = [canon(field, n) for n in names]
        if names and None not in ids:
            resolved = tuple(dict.fromkeys(ids))
            if field in data:
                data[field] = resolved
            else:
                update[field] = resolved
            for org_ref in resolved:
                problem = _existence(registry.orgs[org_ref], record.date, registry)
                if problem:
                    fail(field, problem)
    if org_id:
        problem = _existence(registry.orgs[org_id], record.date, registry)
        if problem:
            fail("date", problem)
    if errors:
        return None, errors
    return assign(record, update), []


def assign(record: Record, changes: dict) -> Record:
    """Set already-valid values on a record that was just validated and is not shared yet
    (``dataclasses.replace`` would validate the whole record again)."""
    for name, value in changes.items():
        object.__setattr__(record, name, value)
    return record


class _Collector:
    """Validates raw records one file at a time, keeping ids unique across files."""

    def __init__(self, registry: Registry, options: ReadOptions, sources: Sources | None = None,
                 notes: list[str] | None = None):
        self.registry, self.options, self.sources = registry, options, sources or Sources()
        self.notes, self.short_years = notes, set()  # files whose two-digit years were noted
        self.errors: list[InputError] = []
        self.records: list[Record] = []
        self.ids: dict[str, str | tuple[str, int]] = {}  # id -> where first read ("file:line", or a run's (file, line))
        self.derived: set[str] = set()  # the ids given to records without one (FILE#ROW)
        self.stopped = False

    def add(self, raws: Iterable[RawRecord], display: str, stem: str, step=None) -> None:
        """Validate a file's raw records; ``step`` (``velvoite.progress``) hears the line reached."""
        declared = pack_fields()
        fast = FastPath(self.registry, self.options, _date_problem)  # per file: the packs in use now
        within = self.options.within
        outside = within.outside if within is not None else None
        passed_over = 0
        rows = unrolled(raws, lambda run: take(self, run, display, stem, step, MAX_ERRORS, assign))
        for index, raw in enumerate(rows, start=1):
            if step is not None and not index & 1023:
                step(raw.line or index)
            if len(self.errors) >= MAX_ERRORS:
                if not self.stopped:
                    self.stopped = True
                    self.errors.append(InputError(display, raw.line, None, _(
                        "stopped reading after {n:,} errors: fix these first").format(n=MAX_ERRORS)))
                return
            if outside is not None and not raw.numeric and outside(raw.values):  # (a number: maybe a code with zeros lost)
                passed_over += 1
                continue
            if raw.values and display not in self.short_years:  # (a built row without a D.M.YY date: none)
                self.note_short_year(raw, display)
            record = fast.build(raw) or self._validated(raw, display, declared)
            if record is None:
                continue
            rid = record.id or f"{stem}#{raw.position or index}"
            derived = record.id is None
            if derived:
                record = assign(record, {"id": rid, "derived_id": True})
            if rid in self.ids:
                self.errors.append(self._duplicate(raw, display, rid, derived))
                continue
            self.ids[rid] = f"{display}:{raw.line}"
            if derived:
                self.derived.add(rid)
            self.sources.add(rid, display, raw, record.kind)
            self.records.append(record)
        if within is not None:
            within.count(display, passed_over)

    def _validated(self, raw: RawRecord, display: str, declared: dict) -> Record | None:
        """The validating path: a record, or None with its problems added to the errors."""
        problems = text_errors(raw, display)
        if problems:
            self.errors.extend(problems)
            return None
        own, data, problems = pack_values(raw, display, declared)
        try:
            record = Record.model_validate(own)
        except ValidationError as exc:
            found = problems + pydantic_errors(exc, raw, display)
            self.errors.extend(found)
            self.errors.extend(_raw_name_errors(raw, display, self.registry, {e.field for e in found}))
            return None
        if problems:
            self.errors.extend(problems)
            self.errors.extend(_raw_name_errors(raw, display, self.registry, {e.field for e in problems}))
            return None
        if data:
            object.__setattr__(record, "data", data)
        record, problems = _resolve_names(record, raw, display, self.registry, self.options)
        if record is not None:
            problems = foreign_fields(record, raw, display)
        if problems:
            self.errors.extend(problems)
            return None
        return record

    def note_short_year(self, raw: RawRecord, display: str) -> None:
        values = raw.values
        for name in date_fields():  # the few fields that hold a date
            value = values.get(name)
            # "." among the last four characters: the cheap sign of D.M.YY (never in YYYY-MM-DD or D.M.YYYY)
            if value.__class__ is str and len(value) <= 10 and "." in value[-4:] and SHORT_YEAR.match(value):
                self.short_years.add(display)
                if self.notes is not None:
                    self.notes.append(_("{file}: two-digit years are read as 20YY (line {line}: {text} is {date})").format(
                        file=display, line=raw.where(name)[0], text=value.strip(), date=date_text(parse_date(value), language())))
                return

    def _duplicate(self, raw, display: str, rid: str, derived: bool) -> InputError:
        """A second record with an id already taken; when one of the two is the id given to a
        record without one (FILE#ROW), the message says so: the user wrote only one of them."""
        line, label = raw.where("id")
        if derived:
            message = _("this record has no id, and the one it would get, {id}, is the id of the record at {where}: "
                        "give one of them another id")
        elif rid in self.derived:
            message = _("id {id} is the id given to the record without an id at {where}: choose another id "
                        "(FILE#ROW is how records without one are named)")
        else:
            message = _("duplicate id {id} (first at {where})")
        where = self.ids[rid]
        if where.__class__ is tuple:  # (a run's rows are kept as file and line: records.runs.take)
            where = "{}:{}".format(*where)
        return InputError(display, line, label, message.format(id=short(rid), where=where))

    def result(self) -> list[Record]:
        raise_all(self.errors)
        return self.records


def _stems(files: list[tuple[Path, str]]) -> list[str]:
    """What derived ids start with: the file name, or the path as given where two files of the
    run share a name (``2024/kunnat.csv`` and ``2025/kunnat.csv``), so derived ids never collide."""
    counts: dict[str, int] = {}
    for path, _display in files:
        counts[path.name] = counts.get(path.name, 0) + 1
    return [display if counts[path.name] > 1 else path.name for path, display in files]


def load_records(paths: list[str | Path], registry: Registry, notes: list[str] | None = None,
                 options: ReadOptions = ReadOptions(), sources: Sources | None = None,
                 progress: Progress = SILENT) -> list[Record]:
    """Load, validate and resolve every record under ``paths``; raise all problems together.

    A record without an ``id`` gets ``<file name>#<row>``, stable while the file is: the row as a
    spreadsheet shows it (CSV, XLSX, ODS; the header is row 1) or the place in a YAML or JSON list.
    ``notes`` (when given) collects how files were read: an encoding other than UTF-8, template
    rows skipped for want of a date, files passed over. ``sources`` (when given) learns where each
    record was read (``records.sources``); ``progress`` hears the lines of each file read.
    """
    collector = _Collector(registry, options, sources, notes)
    stored = options.stored  # a workspace folder among the paths is read from its database (when given one)
    databases = [str(p) for p in paths if stored is not None and stored.holds(p)]  # (in the order given: one stat each)
    files, collector.errors = record_files([p for p in paths if str(p) not in databases], options.skip_unknown, notes)
    from velvoite.columnar.csv_lines import run_bytes
    from velvoite.columnar.sheets import reader

    # large CSV files (by the run's CSV files together) and sheets read as columns (polars)
    columns = reader(registry, options, _date_problem, run_bytes(files))
    with paused():
        for (path, display), stem in zip(files, _stems(files)):
            try:
                total = lines_of(path) if progress is not SILENT else None
                with progress.task(_("Reading {file}").format(file=display), total) as step:
                    collector.add(iter_raw(path, display, notes, options.within, columns), display, stem, step)
            except VelvoiteError as exc:
                collector.errors.extend(getattr(exc, "errors", [exc]))
        for folder in databases:  # a database workspace (velvoite db init): its stored records
            first = len(collector.records)
            collector.add(stored.raws(folder), folder, folder)  # (says so when the web extra is missing)
            stored.confirm(collector.records, first)  # who stood behind them (engine.standing)
    if options.within is not None and options.within.passed and notes is not None:
        notes.append(options.within.note())
    return collector.result()


def records_from_mappings(items: list, source: str, registry: Registry,
                          sources: Sources | None = None) -> list[Record]:
    """Validate records given as mappings (rule cases, generated data) like a file's records."""
    collector = _Collector(registry, ReadOptions(), sources)
    collector.add(list(mapping_records(items, source)), source, source)
    return collector.result()
