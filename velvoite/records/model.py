"""The record (kirjaus): one dated activity of one organisation, as users write it.

The pydantic dataclass is the single definition of the record format; ``velvoite schema`` prints
its JSON Schema. It is a slotted dataclass rather than a ``BaseModel`` because a national data set
keeps a million of them: 100 000 records took 260 MB as models and take a fraction as slots. Values are normalised at the boundary: Finnish dates (``12.6.2023``), body words
(``kunnanvaltuusto`` → ``council``), yes/no words, and ``;``-separated lists from CSV cells.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, TypeAdapter, model_validator
from pydantic.dataclasses import dataclass

from velvoite.errors import did_you_mean, short
from velvoite.records.body import BODIES, WORDS, normalise_body, reserved_ending, suggest_body
from velvoite.records.fields import (_name_list, _opt_date, _scalar_text,  # noqa: F401 (parse_date, split_names: re-exported)
                                     parse_date, split_names)
from velvoite.records.ids import checked_id
from velvoite.records.kinds import FIELDS, catalogue, counting_fields, field_of, kind_named, kind_words, pack_fields
from velvoite.i18n import _

Body = Literal[BODIES]  # type: ignore[valid-type]

def kind_value(value: object) -> object:
    """A kind declared by a rule pack in use (``records.kinds``); the catalogue's own id string is
    kept, so a million records share a handful of them."""
    known = catalogue()
    if isinstance(value, str) and value.strip() in known:
        return known[value.strip()].id
    if not isinstance(value, str):
        raise ValueError(_("unknown kind {kind}: a kind is one of {kinds}").format(kind=short(value), kinds=", ".join(known)))
    named = kind_named(value)  # its name in Finnish, Swedish or English (pack.yaml names)
    if named is not None:
        return known[named].id
    raise ValueError(_("unknown kind {kind}").format(kind=short(value)) + did_you_mean(value[:80], kind_words()))


def _kind_list(value: object) -> object:
    if value is None:
        return ()
    items = split_names(value) if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ValueError(_("expected a list of kinds"))
    return tuple(dict.fromkeys(kind_value(item) for item in items))


def body_value(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(_("{value} is not a body").format(value=short(value)))
    body = normalise_body(value)
    if body is None and reserved_ending(value):
        raise ValueError(_("{value} is not the council or the board of the organisation: record the body "
                           "that decided, or 'muu' (other) for an advisory body such as a youth council").format(
                               value=short(value)))
    if body is None:
        near = suggest_body(value)
        hint = _(" (did you mean {choice}?)").format(choice=repr(near)) if near else \
            did_you_mean(value, list(BODIES) + list(WORDS))
        raise ValueError(_("unknown body {value}").format(value=short(value)) + hint)
    return body


Text = Annotated[str | None, BeforeValidator(_scalar_text)]
Names = Annotated[tuple[str, ...], BeforeValidator(_name_list)]


@dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Record:
    """One dated activity of one organisation: a council decision, a negotiation, a designation."""

    id: Annotated[str | None, BeforeValidator(_scalar_text), AfterValidator(checked_id)] = Field(
        None, description="unique within the data set (letters, digits, spaces and -_.,:;#+@~§()&='!*$, at most 200 "
                          "characters: its address in a database workspace); derived from file and position when absent",
        json_schema_extra={"maxLength": 200})
    org: Annotated[str, BeforeValidator(_scalar_text)] = Field(
        description="the organisation whose activity this is (organiser of a negotiation): id, code or name")
    kind: Annotated[str, BeforeValidator(kind_value)] = Field(
        description="what the activity was: a kind declared by the rule packs in use (velvoite schema lists them)")
    date: Annotated[dt.date, BeforeValidator(parse_date)] = Field(
        description="date of the meeting or decision: YYYY-MM-DD or D.M.YYYY")
    body: Annotated[Body | None, BeforeValidator(body_value)] = Field(
        None, description="deciding body; Finnish and Swedish words are understood")
    participants: Names = Field((), description="organisations that took part (negotiations)")
    reference: Text = Field(None, description="decision reference, e.g. 'Kaupunginvaltuusto 12.6.2023 § 45'")
    url: Text = None
    valid_from: Annotated[dt.date | None, BeforeValidator(_opt_date)] = None
    valid_until: Annotated[dt.date | None, BeforeValidator(_opt_date)] = None
    also_counts_as: Annotated[tuple[str, ...], BeforeValidator(_kind_list)] = Field(
        (), description="further kinds the same activity counts as (one meeting that was two negotiations)")
    notes: Text = None
    data: dict | None = Field(None, init=False, repr=False,
                              description="the fields the packs declare (records.fields), set by the loader")
    confirmed_by: tuple[str, ...] = Field((), init=False, repr=False,
                                          description="participants that confirmed the record in a database "
                                                      "workspace (engine.standing), set by the loader; never "
                                                      "read from a file")
    # (not compared: the same record read from its file or from a workspace that stored it is equal)
    derived_id: bool = dataclasses.field(default=False, init=False, repr=False, compare=False, metadata={
        "description": "the id was made from the file and row (FILE#ROW), set by the loader: an audit names "
                       "such a record by what it says (records.identity)"})

    @model_validator(mode="after")
    def _validity_order(self) -> Record:
        start = self.valid_from or self.date
        if self.valid_until is not None and self.valid_until < start:
            raise ValueError("valid_until: " + _("is before valid_from (or the record's date)"))
        return self

    @property
    def in_effect_from(self) -> dt.date:
        """First day a designation is in effect (defaults to the record's date)."""
        return self.valid_from or self.date

    def get(self, name: str) -> object:
        """A field's value: the record's own, or a pack field's (its default when not given)."""
        data = self.data
        if data is not None and name in data:
            return data[name]
        if name in _OWN:
            return getattr(self, name)
        if name == "parties":
            return self.parties
        if name == "kinds":
            return self.kinds
        field = field_of(name)
        return field.empty if field is not None else None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds this activity counts as: its own, ``also_counts_as``, and the kinds among the
        values of a field that counts (pack data: a welfare report that ``includes`` a plan)."""
        if not self.also_counts_as and not self.data:
            return (self.kind,)
        more = [v for f in counting_fields() for v in (self.data or {}).get(f, ()) if v in catalogue()]
        return tuple(dict.fromkeys((self.kind, *self.also_counts_as, *more)))

    @property
    def parties(self) -> list[str]:
        """Everyone who took part: the organiser and the participants, without repeats."""
        return list(dict.fromkeys([self.org, *self.participants]))

    @classmethod
    def model_validate(cls, values: object) -> Record:
        return _ADAPTER.validate_python(values)

    @classmethod
    def model_json_schema(cls) -> dict:
        """The JSON Schema of the record format, with the kinds of the packs in use."""
        schema = _ADAPTER.json_schema()
        for name in LOADER_SET:
            schema["properties"].pop(name, None)
        schema["properties"]["kind"]["enum"] = list(catalogue())
        # what users write: the deciding body in their own words (valtuusto, aluehallitus, fullmäktige)
        body = schema["properties"]["body"]
        schema["properties"]["body"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None,
                                        "title": body.get("title", "Body"), "description": body.get("description", "")}
        for name, field in pack_fields().items():
            schema["properties"][name] = {"title": name.replace("_", " ").capitalize(), **field.json_schema()}
        return schema


_ADAPTER = TypeAdapter(Record)
LOADER_SET = ("data", "confirmed_by", "derived_id")  # set by the loader, never read from a file
_OWN = frozenset(FIELDS)  # the record's own fields (records.kinds.FIELDS)
