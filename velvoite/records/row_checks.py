"""What is wrong with one row's values, before its names are resolved: the text policy
(forbidden characters, lengths, NFC), pydantic's errors in the record format's words, the pack's
declared fields converted by their types, and fields its kind does not carry. Each problem an
``InputError`` at the row's line and field (``RawRecord.where``); the loader (``records.loader``)
collects them."""

from __future__ import annotations

from pydantic import ValidationError

from velvoite.errors import InputError, did_you_mean, pydantic_problem
from velvoite.i18n import _
from velvoite.records.kinds import COMMON_FIELDS, catalogue, field_names, field_set
from velvoite.records.model import Record
from velvoite.records.tables import RawRecord
from velvoite.records.text import MAX_TEXT, is_nfc, normal, text_problem, unusual


def text_errors(raw: RawRecord, path: str) -> list[InputError]:
    """The text policy applied to a raw record in place: forbidden characters and lengths are
    errors at the field; text values are made NFC. Keys need no check: a key that is not a field
    name is an error anyway, and messages escape it.

    Nearly every record is plain: one scan of all its text decides that, and only a record with
    something to report or normalise is looked at value by value."""
    texts = [v for v in raw.values.values() if isinstance(v, str)]
    for v in raw.values.values():
        if isinstance(v, list):
            texts.extend(x for x in v if isinstance(x, str))
    joined = "\n".join(texts)
    if (not unusual(joined) and (joined.isascii() or is_nfc(joined))
            and (len(joined) <= MAX_TEXT or not any(len(t) > MAX_TEXT for t in texts))):
        return []
    errors: list[InputError] = []

    def clean(value: object, field: str) -> object:
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                line, label = raw.where(field)
                errors.append(InputError(path, line, label, problem))
                return value
            return normal(value)
        if isinstance(value, list):
            return [clean(v, field) for v in value]
        return value

    raw.values = {key: clean(value, str(key)) for key, value in raw.values.items()}
    return errors


def pydantic_errors(exc: ValidationError, raw: RawRecord, path: str) -> list[InputError]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        field = loc[0] if loc else None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = _("required field is missing")
        elif err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            msg = _("unknown field") + did_you_mean(field, field_names())
        elif field is None and ":" in msg:
            field, msg = (s.strip() for s in msg.split(":", 1))
        elif err["type"].endswith("_type") or err["type"] == "literal_error":
            msg = _("wrong type: {problem}").format(problem=pydantic_problem(err))
        line, label = raw.where(field)
        if len(loc) > 1 and label:
            label = f"{label}[{loc[1]}]"
        out.append(InputError(path, line, label, msg))
    return out


def pack_values(raw: RawRecord, path: str, declared: dict) -> tuple[dict, dict | None, list[InputError]]:
    """A raw record split into the record's own values and the pack-declared fields converted by
    their types (``records.fields``; None when it gives none, as nearly every record of a large
    data set)."""
    values = raw.values
    names = [k for k in values if k in declared]
    if not names:
        return values, None, []
    own = dict(values)
    data, errors = {}, []
    for name in names:
        value = own.pop(name)
        if value is None or value == "":
            continue
        try:
            converted = declared[name].convert(value)
        except ValueError as exc:
            line, label = raw.where(name)
            errors.append(InputError(path, line, label, str(exc)))
            continue
        if converted not in (None, ()):
            data[name] = converted
    return own, data or None, errors


def foreign_fields(record: Record, raw: RawRecord, path: str) -> list[InputError]:
    """Fields a record of its kind does not carry (a ``hyte_goals`` on a negotiation): an error,
    since they would otherwise be ignored in silence. Which fields a kind carries is pack data."""
    kind = catalogue()[record.kind]
    allowed = COMMON_FIELDS.union(kind.fields)
    names = field_set()
    out = []
    for name, value in raw.values.items():
        if name not in allowed and value not in (None, "", [], ()) and name in names:
            line, label = raw.where(name)
            fields = ", ".join(kind.fields) or "only the common ones"
            out.append(InputError(path, line, label, _("a record of kind {kind} does not carry {name} (its fields: "
                                                       "{fields}): remove it, or check the kind").format(
                                                           kind=record.kind, name=name, fields=fields)))
    return out
