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
TOML readers give no lines, so the line is found from the key path (``toml_lines.line_of``). The file is UTF-8
(a byte that is not is named with its line and column); nesting deeper than ``MAX_DEPTH`` is refused
before the TOML reader recurses into it; an id, name or label that is blank, begins or ends with a
space or holds an invisible character (a control character, a bidirectional override) is refused,
since nothing typed could ever find it. What the values mean together (terms in order, a name that
is another organisation's) is checked by ``registry.consistency``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from velvoite.days import EARLIEST, LAST_VALID, LATEST
from velvoite.errors import InputError, did_you_mean, pydantic_problem, raise_all, short
from velvoite.i18n import LANGUAGES, _
from velvoite.registry.consistency import check_terms
from velvoite.registry.toml_lines import key_path, line_of


MAX_BYTES = 16 * 1024 * 1024  # settings, not records: a larger file is not a velvoite.toml
MAX_NAME = 200  # characters of an id, code, name or label (the longest in the registry has 37)
MAX_DEPTH = 32  # the settings nest three levels; the TOML reader recurses once per level
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _invisible(value: str, prose: bool) -> None:
    for char in value:
        category = unicodedata.category(char)
        if char in _BIDI or (category == "Cc" and not (prose and char in "\t\n\r")) or (
                not prose and category in ("Cf", "Co", "Zl", "Zp")):
            raise PydanticCustomError("invisible", "invisible character", {"char": f"U+{ord(char):04X}"})


def _typed(value: str, prose: bool) -> str:
    """An id, code, name or label (found by what people type: nothing in it may be unseen, nor a
    space at an end) or, with ``prose``, a reason, reference or legal basis (lines and tabs allowed)."""
    if not value:
        raise PydanticCustomError("empty", "empty")
    if not value.strip():
        raise PydanticCustomError("blank", "blank")
    if not prose and len(value) > MAX_NAME:
        raise PydanticCustomError("too_long", "too long", {"n": MAX_NAME})
    _invisible(value, prose)
    if not prose and value != value.strip():
        raise PydanticCustomError("padded", "padded")
    return value


Name = Annotated[str, AfterValidator(functools.partial(_typed, prose=False))]
Prose = Annotated[str, AfterValidator(functools.partial(_typed, prose=True))]


def _day(value: dt.date, open_end: bool = False) -> dt.date:
    """A day of a term or of an organisation's existence: from 1900 to 2099, as records are read (a
    typed 0001 or 9999 overflows the arithmetic of periods); an organisation's last day may be
    9999-12-31, the registry's own word for "still exists"."""
    if value < EARLIEST:
        raise PydanticCustomError("too_early", "too early", {"day": value.isoformat(), "year": EARLIEST.year})
    if value > LAST_VALID and not (open_end and value == LATEST):
        raise PydanticCustomError("too_late", "too late", {"day": value.isoformat(), "last": LAST_VALID.isoformat()})
    return value


Day = Annotated[dt.date, AfterValidator(_day)]
LastDay = Annotated[dt.date, AfterValidator(functools.partial(_day, open_end=True))]


class _Strict(BaseModel):
    # built on the first velvoite.toml read, not on import: a run without one (an audit of files) spares ~6 ms
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TermEntry(_Strict):
    label: Name
    start: Day
    end: Day
    basis: Prose | None = None


class Terms(_Strict):
    """Each list given replaces the built-in one; an empty list would leave no term at all."""

    municipal: list[TermEntry] | None = Field(None, min_length=1)
    regional: list[TermEntry] | None = Field(None, min_length=1)


class OrganisationEntry(_Strict):
    id: Name
    kind: Literal["municipality", "county", "joint_authority"] | None = None
    code: Name | None = None
    name_fi: Name | None = None
    name_sv: Name | None = None
    name_en: Name | None = None
    county: Name | None = None
    valid_from: Day | None = None
    valid_until: LastDay | None = None
    successor: Name | None = None


class WaiverEntry(_Strict):
    rule: Name
    org: Name
    period: Name
    reason: Prose
    reference: Prose
    expires: dt.date | None = Field(None, description="the last day the waiver holds; after it the obligation is "
                                                      "evaluated as if never waived")
    date: dt.date | None = Field(None, description="the day the waiver was granted; before it the obligation is "
                                                   "evaluated as if never waived (default: it always held)")


class Workspace(_Strict):
    """The whole settings file."""

    lang: Literal[LANGUAGES] | None = None
    engine: Literal["auto", "durable", "python"] | None = Field(None, description="the matching engine (default: auto, "
                                                                                  "the Python matcher)")
    packs: list[str] | None = Field(None, min_length=1, description="the rule packs to check (ids; default: all)")
    terms: Terms | None = None
    organisations: list[OrganisationEntry] = Field(default_factory=list)
    waivers: list[WaiverEntry] = Field(default_factory=list)


MODELS = {"": Workspace, "terms": Terms, "organisations": OrganisationEntry, "waivers": WaiverEntry,
          "terms.municipal": TermEntry, "terms.regional": TermEntry}


def _message(err: dict, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return _("unknown key") + did_you_mean(str(err["loc"][-1]), model.model_fields)
    if kind == "missing":
        return _("required key is missing")
    if kind == "literal_error" and err["loc"][-1] == "lang":
        return _("unknown language {value} (expected fi, sv or en)").format(value=short(err.get("input")))
    if kind in ("string_too_short", "empty"):
        return _("must not be empty")
    if kind == "blank":
        return _("has only spaces")
    if kind == "padded":
        return _("begins or ends with a space: nothing typed would find it")
    if kind == "invisible":
        return _("contains the invisible character {char}: remove it").format(char=err["ctx"]["char"])
    if kind == "too_long":
        return _("longer than {n} characters: a name or label, not a text").format(**err["ctx"])
    if kind == "too_early":
        return _("{day} is before {year}: no duty checked here is that old (a typo?)").format(**err["ctx"])
    if kind == "too_late":
        return _("{day} is after {last}: a typo?").format(**err["ctx"])
    if kind == "too_short" and err["loc"] == ("packs",):
        return _("an empty list: leave it out to check every pack")
    if kind == "too_short":
        return _("an empty list: leave it out to keep the built-in terms")
    return pydantic_problem(err)


def _model_at(loc: tuple) -> type[BaseModel]:
    names = ".".join(str(p) for p in loc[:-1] if not isinstance(p, int))
    return MODELS.get(names, Workspace)


def _text(path: str) -> str:
    """The file's text: UTF-8 (a byte order mark is let be), else an error at the first byte that is not.
    Only a regular file is read (a device or a pipe could give bytes without end), at most ``MAX_BYTES``."""
    if not Path(path).is_file():
        raise InputError(path, None, None, _("not a regular file: give the velvoite.toml to read"))
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputError(path, None, None, _("larger than {size} MiB: a velvoite.toml holds settings, not records").format(
            size=MAX_BYTES // (1024 * 1024)))
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        byte = raw[exc.start:exc.start + 1]
        raise InputError(path, raw.count(b"\n", 0, exc.start) + 1, None, _(
            "not UTF-8 text: byte 0x{byte} ({char} in Windows-1252) at column {column}; save the file as UTF-8").format(
            byte=byte.hex().upper(), char=byte.decode("cp1252", errors="replace"),
            column=len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1)) from None


_TOKEN = re.compile(r'"""(?:[^\\]|\\.)*?"""' r"|'''[\s\S]*?'''" r'|"(?:[^"\\\n]|\\.)*"' r"|'[^'\n]*'|#[^\n]*|\n|[\[\]{}]")
_KEY = re.compile(r"""([\w."'-]+)\s*=\s*$""")


def _too_deep(text: str) -> tuple[int, str | None] | None:
    """(line, key) where brackets and braces nest deeper than ``MAX_DEPTH`` outside strings and
    comments, or None. Quotes left open are passed over: the TOML reader names that error."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth, line, key = 0, 1, None
    for match in _TOKEN.finditer(text):
        token = match[0]
        if token in ("[", "{"):
            if depth == 0:
                written = _KEY.search(text, text.rfind("\n", 0, match.start()) + 1, match.start())
                key = written[1] if written else None
            depth += 1
            if depth > MAX_DEPTH:
                return line, key
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
        else:
            line += token.count("\n")
    return None


@functools.cache
def _load(path: str, mtime_ns: int) -> tuple[Workspace, str]:
    text = _text(path)
    deep = _too_deep(text)
    if deep:
        raise InputError(path, deep[0], deep[1], _("nested more than {depth} levels deep").format(depth=MAX_DEPTH))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError(path, int(line[1]) if line else None, None, _("not valid TOML: {reason}").format(
            reason=exc)) from None
    except RecursionError:  # a nesting the scan above did not count: still one line, not a traceback
        raise InputError(path, None, None, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH)) from None
    try:
        workspace = Workspace.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise_all([InputError(path, line_of(text, tuple(e["loc"])), key_path(tuple(e["loc"])),
                              _message(e, _model_at(tuple(e["loc"])))) for e in errors if not _explained(e, errors)])
        raise
    check_terms(workspace, path, text)
    return workspace, text


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
