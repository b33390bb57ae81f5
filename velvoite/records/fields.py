"""Record fields that rule packs declare (``pack.yaml`` ``fields:``), and their types.

The record format has a core every record shares (``id``, ``org``, ``kind``, ``date``, ``body``,
``participants``, ``reference``, ``url``, ``valid_from``, ``valid_until``, ``also_counts_as``,
``notes``: see ``records.model``). Everything a topic needs beyond that (a welfare report's
``published_url``, a strategy's ``hyte_goals``, a plan's ``includes``) is declared by the pack
that needs it, with one of the types below, and read under the same text policy and with the
same located errors as the core.

A type is a converter from what a user wrote (a text cell, a YAML scalar or list) to the
value kept, raising ``ValueError`` with a plain message; organisation lists are resolved to
registry ids by the loader like ``participants``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from velvoite.errors import did_you_mean, short
from velvoite.i18n import _

# Yes and no as people write them: English, Finnish, Swedish, and what Finnish and Swedish Excel
# and LibreOffice write for a boolean cell saved as CSV (TOSI/EPÄTOSI, SANT/FALSKT); a mark (x) is yes.
_TRUE = {"true", "yes", "kyllä", "k", "ja", "j", "1", "x", "tosi", "sant"}
_FALSE = {"false", "no", "ei", "e", "nej", "n", "0", "epätosi", "falskt"}

_FI_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\s*$")
SHORT_YEAR = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{2}\s*$")  # 14.03.25: read as 2025, noted once per file


def parse_date(value: object) -> dt.date:
    """A date from ``YYYY-MM-DD`` or Finnish ``D.M.YYYY``, ``DD.MM.YYYY`` or ``D.M.YY`` (20YY), or a
    date or datetime cell (its date); ValueError with a plain message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(_("{value} is not a date (expected YYYY-MM-DD or D.M.YYYY)").format(value=short(value)))
    if len(value) > 40:
        raise ValueError(_("{value} is not a date (expected YYYY-MM-DD or D.M.YYYY)").format(value=short(value)))
    return _parse_text_date(value)


@functools.lru_cache(maxsize=8192)
def _parse_text_date(value: str) -> dt.date:
    """Cached: a data set has a few thousand distinct days, so records share their date objects."""
    m = _FI_DATE.match(value)
    try:
        if m:  # a two-digit year is 20YY: LibreOffice saves 14.03.25 for a cell shown so
            return dt.date(int(m[3]) + (2000 if len(m[3]) == 2 else 0), int(m[2]), int(m[1]))
        if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(_("{value} is not a real date").format(value=short(value))) from None
    raise ValueError(_("{value} is not a date (expected YYYY-MM-DD or D.M.YYYY)").format(value=short(value)))


def _scalar_text(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, dict)):
        raise ValueError(_("expected one text value, not a list") if isinstance(value, list)
                         else _("expected one text value, not a mapping"))
    if isinstance(value, str) and not value.strip():
        return None
    return value


NAME_SEPARATORS = re.compile(r"[;,\n]")  # between the organisation names of one text cell


def split_names(text: str) -> list[str]:
    """The organisation names of one text cell: separated by ``;``, ``,`` or line breaks."""
    return [p.strip() for p in NAME_SEPARATORS.split(text) if p.strip()]


def _name_list(value: object) -> object:
    if value is None:
        return []
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            if isinstance(item, (list, dict)) or item is None or isinstance(item, bool):
                raise ValueError(_("{value} is not an organisation name").format(value=short(item)))
            out.append(str(item))
        return out
    raise ValueError(_("expected a list of organisations"))


def _yes_no(value: object) -> object:
    if value is None or isinstance(value, bool):
        return value
    if not isinstance(value, (str, int, float)):
        raise ValueError(_("{value} is not yes or no (use true or false, kyllä or ei, ja or nej)").format(value=short(value)))
    text = str(value).strip().casefold()
    if text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("{value} is not yes or no (use true or false, kyllä or ei, ja or nej)").format(value=short(value))
                     + did_you_mean(text, sorted(_TRUE | _FALSE)))


