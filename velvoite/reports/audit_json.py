"""An audit JSON file given back to velvoite (``velvoite diff OLD.json NEW.json``, ``velvoite report
--since OLD.json``): one strict boundary, with the audit contract (``velvoite schema audit``) as its
schema.

Read strictly: UTF-8, at most ``MAX_BYTES``, nested at most ``MAX_DEPTH`` deep; a key given twice,
``NaN``/``Infinity`` and half a UTF-16 surrogate pair are refused; ``schema_version`` must be one this
velvoite reads (``READ_VERSIONS``); every field has its type and nothing is coerced (``"late": "no"``
is not true, ``"evidence": "abc"`` is not three records); a finding given twice (organisation, rule,
period) is refused, not overwritten. Each refusal is one ``InputError`` naming the file, the line of
the offending value and its JSON path (``findings[3].status``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from velvoite.engine.finding import Citation, Finding
from velvoite.errors import PYDANTIC_TYPES, InputError, did_you_mean, pydantic_problem, short
from velvoite.i18n import _
from velvoite.records.encoding import bounded_bytes, utf8_text
from velvoite.reports.json_scan import deepest, first_duplicate, first_value, line_of, path_text
from velvoite.contract import SCHEMA_VERSION, AuditOutput

READ_VERSIONS = tuple(dict.fromkeys(("1.0", "1.1", "1.2", SCHEMA_VERSION)))  # the audit contracts this velvoite reads
MAX_BYTES = 1 << 30  # a national audit is about 100 MB
MAX_DEPTH = 8        # the audit contract nests 5 deep (findings, a finding, legal_basis, a citation)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HALF_PAIR = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _iso_day(value: object) -> dt.date | None:
    """A date written as the audit writes it (YYYY-MM-DD), nothing else: no number, no date-time."""
    if value is None:
        return None
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_parsing", "not a date")


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
DayOrNone = Annotated[dt.date | None, BeforeValidator(_iso_day)]
_STRICT = ConfigDict(strict=True, extra="forbid")


def _strict(contract: type[BaseModel], types: dict) -> type[BaseModel]:
    """The model that writes a part of the audit JSON, made into one that reads it strictly: the
    same fields, names and defaults (a field added to the contract is read as soon as it is
    written), dates only as YYYY-MM-DD, no value converted to another type, no unknown key."""
    fields = {}
    for name, f in contract.model_fields.items():
        kind = types.get(name, types.get(f.annotation, f.annotation))
        default = ... if f.is_required() else f.get_default(call_default_factory=True)
        fields[name] = (kind, Field(default, alias=f.alias))
    return create_model(f"{contract.__name__}In", __config__=_STRICT, __doc__=f"{contract.__doc__} (read strictly)",
                        **fields)


CitationIn = _strict(Citation, {})
FindingIn = _strict(Finding, {dt.date: Day, dt.date | None: DayOrNone, "legal_basis": list[CitationIn]})
AuditIn = _strict(AuditOutput, {dt.date: Day, "findings": list[FindingIn]})


class _Refused(Exception):
    """JSON that ``json`` reads but the boundary does not take (a key twice, NaN): located by a scan."""


def _pairs(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused
    return out


def _constant(name: str):
    raise _Refused


def _int(digits: str) -> int | str:
    # a number of thousands of digits stays text (and is refused as not a whole number of the contract)
    return int(digits) if len(digits) <= 30 else digits


def _text(path: str) -> str:
    """The file's text: a folder, an unreadable, oversized, empty or non-UTF-8 file is refused."""
    def refuse(line: int | None, reason: str) -> InputError:
        return InputError(path, line, None, reason)
    data = bounded_bytes(path, MAX_BYTES, refuse,
                         folder=_("a folder, not an audit JSON file (velvoite audit --format json)"),
                         too_large=_("larger than {n:,} bytes: not an audit JSON file"))
    return utf8_text(data, refuse, not_utf8=_("not UTF-8 text (byte {byte} cannot be read): not an audit JSON file"),
                     empty=_("the file is empty: expected an audit JSON file (velvoite audit --format json)"))


