"""A rule pack's manifest, ``pack.yaml``: the pack's id, titles, languages, and how its citations
(act, section, subsection) become links, as data (the URL templates per language, the anchor parts,
the chapters of the cited sections). A pack without a manifest uses the built-in pack's."""

from __future__ import annotations

import functools
import string
from importlib import resources
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from velvoite.errors import InputError, did_you_mean, raise_all, short
from velvoite.records.fields import TYPES
from velvoite.records.kinds import FIELDS, KIND_FIELDS
from velvoite.rules.harvest_words import HarvestWords, KindHarvest
from velvoite.rules.links import web_address
from velvoite.rules.located import validation_errors
from velvoite.rules.source import one_document, read_text
from velvoite.registry.registry import TAGS
from velvoite.i18n import LANGUAGES, _

BUILTIN_PACK = "hyte"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """How a provision becomes a link: ``url[lang]`` with {year} and {number} of the act, then an
    anchor of ``anchor`` parts joined by ``joiner`` (parts with an unknown value left out)."""

    url: dict[str, str]
    anchor: list[str] = Field(default_factory=list)
    joiner: str = "__"
    chapters: dict[str, dict[str, int]] = Field(default_factory=dict)
    allowed: list[str] = Field(default_factory=list, description="prefixes an explicit url in a rule must have")

    @field_validator("url")
    @classmethod
    def _every_language(cls, urls: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if lang not in urls]
        if missing:
            raise ValueError(_("a URL template for every language is needed (missing: {langs})").format(
                langs=", ".join(missing)))
        return urls

    @model_validator(mode="after")
    def _templates(self) -> "Citation":
        """Every template formats: placeholders known and braces balanced (a link is made for each
        citation of every rule, and a template that cannot format would fail there)."""
        for lang, url in self.url.items():
            found = _template_problem(url, ("year", "number"), at_most=None)
            if found is None:
                try:
                    web_address(url)
                except ValueError as exc:
                    found = str(exc)
            if found:
                raise ValueError(f"url.{lang}: " + found)
        for i, part in enumerate(self.anchor):
            found = _template_problem(part, ("chapter", "section", "subsection"), at_most=1)
            if found:
                raise ValueError(f"anchor.{i}: " + found)
        for i, prefix in enumerate(self.allowed):
            try:
                web_address(prefix)
            except ValueError as exc:
                raise ValueError(f"allowed.{i}: " + str(exc)) from None
        return self

    def link(self, act: str, section: str, subsection: str | None, lang: str) -> str:
        """The link of one provision: ``612/2021`` § 7(4) -> ``.../2021/612#chp_1__sec_7__subsec_4``."""
        number, _sep, year = act.partition("/")
        base = self.url[lang].format(year=year, number=number)
        if act not in self.chapters:
            return base  # where the act's chapters are not known, an anchor could point wrong
        section_key = section.replace("§", "").strip()
        values = {"chapter": self.chapters[act].get(section_key), "section": section_key.replace(" ", ""),
                  "subsection": subsection}
        if self.chapters[act] and values["chapter"] is None:
            return base
        parts = []
        for part in self.anchor:
            name = part[part.index("{") + 1:part.index("}")]
            if values.get(name) is not None:
                parts.append(part.format(**{name: values[name]}))
        return f"{base}#{self.joiner.join(parts)}" if parts else base


def _template_problem(template: str, names: tuple[str, ...], at_most: int | None) -> str | None:
    """Why a link template cannot be formatted with ``names``, or None. ``at_most=1``: an anchor
    part holds exactly one placeholder."""
    try:
        fields = [(name, conv, spec) for _text, name, spec, conv in string.Formatter().parse(template)
                  if name is not None]
    except ValueError:
        return _("{template} has an unbalanced brace: a placeholder is written {{name}}").format(
            template=short(template))
    for name, conv, spec in fields:
        if name not in names or conv or spec:
            return _("{template}: {{{name}}} is not a placeholder here (choose {names})").format(
                template=short(template), name=short(name)[1:-1], names=", ".join("{" + n + "}" for n in names))
    if at_most is not None and len(fields) != at_most:
        return _("{template} holds {n} placeholders, an anchor part one (chp_{{chapter}})").format(
            template=short(template), n=len(fields))
    return None