def _opt_date(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


TYPES = ("text", "url", "yes_no", "date", "organisations", "choice", "choices")


def _text(value: object, decl) -> object:
    return _scalar_text(value)


def _url(value: object, decl) -> object:
    text = _text(value, decl)
    if text is not None and not str(text).strip().lower().startswith(("https://", "http://")):
        raise ValueError(_("{value} is not a web address (it should start with https://)").format(value=short(text)))
    return text


def _yes_no_type(value: object, decl) -> object:
    return _yes_no(value)


def _date(value: object, decl) -> object:
    return _opt_date(value)


def _organisations(value: object, decl) -> object:
    return tuple(_name_list(value))


def _one_choice(value: object, decl) -> str:
    if isinstance(value, str) and value.strip().casefold() not in decl.lookup:
        from velvoite.records.kinds import kind_named  # a value that is a kind, by its fi/sv/en name

        named = kind_named(value)
        if named in decl.values:
            return named
    if not isinstance(value, str) or value.strip().casefold() not in decl.lookup:
        text = value if isinstance(value, str) else short(value)
        raise ValueError(_("{value} is not one of {values}").format(value=short(value), values=", ".join(decl.values))
                         + (did_you_mean(str(text)[:80], decl.values) if isinstance(value, str) else ""))
    return decl.lookup[value.strip().casefold()]


def _choice(value: object, decl) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (list, dict)):
        raise ValueError(_("expected one value, not a list") if isinstance(value, list)
                         else _("expected one value, not a mapping"))
    return _one_choice(value, decl)


def _choices(value: object, decl) -> object:
    if value is None:
        return ()
    items = split_names(value) if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ValueError(_("expected a list of {values}").format(values=", ".join(decl.values)))
    return tuple(dict.fromkeys(_one_choice(item, decl) for item in items))


CONVERTERS = {"text": _text, "url": _url, "yes_no": _yes_no_type, "date": _date, "organisations": _organisations,
              "choice": _choice, "choices": _choices}
LIST_TYPES = ("organisations", "choices")


class Field:
    """A declared field: its id, type, allowed values (choice types), default and names."""

    __slots__ = ("id", "type", "values", "default", "names", "description", "lookup", "empty", "counts_as",
                 "value_words")

    def __init__(self, id: str, type: str, values: tuple[str, ...] = (), default=None,
                 names: dict | None = None, description: str = "", counts_as: bool = False,
                 value_words: dict | None = None):
        self.id, self.type, self.values, self.default = id, type, tuple(values), default
        self.counts_as = counts_as
        self.names, self.description = dict(names or {}), description
        self.value_words = {v: tuple(words) for v, words in (value_words or {}).items()}
        # each value, and the words users write for it (hyväksytty, godkänd), case-insensitively
        self.lookup = {v.casefold(): v for v in self.values}
        self.lookup.update({w.casefold(): v for v, words in self.value_words.items() for w in words})
        # the value of a record that does not give this field
        self.empty = default if default is not None else (() if type in LIST_TYPES else None)

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES

    def convert(self, value: object) -> object:
        """The value kept for what a user wrote; ValueError with a plain message."""
        converted = CONVERTERS[self.type](value, self)
        return self.empty if converted in (None, ()) else converted

    def json_schema(self) -> dict:
        item = {"type": "string"}
        if self.values:
            item["enum"] = list(self.values)
        if self.type == "yes_no":
            item = {"type": ["boolean", "string"]}
        schema = {"type": "array", "items": item} if self.is_list else item
        schema = {"anyOf": [schema, {"type": "null"}]}
        if self.description:
            schema["description"] = self.description
        return schema

    def merged(self, other: Field) -> Field:
        """One field declared by two packs: same type; a choice's values are those of both."""
        if other.type != self.type:
            raise ValueError(_("field {id!r} is declared as {type} by another pack, here as {other}").format(
                id=self.id, type=self.type, other=other.type))
        values = tuple(dict.fromkeys(self.values + other.values))
        return Field(self.id, self.type, values, self.default if self.default is not None else other.default,
                     self.names or other.names, self.description or other.description,
                     self.counts_as or other.counts_as,
                     {v: tuple(dict.fromkeys(self.value_words.get(v, ()) + other.value_words.get(v, ())))
                      for v in values})
