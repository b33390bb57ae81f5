"""The schema of a rule file: a statutory duty as dated, cited data.

A rule (velvoite) says who it applies to and when (``applies``), what period each obligation
instance covers and when it is due, what evidence meets it (``evidence``, ``requirements``) and
on which legal basis, per period of validity (``legal_basis``). Amendments are new dated entries,
never ``if year >= 2023`` in code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from velvoite.errors import did_you_mean, short
from velvoite.i18n import LANGUAGES, _
from velvoite.periods.kinds import KINDS
from velvoite.records.body import BODIES
from velvoite.records.kinds import catalogue, field_names, field_of
from velvoite.registry import load_registry
from velvoite.registry.registry import TAGS
from velvoite.rules.applicability import FIRST_DAY, LAST_DAY, problem
from velvoite.rules.links import web_address


# The period kinds a rule may name: one for each plug-in (``periods.kinds.KINDS``), in its order.
PERIOD_KINDS = tuple(KINDS)


def _known_period(kind: str) -> str:
    """A period kind the rule format knows (``PERIOD_KINDS``)."""
    if kind not in PERIOD_KINDS:
        raise ValueError(_("unknown period kind {kind!r}").format(kind=kind) + did_you_mean(kind, PERIOD_KINDS)
                         + f" ({', '.join(PERIOD_KINDS)})")
    return kind


PeriodKind = Annotated[str, AfterValidator(_known_period)]



def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(_("{day} is outside {first}..{last}, the days a rule may name").format(
            day=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))
    return day


Day = Annotated[dt.date, AfterValidator(_in_range)]


WebAddress = Annotated[str, AfterValidator(web_address)]


def _links(value: object) -> object:
    """A legal basis's own link: one for every language, or one per language (fi, sv, en). One
    message for what is wrong (a union of the two forms reported both forms' errors)."""
    if value is None or isinstance(value, str):
        return value if value is None else web_address(value)
    if not isinstance(value, dict):
        raise ValueError(_("expected a link, or links per language (fi, sv, en)"))
    for lang, link in value.items():
        if lang not in LANGUAGES:
            raise ValueError(_("{lang!r} is not fi, sv or en").format(lang=short(lang)))
        if not isinstance(link, str):
            raise ValueError(_("expected a link, or links per language (fi, sv, en)"))
        web_address(link)
    return value


Links = Annotated[str | dict[str, str] | None, BeforeValidator(_links)]

Tag = Annotated[str, AfterValidator(lambda t: _known_tag(t))]


def _known_tag(tag: str) -> str:
    if tag not in TAGS:
        raise ValueError(_("unknown tag {tag!r}").format(tag=tag) + did_you_mean(tag, TAGS) + " "
                         + _("(the registry gives {tags})").format(tags=", ".join(TAGS)))
    return tag


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """The same words in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang, self.en)


class LegalBasis(Strict):
    """One provision (act, section, subsection) and the days it was in force."""

    act: str = Field(description="act number, e.g. 612/2021")
    title: Text
    section: str
    subsection: str | None = None
    url: Links = Field(
        None, description="a link of its own (one for every language, or fi and sv with en as fi: a basis in force "
                          "only in the past links to the wording it quotes); by default the pack's citation template "
                          "makes it")
    urls: dict[str, str] = Field(default_factory=dict, description="the link per language (made when the pack loads)")
    valid_from: Day
    valid_until: Day | None = None
    to: list[Tag] = Field(description="organisations it binds: those with all these tags")

    @model_validator(mode="after")
    def _dates(self) -> "LegalBasis":
        if isinstance(self.url, dict) and not {"fi", "sv"} <= set(self.url):
            raise ValueError("url: " + _("links per language give at least fi and sv (en is the fi link by default)"))
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until: " + _("{until} is before {name} {start}: it would never be in force").format(
                until=self.valid_until, name="valid_from", start=self.valid_from))
        return self

    def link(self, lang: str) -> str:
        if isinstance(self.url, dict):
            return self.urls.get(lang) or self.url.get(lang) or self.url["fi"]
        return self.urls.get(lang) or self.url or ""

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Statute(Strict):
    """The quoted words of the statute (public domain) with an English gloss: the Finnish text and the
    Swedish one (equally authentic); "[…]" marks an omission. ``version`` names the amending act whose
    wording is quoted (610/2022 for 417/2007 § 12 from 2023); by default the act's original wording."""

    act: str
    version: str | None = None
    section: str
    subsection: str | None = None
    text: str
    text_sv: str | None = Field(None, description="the same words in the Swedish statute text")
    gloss: str

    def words(self, lang: str) -> str:
        """The quote in ``lang``: Swedish where the rule gives it, otherwise Finnish."""
        return self.text_sv if lang == "sv" and self.text_sv else self.text


class Requirement(Strict):
    """A condition on a piece of evidence; evidence that fails it makes the finding partial.

    ``field`` is a record field (the record's own or one a pack declares), ``parties`` (the
    organiser and the participants) or ``kinds`` (the kinds the record counts as). One test: ``equals`` a value, ``contains`` a value (a list
    field; ``{county}`` is the county of the organisation the evidence counts for), or
    ``present`` (given and not empty)."""

    id: str
    field: str
    equals: str | bool | None = None
    contains: str | None = None
    present: bool | None = None
    missing: Text = Field(description="what is missing when no evidence meets it")
    until: Day | None = Field(None, description="required only of instances due on or before this day "
                                                    "(a requirement the law dropped: 'hyväksyy' until 2022)")

    @model_validator(mode="after")
    def _one_test(self) -> "Requirement":
        known = (*field_names(), "parties", "kinds")
        if self.field not in known:
            raise ValueError("field: " + _("unknown field {field!r}").format(field=self.field)
                             + did_you_mean(self.field, known) + " " + _("(a record field, parties, or kinds)"))
        if sum(t is not None for t in (self.equals, self.contains, self.present)) != 1:
            raise ValueError("equals: " + _("a requirement has exactly one test: equals, contains or present"))
        for name in ("equals", "contains"):
            value = getattr(self, name)
            if isinstance(value, str) and ("{" in value or "}" in value) and (name, value) != ("contains", "{county}"):
                raise ValueError(f"{name}: " + _("{value} is not a placeholder velvoite knows: the one placeholder is "
                                                 "{{county}}, alone in contains").format(value=short(value)))
        found = _value_problem(self.field, "equals" if self.equals is not None else "contains",
                               self.equals if self.equals is not None else self.contains)
        if found:
            raise ValueError(found)
        return self

    @property
    def key(self) -> str:
        """The test as text, the same for the same test in any rule: ``body=council``."""
        if self.equals is not None:
            return f"{self.field}={str(self.equals).lower() if isinstance(self.equals, bool) else self.equals}"
        if self.contains is not None:
            return f"{self.field}>{self.contains}"
        return f"{self.field}?{self.present}"


def _value_problem(field: str, test: str, value: object) -> str | None:
    """Why a requirement's value could never be met by the field it tests (a choice that is not
    among the field's values, a body that is none, a kind no pack declares), as ``test: message``."""
    if value is None or value == "{county}":
        return None
    declared = field_of(field)
    kind = "body" if field == "body" else "kinds" if field == "kinds" else declared.type if declared else None
    if kind == "yes_no" and not isinstance(value, bool):
        return f"{test}: " + _("a yes_no field equals true or false (got {value})").format(value=short(value))
    choices = {"body": BODIES, "kinds": tuple(catalogue()), "choice": declared and declared.values,
               "choices": declared and declared.values}.get(kind or "")
    if field in ("parties", "participants") or kind == "organisations":
        choices = tuple(load_registry().orgs)
    if choices and value not in choices:
        shown = ", ".join(choices) if len(choices) <= 12 else ", ".join(choices[:12]) + ", …"
        return f"{test}: " + _("{value!r} is not one of its values ({values})").format(
            value=value, values=shown) + did_you_mean(str(value), choices)
    return None


class Applicability(Strict):
    """Who a rule applies to, from when, over which periods, and what meets it for them."""

    to: list[Tag]
    except_: list[Tag] = Field(default_factory=list, alias="except")
    from_: Day = Field(alias="from")
    until: Day | None = None
    period: PeriodKind
    party: Literal["organiser", "participant"] = "organiser"
    requirements: list[str] = Field(default_factory=list)
    cover_field: str = Field("parties", description="the list the cover is read from: parties (organiser and "
                                                      "participants) or an organisations field (prepared_with)")
    cover: Literal["members"] | list[str] | None = Field(
        None, description='who the evidence must cover together: "members" (the county\'s municipalities), '
                          'organisation ids, or both ([members, hus])')
    deadline: Day | None = Field(None, description="standing duties: the day they had to be met")
    deadline_overrides: dict[str, Day] = Field(default_factory=dict, description="period label -> deadline")
    recommended_months: int | None = Field(None, description="recommended within this many months of the start")
    interval: str | None = Field(None, description="rolling: the next instance is due this long after the last "
                                                   "approval (P4Y)")
    first_deadline: Day | None = Field(None, description="rolling: the first instance runs from 'from' to this day")
    counts_from: Day | None = Field(None, description="the first instance also counts evidence from this day, before "
                                                      "'from': a decision lawfully made by the competent body before "
                                                      "the duty entered into force (DOMAIN § 8)")
    note: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def matches(self, tags: frozenset[str]) -> bool:
        return all(t in tags for t in self.to) and not any(t in tags for t in self.except_)

    @model_validator(mode="after")
    def _standing_deadline(self) -> "Applicability":
        if self.period == "standing" and self.deadline is None:
            raise ValueError("deadline: " + _("a standing duty needs the day it had to be met"))
        if self.period == "rolling" and (self.interval is None or self.first_deadline is None):
            raise ValueError("interval: " + _("a rolling duty needs an interval (P4Y) and a first_deadline"))
        found = problem(self)
        if found:
            raise ValueError(found)
        return self


class Evidence(Strict):
    """The record kinds that count as evidence."""

    kinds: list[str]

    @field_validator("kinds")
    @classmethod
    def _declared(cls, kinds: list[str]) -> list[str]:
        """Kinds a pack in use declares (its own manifest is read before its rules)."""
        if not kinds:
            raise ValueError(_("no kind of record is evidence: the rule could never be met; name at least one"))
        for kind in kinds:
            if kind not in catalogue():
                raise ValueError(_("unknown kind {kind}").format(kind=repr(kind)) + did_you_mean(kind, catalogue())
                                 + ": " + _("declare it in the pack's pack.yaml"))
        return kinds


class Indicator(Strict):
    """An incentive rule's indicator of state money: its number in the decree's annex, its weight
    in the coefficient, and the points records showing it earn (0 otherwise)."""

    number: str
    weight: float
    points: int = 100


class Rule(Strict):
    """A statutory duty: titles, statute words, legal bases, applicability and evidence."""

    id: str
    severity: Literal["duty", "advice", "incentive"] = Field(
        description="duty: the law; advice: a recommendation (Kuntaliitto); incentive: state money (HYTE supplement)")
    title: Text
    summary: Text
    statute: list[Statute]
    legal_basis: list[LegalBasis]
    applies: list[Applicability]
    evidence: Evidence
    requirements: list[Requirement] = Field(default_factory=list)
    pack: str | None = Field(None, description="the id of the pack it came from (set when the pack loads)")
    indicator: Indicator | None = Field(None, description="incentive: the indicator it shows (HYTE supplement)")

    @model_validator(mode="after")
    def _known_requirements(self) -> "Rule":
        for name in ("applies", "legal_basis"):
            if not getattr(self, name):
                raise ValueError(f"{name}: " + _("an empty list: the rule could never apply; give at least one entry"))
        known = {r.id for r in self.requirements}
        for i, a in enumerate(self.applies):
            for req in a.requirements:
                if req not in known:
                    raise ValueError(f"applies.{i}.requirements: " + _(
                        "unknown requirement {req!r} (this rule defines {known})").format(
                            req=req, known=", ".join(sorted(known)) or "-"))
        return self

    def requirement(self, req_id: str) -> Requirement:
        return next(r for r in self.requirements if r.id == req_id)

    def bases_at(self, day: dt.date, tags: frozenset[str]) -> list[LegalBasis]:
        """The legal bases in force on ``day`` that bind an organisation with these tags."""
        return [b for b in self.legal_basis if b.in_force(day) and all(t in tags for t in b.to)]