class KindDecl(_Strict):
    """A kind of record a pack introduces: its id, its names, the fields such a record carries."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    names: dict[str, str]
    other_names: list[str] = Field(default_factory=list, description="what people also call it, in any language "
                                   "(hyvinvointikertomus, välfärdsberättelse): accepted as the kind")
    fields: list[str] = Field(default_factory=list)
    in_effect: bool = Field(False, description="evidence from valid_from (or its date) to valid_until, not on "
                                               "its date alone (a designation, a decision in force)")
    covers_members: bool = Field(False, description="a county's record of this kind without participants "
                                                    "shows it was held for all its members, not who came")
    harvest: KindHarvest | None = Field(None, description="how minutes name it (velvoite harvest)")

    @field_validator("names")
    @classmethod
    def _every_language(cls, names: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if not names.get(lang)]
        if missing:
            raise ValueError(_("a name in every language is needed (missing: {langs})").format(langs=", ".join(missing)))
        return names



class FieldDecl(_Strict):
    """A record field a pack introduces: its id, type, allowed values, default and names."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal[TYPES]  # type: ignore[valid-type]
    values: list[str] = Field(default_factory=list, description="choice and choices: the values allowed")
    default: str | None = Field(None, description="the value of a record that does not give the field")
    names: dict[str, str] = Field(default_factory=dict)
    description: str = ""
    value_words: dict[str, list[str]] = Field(default_factory=dict, description="choice and choices: the words "
                                              "users write for a value, accepted as it (approved: [hyväksytty])")
    counts_as: bool = Field(False, description="choices: a value that is a kind makes the record count as that "
                                               "kind too (a welfare report that includes the older population plan)")

    @model_validator(mode="after")
    def _values(self) -> "FieldDecl":
        if self.id in FIELDS:
            raise ValueError("id: " + _("{id!r} is a field every record has; choose another name").format(id=self.id))
        if (self.type in ("choice", "choices")) != bool(self.values):
            raise ValueError("values: " + _("a choice or choices field lists its values, and only such a field does"))
        stray = [v for v in self.value_words if v not in self.values]
        if stray:
            raise ValueError("value_words: " + _("{value!r} is not one of its values ({values})").format(
                value=stray[0], values=", ".join(self.values)))
        if self.counts_as and self.type != "choices":
            raise ValueError("counts_as: " + _("only a choices field can make a record count as further kinds"))
        if self.default is not None and self.default not in self.values:
            raise ValueError("default: " + _("{value!r} is not one of its values ({values})").format(
                value=self.default, values=", ".join(self.values)))
        return self


class Manifest(_Strict):
    id: str
    title: dict[str, str]
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES))
    tags: list[str] = Field(default_factory=list, description="the organisation tags the pack's rules use")
    fields: list[FieldDecl] = Field(default_factory=list, description="the record fields the pack introduces")
    kinds: list[KindDecl] = Field(default_factory=list, description="the record kinds the pack introduces")
    citation: Citation | None = Field(None, description="how citations become links (a pack without it borrows the "
                                                        "built-in HYTE pack's)")
    harvest: HarvestWords | None = Field(None, description="the words every minutes item is read with "
                                                           "(records/core.yaml)")

    @model_validator(mode="after")
    def _kind_fields(self) -> "Manifest":
        """Each field a kind carries is one of the record's own or one this pack declares."""
        known = list(KIND_FIELDS) + [f.id for f in self.fields]
        for i, kind in enumerate(self.kinds):
            for j, name in enumerate(kind.fields):
                if name not in known:
                    raise ValueError(f"kinds.{i}.fields.{j}: " + _(
                        "{name!r} is not a field of the record format or of this pack").format(name=name)
                        + did_you_mean(name, known) + ": " + _("declare it under fields"))
        for name in ("kinds", "fields"):
            seen: dict[str, int] = {}
            for i, decl in enumerate(getattr(self, name)):
                if decl.id in seen:
                    raise ValueError(f"{name}.{i}.id: " + _("{id!r} is declared twice in this pack (first as {name}.{j})").format(
                        id=decl.id, name=name, j=seen[decl.id]))
                seen[decl.id] = i
        unknown = [t for t in self.tags if t not in TAGS]
        if unknown:
            raise ValueError("tags: " + _("unknown tag {tag!r}").format(tag=unknown[0]) + did_you_mean(unknown[0], TAGS)
                             + " " + _("(the registry gives {tags})").format(tags=", ".join(TAGS)))
        return self


def builtin_pack_dir() -> Path:
    """The HYTE pack: the first built-in pack, whose manifest a user pack without one borrows."""
    return Path(str(resources.files("velvoite.rules").joinpath(BUILTIN_PACK)))


def builtin_pack_dirs() -> list[Path]:
    """Every pack velvoite ships (a folder of velvoite/rules with a pack.yaml), HYTE first."""
    root = builtin_pack_dir().parent
    others = sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file() and p.name != BUILTIN_PACK)
    return [builtin_pack_dir(), *others]


def builtin_manifests() -> list[Manifest]:
    """The manifests of the packs velvoite ships."""
    return [load_manifest(folder) for folder in builtin_pack_dirs()]


def core_manifest() -> Manifest:
    """The kinds every workspace has whatever packs it uses (``records/core.yaml``: the waiver)."""
    path = Path(__file__).parent.parent / "records" / "core.yaml"
    return _cached(str(path), path.stat().st_mtime_ns)


@functools.cache
def _cached(path: str, mtime_ns: int) -> Manifest:
    doc = one_document(Path(path))
    try:
        return Manifest.model_validate(doc)
    except ValidationError as exc:
        raise_all(validation_errors(exc, doc, path, tuple(Manifest.model_fields)))
        raise InputError(path, None, None, _("not a pack manifest")) from None


def load_manifest(folder: Path) -> Manifest | None:
    """The ``pack.yaml`` of a pack folder, validated; None when the folder has none."""
    path = folder / "pack.yaml"
    if not path.exists() and not path.is_symlink():
        return None
    if not path.is_file():
        read_text(path)  # a folder or a link to nothing: refused with what it is
    return _cached(str(path), path.stat().st_mtime_ns)
