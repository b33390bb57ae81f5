"""Errors that velvoite reports to its users.

    VelvoiteError               anything the user can fix; exit status 2 at the CLI
    ├── InputError              one problem at a place in a file (path, line, field)
    ├── InputErrors             several InputErrors of one run, reported together
    └── ReferenceError_         a name given on the command line that does not resolve

Library errors (YAML, JSON, CSV, pydantic) are translated into these in the loaders, with
``raise ... from exc``; nothing downstream re-validates.
"""

from __future__ import annotations

import difflib
import reprlib
import unicodedata
from collections.abc import Iterable

from velvoite.escape.terminal import one_line
from velvoite.i18n import N_, _


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 48
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 2, 3, 3, 3


def short(value: object) -> str:
    """A bounded repr for messages: a 10 MB string or an alias bomb must not be echoed whole."""
    return _SHORT.repr(value)


def plain(text: str) -> str:
    """Case-folded without accents: 'Jamsa' and 'Jämsä' compare equal (a keyboard without ä)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def did_you_mean(word: str, choices: Iterable[str], n: int = 1) -> str:
    """A ' (did you mean X?)' suffix for the nearest choice, or '' when nothing is near."""
    lowered = {plain(c): c for c in choices}
    close = difflib.get_close_matches(plain(str(word)), list(lowered), n=n, cutoff=0.6)
    if not close:
        return ""
    return _(" (did you mean {choice}?)").format(choice=_(" or ").join(repr(lowered[c]) for c in close))


# What pydantic's type errors say, in the user's words (its own messages are English only).
_PYDANTIC = {"string_type": N_("expected text"), "list_type": N_("expected a list"), "tuple_type": N_("expected a list"),
             "dict_type": N_("expected a table of keys and values"), "model_type": N_("expected a table of keys and values"),
             "bool_type": N_("expected true or false"), "bool_parsing": N_("expected true or false"),
             "int_type": N_("expected a whole number"), "int_parsing": N_("expected a whole number"),
             "date_type": N_("expected a date (YYYY-MM-DD)"), "date_parsing": N_("expected a date (YYYY-MM-DD)"),
             "date_from_datetime_parsing": N_("expected a date (YYYY-MM-DD)"),
             "date_from_datetime_inexact": N_("expected a date (YYYY-MM-DD)")}


PYDANTIC_TYPES = frozenset(_PYDANTIC)


def pydantic_problem(err: dict) -> str:
    """A pydantic type error as a translated phrase with the value given: ``expected text (got 2025)``."""
    known = _PYDANTIC.get(err["type"])
    problem = _(known) if known else err["msg"].lower()
    return _("{problem} (got {value})").format(problem=problem, value=short(err.get("input")))


class VelvoiteError(Exception):
    """A problem the user can fix; the CLI prints the message and exits with status 2."""

    exit_code = 2


class InputError(VelvoiteError):
    """A value in an input file is wrong: fix the named field at the named line or row."""

    def __init__(self, path: str, line: int | str | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self.format())

    def format(self) -> str:
        """One line: control characters from the input (a key with a newline in it) are escaped."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{one_line(self.field, 80)}: " if self.field else ""
        return one_line(f"{where}: {what}{self.message}")


class InputErrors(VelvoiteError):
    """Several input errors found in one pass; each is on its own line."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))


class ReferenceError_(VelvoiteError):
    """An organisation, region or rule named on the command line does not exist: check the spelling."""


def raise_all(errors: list[InputError]) -> None:
    """Raise the collected errors, if any: one alone as itself, several together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
