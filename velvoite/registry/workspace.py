"""The workspace settings file, ``velvoite.toml``, read by one pydantic model.

    lang = "fi"                                   # fi, sv or en
    [terms]                                       # replaces the built-in term lists
    municipal = [{label = "2021-2025", start = 2021-08-01, end = 2025-05-31}]
    [[organisations]]                             # adds an organisation or changes one
    id = "kunta-999"
    county = "hva-15"
    [[waivers]]                                   # a documented exception (engine/waiver.py)
    rule = "hyte-annual-report"
    org = "Jyväskylä"
    period = "2025"
    reason = "..."
    reference = "..."

Nothing is ignored: an unknown key, a wrong type, an unknown language, a term without a label is a
one-line error naming the file, the line and the key (``waivers[2].rule``), with "did you mean".
TOML readers give no lines, so the line is found from the key path (``line_of``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from velvoite.errors import InputError, did_you_mean, pydantic_problem, raise_all, short
from velvoite.i18n import _


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermEntry(_Strict):
    label: str = Field(min_length=1)
    start: dt.date
    end: dt.date
    basis: str | None = None


class Terms(_Strict):
    municipal: list[TermEntry] = Field(default_factory=list)
    regional: list[TermEntry] = Field(default_factory=list)


class OrganisationEntry(_Strict):
    id: str = Field(min_length=1)
    kind: Literal["municipality", "county", "joint_authority"] | None = None
    code: str | None = None
    name_fi: str | None = None
    name_sv: str | None = None
    name_en: str | None = None
    county: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    successor: str | None = None


class WaiverEntry(_Strict):
    rule: str = Field(min_length=1)
    org: str = Field(min_length=1)
    period: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    expires: dt.date | None = Field(None, description="the last day the waiver holds; after it the obligation is "
                                                      "evaluated as if never waived")


class Workspace(_Strict):
    """The whole settings file."""

    lang: Literal["fi", "sv", "en"] | None = None
    engine: Literal["auto", "durable", "python"] | None = Field(None, description="the matching engine (default: auto, "
                                                                                  "the Python matcher)")
    packs: list[str] | None = Field(None, description="the rule packs to check (ids; default: all)")
    terms: Terms | None = None
    organisations: list[OrganisationEntry] = Field(default_factory=list)
    waivers: list[WaiverEntry] = Field(default_factory=list)


MODELS = {"": Workspace, "terms": Terms, "organisations": OrganisationEntry, "waivers": WaiverEntry,
          "terms.municipal": TermEntry, "terms.regional": TermEntry}


def key_path(loc: tuple) -> str:
    """``("waivers", 1, "rule")`` as people read it: ``waivers[2].rule`` (arrays counted from 1)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _blocks(text: str):
    """(table name, occurrence of an array of tables, first line, lines) of each block of TOML text;
    the top level is the table ``""``."""
    current, seen, start, body = "", {}, 1, []
    blocks = []
    for number, raw in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[(\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", raw)
        if header:
            blocks.append((current, seen.get(current, 0) - 1 if current in seen else None, start, body))
            current = header[2]
            if header[1]:
                seen[current] = seen.get(current, 0) + 1
            start, body = number, []
        else:
            body.append((number, raw.strip()))
    blocks.append((current, seen.get(current, 0) - 1 if current in seen else None, start, body))
    return blocks


def line_of(text: str, loc: tuple) -> int | None:
    """The line of a key path in TOML text: its ``key =`` line inside its table or the n-th
    ``[[array]]`` of tables; the header when the key is not written; the ``name =`` line of an
    inline table or array."""
    split = next((i for i, p in enumerate(loc) if isinstance(p, int)), None)
    if split is None:
        table, index, key = ".".join(loc[:-1]), None, loc[-1] if loc else None
    else:
        table, index = ".".join(str(p) for p in loc[:split]), loc[split]
        key = loc[split + 1] if len(loc) > split + 1 and not isinstance(loc[split + 1], int) else None
    parent, _sep, last = table.rpartition(".")
    fallback = None
    for name, occurrence, start, body in _blocks(text):
        if name == table and (index is None or occurrence == index):
            for number, line in body:
                if key is not None and re.match(rf"^{re.escape(str(key))}\s*=", line):
                    return number
            fallback = fallback or start
        if name == parent and index is not None:
            for number, line in body:
                if re.match(rf"^{re.escape(last)}\s*=", line):
                    return number  # an inline array of tables
        if name == "" and loc:
            for number, line in body:
                if re.match(rf"^{re.escape(str(loc[0]))}\s*=", line) and split != 0:
                    fallback = fallback or number
    return fallback


def _message(err: dict, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return _("unknown key") + did_you_mean(str(err["loc"][-1]), model.model_fields)
    if kind == "missing":
        return _("required key is missing")
    if kind == "literal_error" and err["loc"][-1] == "lang":
        return _("unknown language {value} (expected fi, sv or en)").format(value=short(err.get("input")))
    if kind == "string_too_short":
        return _("must not be empty")
    return pydantic_problem(err)


def _model_at(loc: tuple) -> type[BaseModel]:
    names = ".".join(str(p) for p in loc[:-1] if not isinstance(p, int))
    return MODELS.get(names, Workspace)


@cache
def _load(path: str, mtime_ns: int) -> tuple[Workspace, str]:
    text = Path(path).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError(path, int(line[1]) if line else None, None, _("not valid TOML: {reason}").format(
            reason=exc)) from None
    try:
        return Workspace.model_validate(data), text
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise_all([InputError(path, line_of(text, tuple(e["loc"])), key_path(tuple(e["loc"])),
                              _message(e, _model_at(tuple(e["loc"])))) for e in errors if not _explained(e, errors)])
        raise


def _explained(err: dict, errors: list[dict]) -> bool:
    """A missing key that a misspelt one in the same table stands for (``reson`` for ``reason``):
    the misspelling's "did you mean" says it all."""
    if err["type"] != "missing":
        return False
    where, key = err["loc"][:-1], str(err["loc"][-1])
    return any(e["type"] == "extra_forbidden" and e["loc"][:-1] == where
               and difflib.get_close_matches(str(e["loc"][-1]), [key], n=1, cutoff=0.6) for e in errors)


def load_workspace(path: str | Path | None) -> tuple[Workspace, str]:
    """The validated settings of a workspace and their text (for lines in later messages);
    an empty workspace without a file."""
    if path is None:
        return Workspace(), ""
    try:
        return _load(str(path), Path(path).stat().st_mtime_ns)
    except OSError as exc:
        raise InputError(str(path), None, None, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from None
