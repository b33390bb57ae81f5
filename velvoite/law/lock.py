"""A rule pack's lock (``law.lock.toml`` beside its ``pack.yaml``): for every act the pack cites, the
consolidated version (``FRBRversionNumber``) and consolidation date its quotes were last checked
against. ``velvoite law pin`` writes it; it is reviewed in the diff like code; ``velvoite law check``
reports as ``amended`` what came after it. Read strictly: an unknown key, an act the pack does not
cite, a malformed version or date is an error naming the file, line and field."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from velvoite.errors import InputError, did_you_mean, short
from velvoite.i18n import _
from velvoite.registry.toml_lines import line_of

NAME = "law.lock.toml"
KEYS = ("act", "version", "consolidated")
_ACT = re.compile(r"^\d+/\d{4}$")
_VERSION = re.compile(r"^\d{8}$")
HEAD = ("# The consolidated texts (Finlex open data) this pack's statute quotes were last checked against:\n"
        "# written by `velvoite law pin` after the changes were reviewed; review its diff like code.\n")


@dataclass(frozen=True)
class Pin:
    """One act: the consolidated version its quotes were checked against, and its date."""

    act: str
    version: str
    consolidated: dt.date | None


def act_order(act: str) -> tuple[int, int]:
    """Acts by year, then number: 1326/2010 before 417/2011."""
    number, year = act.split("/")
    return int(year), int(number)


def lock_path(folder: str | Path) -> Path:
    return Path(folder) / NAME


def read_lock(path: str | Path, cited: set[str] | None = None) -> dict[str, Pin]:
    """The pins of a lock file by act ({} when there is no file); ``cited``: the acts the pack cites."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise InputError(str(path), None, None, _("not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError(str(path), int(line[1]) if line else None, None,
                         _("not TOML: {reason}").format(reason=short(str(exc)))) from None

    def error(loc: tuple, message: str) -> InputError:
        return InputError(str(path), line_of(text, loc), ".".join(str(p) for p in loc), message)

    for key in data:
        if key != "act":
            raise error((key,), _("unknown field") + did_you_mean(key, ["act"]))
    entries = data.get("act", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise error(("act",), _("expected [[act]] tables"))
    pins: dict[str, Pin] = {}
    for i, entry in enumerate(entries):
        for key in entry:
            if key not in KEYS:
                raise error(("act", i, key), _("unknown field") + did_you_mean(key, KEYS))
        for key in KEYS:
            if key not in entry:
                raise error(("act", i, key), _("required field is missing"))
        act, version, day = entry["act"], entry["version"], entry["consolidated"]
        if not isinstance(act, str) or not _ACT.match(act):
            raise error(("act", i, "act"), _("{value} is not an act number (NUMBER/YEAR, e.g. 612/2021)").format(
                value=short(act)))
        if cited is not None and act not in cited:
            raise error(("act", i, "act"), _("the pack's rules do not cite {act}{suggestion}: run velvoite law pin "
                                             "again").format(act=act, suggestion=did_you_mean(act, sorted(cited))))
        if act in pins:
            raise error(("act", i, "act"), _("{act} is pinned twice").format(act=act))
        if not isinstance(version, str) or not _VERSION.match(version):
            raise error(("act", i, "version"), _("{value} is not a version (YYYYNNNN)").format(value=short(version)))
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                day = None if day == "" else day
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise error(("act", i, "consolidated"), _("expected a date (YYYY-MM-DD)"))
        pins[act] = Pin(act, version, day or None)
    return pins


def lock_text(pins: dict[str, Pin]) -> str:
    """The lock file for ``pins``, acts by year and number (the same pins give the same bytes)."""
    out = [HEAD]
    for act in sorted(pins, key=act_order):
        pin = pins[act]
        day = pin.consolidated.isoformat() if pin.consolidated else '""'
        out.append(f'\n[[act]]\nact = "{act}"\nversion = "{pin.version}"\nconsolidated = {day}\n')
    return "".join(out)
