"""A rule pack's manifest, ``pack.yaml``: the pack's id, titles, languages, and how its citations
(act, section, subsection) become links, as data (the URL templates per language, the anchor parts,
the chapters of the cited sections). A pack without a manifest uses the built-in pack's."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from velvoite.errors import InputError, raise_all
from velvoite.records.yaml_lines import load_yaml_documents

LANGS = ("fi", "sv", "en")


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
        missing = [lang for lang in LANGS if lang not in urls]
        if missing:
            raise ValueError(f"a URL template for every language is needed (missing: {', '.join(missing)})")
        return urls

    def link(self, act: str, section: str, subsection: str | None, lang: str) -> str:
        """The link of one provision: ``612/2021`` § 7(4) -> ``.../2021/612#chp_1__sec_7__subsec_4``."""
        number, _, year = act.partition("/")
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


class Manifest(_Strict):
    id: str
    title: dict[str, str]
    languages: list[str] = Field(default_factory=lambda: list(LANGS))
    citation: Citation


def load_manifest(folder: Path) -> Manifest | None:
    """The ``pack.yaml`` of a pack folder, validated; None when the folder has none."""
    from velvoite.rules.pack import validation_errors

    path = folder / "pack.yaml"
    if not path.is_file():
        return None
    docs = load_yaml_documents(path.read_text("utf-8"), str(path))
    try:
        return Manifest.model_validate(docs[0] if docs else None)
    except ValidationError as exc:
        raise_all(validation_errors(exc, docs[0] if docs else None, str(path), tuple(Manifest.model_fields)))
        raise InputError(str(path), None, None, "not a pack manifest") from None
