"""Records from tables: a header row of field names, then one record per row (CSV and the first
visible sheet of a workbook share this).

A column whose header is in parentheses, e.g. ``(deadline)``, is a note for the person filling
in a template (``velvoite template``); it is not read. In a file with a deadline note column, a
row whose only values are the ones the template filled in (organisation, kind, the county as
participant) is an expected activity not (yet) done, and is skipped; a row with anything more
but no date is an error, so that a half-recorded decision is never dropped.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator

from velvoite.errors import InputError, did_you_mean, raise_all, short
from velvoite.records.cells import NotAValue
from velvoite.records.kinds import column_fields, field_names
from velvoite.records.text import MAX_COLUMNS, MAX_ROWS
from velvoite.i18n import _, ngettext

# Column names people write in Finnish and Swedish, for "did you mean" (they are not read as such).
COLUMN_HINTS = {"organisaatio": "org", "kunta": "org", "organisation": "org", "kommun": "org", "laji": "kind",
                "tyyppi": "kind", "typ": "kind", "päivä": "date", "päivämäärä": "date", "pvm": "date",
                "datum": "date", "toimielin": "body", "organ": "body", "osallistujat": "participants",
                "deltagare": "participants", "viite": "reference", "pykälä": "reference", "referens": "reference",
                "linkki": "url", "länk": "url", "vastuutaho": "responsible", "vastuuhenkilö": "responsible",
                "huomiot": "notes", "lisätiedot": "notes", "anteckningar": "notes"}

TEMPLATE_MARKS = ("(deadline)", "(määräaika)", "(tidsfrist)")
TEMPLATE_FILLED = ("org", "kind", "participants")  # what velvoite template writes in a row


class NumberText(str):
    """The displayed text of a spreadsheet cell that holds a number (Excel drops leading zeros)."""

    __slots__ = ()


class RawRecord:
    """A record as read, before validation: its mapping and where each key stands."""

    __slots__ = ("values", "line", "lines", "labels", "position", "numeric")

    def __init__(self, values: dict, line: int, lines: dict | None = None, labels: dict | None = None,
                 position: int | None = None, numeric: frozenset = frozenset()):
        self.values, self.line, self.lines = values, line, lines or {}
        self.labels, self.position = labels or {}, position  # labels: field -> column label (tables)
        self.numeric = numeric  # fields whose cell held a number, not text

    def where(self, field: str | None) -> tuple[int, str | None]:
        """The line of a field and how messages name it (a column label in tables)."""
        line = self.lines.get(field, self.line) if field else self.line
        label = self.labels.get(field, _("column {name!r}").format(name=field)) if (field and self.labels) else field
        return line, label


def _column_hint(name: str) -> str:
    if name in COLUMN_HINTS:
        return _(" (did you mean {choice}?)").format(choice=repr(COLUMN_HINTS[name]))
    return did_you_mean(name, field_names())


def _is_note(name: str) -> bool:
    return name.startswith("(") and name.endswith(")")


def _header(first, path: str, label) -> tuple[int, list[str]]:
    if first is None or not any(h.strip() for h in first[1]):
        raise InputError(path, 1, None, _("the file is empty: expected a header row naming the columns"))
    head_line, header = first
    for i, h in enumerate(header):
        if type(h) is NotAValue:  # a header cell showing an error, a formula never calculated...
            raise InputError(path, head_line, label(i, ""), h.why)
    names = [column_fields().get(h.strip().casefold(), h.strip().lower()) for h in header]
    while names and not names[-1]:
        names.pop()  # trailing empty header cells, as spreadsheets write them
    if len(names) > MAX_COLUMNS:
        raise InputError(path, head_line, label(MAX_COLUMNS, ""), _("more than {n} columns").format(n=MAX_COLUMNS))
    seen, errors, fields = set(), [], set(field_names())
    for i, name in enumerate(names):  # every bad column at once: a header is fixed in one go
        if name and not _is_note(name) and name not in fields:
            errors.append(InputError(path, head_line, label(i, name), _("unknown column") + _column_hint(name)))
        elif name and name in seen:
            errors.append(InputError(path, head_line, label(i, name), _("column given twice")))
        seen.add(name)
    raise_all(errors)
    return head_line, names


def header_labels(first, path: str, label) -> tuple[list[str], list[str], dict[str, str]]:
    """The fields of a header row (checked: ``InputError`` for a bad one), how messages name each
    column (as its header says: päivämäärä), and the label of each field's column."""
    _head, names = _header(first, path, label)
    shown = [h.strip() for h in first[1]]
    columns = [label(i, shown[i] if name else "") for i, name in enumerate(names)]
    return names, columns, {name: columns[i] for i, name in enumerate(names) if name}


def csv_label(i: int, name: str) -> str:
    """How a CSV file's messages name column ``i``: by its header, else by its number."""
    return _("column {name!r}").format(name=name) if name else _("column {number}").format(number=i + 1)