def _parse(path: str, text: str) -> object:
    """The JSON value, or a located error for what ``json`` refuses and for what it would take silently."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, None, _("not an audit JSON file: JSON parsing stopped here: {reason} "
                                                   "(column {column})").format(reason=exc.msg,
                                                                               column=exc.colno)) from None
    except RecursionError:
        where, line = deepest(text, MAX_DEPTH)
        raise InputError(path, line, path_text(where), _("nested deeper than {n} levels: not an audit JSON "
                                                         "file").format(n=MAX_DEPTH)) from None
    except _Refused:
        found = first_duplicate(text)
        if found:
            where, line, first = found
            raise InputError(path, line, path_text(where), _("key given twice (first on line {line})").format(
                line=first)) from None
        where, line, token = first_value(text, lambda tok: tok in ("NaN", "Infinity", "-Infinity"))
        raise InputError(path, line, path_text(where), _("{value} is not a number JSON allows: write a number "
                                                         "or null").format(value=token)) from None
    if _too_deep(data, MAX_DEPTH):  # on the values read (a scan of the text only to say where)
        where, line = deepest(text, MAX_DEPTH)
        raise InputError(path, line, path_text(where), _("nested deeper than {n} levels: not an audit JSON "
                                                         "file").format(n=MAX_DEPTH))
    if _HALF_PAIR.search(text) and not _encodes(data):  # pairs (every emoji json.dumps writes) are fine
        where, line, token = first_value(text, _has_half_pair, keys=True)
        if token:
            raise InputError(path, line, path_text(where), _("\\u{code} is half of a UTF-16 surrogate pair without "
                                                             "its other half: retype the character").format(
                code=_HALF_PAIR.search(token)[0][2:]))
    return data


def _too_deep(data: object, limit: int) -> bool:
    """Whether a value is nested more than ``limit`` deep (walked without recursion)."""
    level = [data]
    for _depth in range(limit + 1):
        level = [v for c in level if isinstance(c, (dict, list)) for v in (c.values() if isinstance(c, dict) else c)]
        if not level:
            return False
    return True


def _encodes(data: object) -> bool:
    """Whether every text in the value is whole Unicode (no half of a surrogate pair)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_half_pair(token: str) -> bool:
    return token.startswith('"') and bool(_SURROGATE.search(json.loads(token)))


def _problem(err: dict) -> str:
    """A validation error of the contract in the user's words."""
    kind = err["type"]
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        return _("unknown field of an audit JSON file") + did_you_mean(
            str(err["loc"][-1]), _known(err["loc"]))
    if kind == "literal_error":
        choices = get_args(_model(err["loc"]).model_fields[err["loc"][-1]].annotation)
        return _("{value} is not one of {choices}").format(value=short(err.get("input")), choices=", ".join(
            choices)) + did_you_mean(str(err.get("input")), choices)
    if kind in PYDANTIC_TYPES:
        return pydantic_problem(err)
    return _("{problem} (got {value})").format(problem=err["msg"].lower(), value=short(err.get("input")))


def _model(loc: tuple) -> type[BaseModel]:
    """The model of the object holding the field at ``loc`` (the top, a finding, a citation)."""
    return {1: AuditIn, 3: FindingIn, 5: CitationIn}.get(len(loc), AuditIn)


def _known(loc: tuple) -> list[str]:
    """The fields the object holding ``loc`` may have."""
    return [f.alias or name for name, f in _model(loc).model_fields.items()]


def read_audit(path: str) -> dict:
    """An audit JSON file written by ``velvoite audit --format json``, checked against the contract;
    anything else is an ``InputError`` at its line and field."""
    text = _text(path)
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise InputError(path, 1, None, _("not an audit JSON file: expected an object with schema_version and "
                                          "findings (velvoite audit --format json)"))
    version = data.get("schema_version")
    if "schema_version" in data and version not in READ_VERSIONS:
        raise InputError(path, line_of(text, ("schema_version",)), "schema_version",
                         _("version {version} of the audit JSON is not one this velvoite reads ({versions}): "
                           "write the audit again with this velvoite").format(
                             version=short(version), versions=", ".join(READ_VERSIONS)))
    if not isinstance(data.get("findings"), list):
        raise InputError(path, 1, "findings", _("not an audit JSON file: it has no findings list (write one with "
                                                "velvoite audit --format json)"))
    try:
        AuditIn.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)  # an unknown key first: a misspelt field is also a missing one
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc = tuple(err["loc"])
        raise InputError(path, line_of(text, loc), path_text(loc), _problem(err)) from None
    seen: dict[tuple[str, str, str], int] = {}
    for i, f in enumerate(data["findings"]):
        key = (f["org"], f["rule"], f["period"])
        if key in seen:
            raise InputError(path, line_of(text, ("findings", i)), path_text(("findings", i)),
                             _("the same finding (org, rule, period) as findings[{index}] on line {line}").format(
                                 index=seen[key], line=line_of(text, ("findings", seen[key]))))
        seen[key] = i
    return data