def _cells(read: list, row: list, path: str, line: int, columns: list[str]) -> tuple[dict, frozenset]:
    """A row's values by field, and the fields whose cell held a number (spreadsheets);
    ``columns``: how messages name each column."""
    values, numeric = {}, set()
    for i, (name, cell) in enumerate(zip(read, row)):
        if name is None:  # a note column, read by people only
            continue
        text = cell.strip()
        if not text:
            continue
        if type(cell) is NotAValue:
            raise InputError(path, line, columns[i], cell.why)
        if not name:
            raise InputError(path, line, columns[i], _("value {value} in a column without a header").format(value=short(text)))
        values[name] = text
        if type(cell) is NumberText:
            numeric.add(name)
    return values, frozenset(numeric)


def table_records(rows: Iterator[tuple[int, list[str]]], path: str, label,
                  notes: list[str] | None = None, numbers: bool = True, within=None) -> Iterator[RawRecord]:
    """Records from a header row and data rows (CSV or a spreadsheet); ``label(i, name)`` names
    column ``i`` in messages; skipped template rows are counted in ``notes``. ``within`` (a
    ``records.within.Within``): plain rows of no organisation in scope are counted there, not read."""
    first = next(rows, None)
    names, columns, labels = header_labels(first, path, label)
    template = any(mark in names for mark in TEMPLATE_MARKS)
    read = [None if _is_note(name) else name for name in names]  # per column: its field, "" or None (a note)
    plain = not numbers and all(read)  # ``numbers``: cells may be numbers (spreadsheets), not only text
    skipped = 0
    width = len(names)
    outside = within.row_test(names) if within is not None and plain else None
    passed = [0]
    if outside is not None:  # rows passed over in C's loop, not this one's (most of a national file)
        def skip(item) -> bool:
            row = item[1]
            if len(row) <= width and outside(row):
                passed[0] += 1
                return True
            return False
        rows = itertools.filterfalse(skip, rows)
    for line, row in rows:
        if plain and len(row) <= width:  # every column named, text only (CSV): one pass, no per-cell checks
            values = {name: text for name, cell in zip(read, row) if (text := cell.strip())}
            if not values:
                continue
            numeric = NOT_NUMERIC
        else:
            if not any(cell.strip() for cell in row):
                continue
            if line > MAX_ROWS:
                raise InputError(path, line, None, _("more than {n:,} rows: split the file").format(n=MAX_ROWS))
            if len(row) > width and any(c.strip() for c in row[width:]):
                extra = next(i for i in range(width, len(row)) if row[i].strip())
                raise InputError(path, line, label(extra, ""), row[extra].why if type(row[extra]) is NotAValue else
                                 _("{values} values but only {columns} columns in the header").format(
                                     values=len(row), columns=width))
            values, numeric = _cells(read, row, path, line, columns)
        if line > MAX_ROWS:  # (a plain row's check: after its values, as one comparison)
            raise InputError(path, line, None, _("more than {n:,} rows: split the file").format(n=MAX_ROWS))
        if template and "date" not in values:
            extra = [n for n in values if n not in TEMPLATE_FILLED]
            if extra:
                raise InputError(path, line, labels["date" if "date" in labels else extra[0]],
                                 _("this row has {fields} but no date: fill in the date of the activity, or clear "
                                   "the row if it was not done").format(fields=", ".join(extra)))
            skipped += 1
            continue
        yield RawRecord(values, line, labels=labels, position=line, numeric=numeric)
    if within is not None:
        within.count(path, passed[0])
    if skipped and notes is not None:
        notes.append(ngettext("{file}: {n} template row without a date skipped (an activity not recorded as done)",
                              "{file}: {n} template rows without a date skipped (activities not recorded as done)",
                              skipped).format(file=path, n=skipped))


NOT_NUMERIC: frozenset = frozenset()
SEP_LINE = re.compile(r"^\ufeff?sep=(.)\r?\n?$", re.IGNORECASE)  # Excel's first line naming the separator


def csv_records(stream: io.TextIOBase, path: str, notes: list[str] | None = None,
                within=None) -> Iterator[RawRecord]:
    """Rows streamed from the file: memory holds the records kept, not the file. Excel's
    ``sep=;`` first line names the separator."""
    first, offset = stream.readline(), 0
    sep = SEP_LINE.match(first)
    if sep:
        delimiter, offset, first = sep[1], 1, stream.readline()
    else:
        delimiter = max((",", ";", "\t"), key=first.count)
        if first.strip() and not first.count(delimiter) and first.strip().lower() not in field_names():
            raise InputError(path, 1, None, _("the header is one column {value}: separate the columns with ';', "
                                              "',' or a tab (in Excel: save as 'CSV UTF-8')").format(
                                                  value=short(first.strip())))
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
    # Numbered as a spreadsheet shows the rows (a blank line is a row, a cell spanning lines one
    # row; Excel's sep= line counts, as LibreOffice and a text editor show it), so a message or a
    # derived id says the row the user sees. zip takes the number before the row: when the row
    # cannot be parsed, the number taken last is its own.
    numbers = itertools.count(1 + offset)
    try:
        yield from table_records(zip(numbers, reader), path, csv_label, notes, numbers=False, within=within)
    except csv.Error as exc:
        raise InputError(path, next(numbers) - 1, None, _("CSV parsing stopped here: {reason}").format(
            reason=exc)) from None
