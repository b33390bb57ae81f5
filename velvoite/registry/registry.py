"""The registry of organisations and council terms.

Municipalities (kunnat) and wellbeing services counties (hyvinvointialueet, HVA) come from the
Statistics Finland 2025 classification shipped beside this module; ``organisations.yaml`` adds
HUS-yhtymä and merged-away municipalities (Pertunmaa until 31.12.2024); ``terms.yaml`` lists the
council terms (valtuustokaudet). A workspace ``velvoite.toml`` can override or extend both.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from velvoite.days import EARLIEST, LATEST
from velvoite.errors import InputError, ReferenceError_, did_you_mean
from velvoite.i18n import _
from velvoite.registry.consistency import check_organisations
from velvoite.registry.workspace import load_workspace

# The shipped files are read by libyaml where PyYAML has it (the same values as the pure-Python
# safe loader, a tenth of its time: about 5 ms a run)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HELSINKI = "kunta-091"
HUS = "hus"
# The tags the registry gives organisations, which rules select by (applies.to, legal_basis.to);
# a pack's manifest lists those its rules use. ``hus``: HUS-yhtymä, a duty bearer of its own
# (615/2021 § 8), whatever a workspace calls its kind.
TAGS = ("municipality", "county", "helsinki", "aland", "uusimaa", "hus")


@dataclass(frozen=True)
class Organisation:
    """A municipality, a wellbeing services county or HUS, with the days it exists."""

    id: str
    kind: str  # municipality | county | joint_authority
    code: str | None
    name_fi: str
    name_sv: str
    county: str | None = None  # the HVA of a municipality; None for Helsinki and Åland
    valid_from: dt.date = EARLIEST
    valid_until: dt.date = LATEST
    tags: frozenset[str] = frozenset()
    successor: str | None = None
    name_en: str | None = None

    def name(self, lang: str = "fi") -> str:
        """The organisation's name in fi, sv or en (en falls back to the Finnish name)."""
        if lang == "sv":
            return self.name_sv
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name_fi

    def exists_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until

    @property
    def national_row(self) -> str:
        """The row it is counted in nationally: its county's id; Helsinki and HUS their own."""
        return self.county or self.id


@dataclass(frozen=True)
class Term:
    """A council term (valtuustokausi): label, first and last day."""

    label: str
    start: dt.date
    end: dt.date


@dataclass
class Registry:
    """All organisations and the council terms, with name resolution."""

    orgs: dict[str, Organisation]
    terms: dict[str, list[Term]]  # 'municipal' | 'regional' -> terms in order
    general_rule: dict = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # org id -> other names (a county's region)
    no_duties: dict[str, dict[str, str]] = field(default_factory=dict)  # tag -> why no duty applies, per language
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {}
        for org in self.orgs.values():
            for key in (org.id, org.code, org.name_fi, org.name_sv, org.name_en):
                if key:
                    self._index.setdefault(key.casefold(), org.id)
        for org_id, names in self.other_names().items():  # after the official names: never shadowing one
            for name in names:
                self._index.setdefault(name.casefold(), org_id)

    def why_no_duties(self, org: Organisation, lang: str) -> str | None:
        """Why no duty applies to an organisation, where the registry says (Åland), else None."""
        for tag in sorted(org.tags):
            if tag in self.no_duties:
                return self.no_duties[tag][lang]
        return None

    def other_names(self) -> dict[str, list[str]]:
        """The names besides the official ones an organisation is found by: a county's region in
        Finnish and Swedish (organisations.yaml) and its name with HVA (``Lapin HVA``)."""
        out = {org_id: list(names) for org_id, names in self.aliases.items() if org_id in self.orgs}
        for org in self.orgs.values():
            if org.kind == "county" and org.name_fi.endswith(" hyvinvointialue"):
                out.setdefault(org.id, []).append(org.name_fi.removesuffix(" hyvinvointialue") + " HVA")
        return out

    def lookup(self, ref: str) -> Organisation | None:
        """The organisation named by id, code, Finnish or Swedish name (any case, any Unicode
        normal form), or None.

        Codes are exact: ``20`` is the county, ``020`` the municipality (Akaa); a code that would
        resolve only by adding a leading zero is not guessed (``suggest`` offers it)."""
        key = str(ref).strip()
        org_id = self._index.get(key.casefold())
        if org_id is None and not key.isascii():
            org_id = self._index.get(unicodedata.normalize("NFC", key).casefold())
        return self.orgs.get(org_id) if org_id else None

    def padded(self, ref: str) -> Organisation | None:
        """The municipality a code means if leading zeros were lost (``5`` -> ``005``), or None."""
        key = str(ref).strip()
        return self.lookup(key.zfill(3)) if key.isdigit() and len(key) < 3 else None

    def suggest(self, ref: str) -> str:
        """A 'did you mean' suffix for an unknown organisation reference."""
        padded = self.padded(ref)
        if padded is not None:
            return _(" (did you mean {code!r}, {name}? municipality codes have three digits)").format(
                code=padded.code, name=padded.name_fi)
        names = [o.name_fi for o in self.orgs.values()] + [o.name_sv for o in self.orgs.values()]
        others = [name for names in self.other_names().values() for name in names]
        return did_you_mean(ref, names + others + list(self.orgs))

    def resolve(self, ref: str) -> Organisation:
        """Like lookup, but raise a ReferenceError_ with a suggestion on a miss."""
        org = self.lookup(ref)
        if org is None:
            raise ReferenceError_(_("unknown organisation {name!r}").format(name=ref) + self.suggest(ref))
        return org

    def and_counties(self, ids) -> frozenset[str]:
        """``ids`` and the county of each: the organisers whose records may count for them (a
        county's record of a kind that covers its members stands for every member)."""
        ids = frozenset(ids)
        return ids | {c for c in (self.orgs[o].county for o in ids) if c}

    def members(self, county_id: str, start: dt.date = EARLIEST, end: dt.date = LATEST) -> list[str]:
        """Ids of the municipalities of a county that exist at some day of [start, end]."""
        return sorted(
            o.id
            for o in self.orgs.values()
            if o.county == county_id and o.valid_from <= end and o.valid_until >= start
        )

    def region(self, ref: str) -> list[Organisation]:
        """A county and its member municipalities (past and present); Helsinki alone for kunta-091."""
        org = self.resolve(ref)
        if org.kind == "county":
            return [org] + [self.orgs[m] for m in self.members(org.id)]
        if org.id == HELSINKI:
            return [org]
        raise ReferenceError_(_("{name!r} is not a region: name a wellbeing services county (hva-01 ... hva-21) or "
                                "Helsinki (kunta-091)").format(name=ref))

    def term_list(self, kind: str, until: dt.date) -> list[Term]:
        """The terms of a kind, extended by the general rule so that they reach ``until``."""
        terms = list(self.terms[kind])
        rule = self.general_rule
        while terms and terms[-1].end < until:
            last = terms[-1]
            start = last.end + dt.timedelta(days=1)
            end = dt.date(start.year + rule.get("length_years", 4), rule.get("start_month", 6),
                          rule.get("start_day", 1)) - dt.timedelta(days=1)
            terms.append(Term(f"{start.year}-{end.year}", start, end))
        return terms


def _date(value, path: str, field_name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(path, None, field_name, _("{value!r} is not a date (expected YYYY-MM-DD)").format(
            value=value)) from exc


def _read_terms(data: dict, path: str) -> tuple[dict[str, list[Term]], dict]:
    terms = {
        kind: [Term(str(t["label"]), _date(t["start"], path, "start"), _date(t["end"], path, "end"))
               for t in data.get(kind, [])]
        for kind in ("municipal", "regional")
    }
    return terms, dict(data.get("general_rule", {}))


@cache
def _builtin() -> Registry:
    pkg = resources.files("velvoite.registry")
    extra = yaml.load(pkg.joinpath("organisations.yaml").read_text("utf-8"), _SAFE_LOADER)
    county_from = extra["county_valid_from"]
    uusimaa = set(extra["uusimaa_counties"])
    orgs: dict[str, Organisation] = {}
    with pkg.joinpath("municipalities_2025.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            hva = row["hva_code"]
            tags = {"municipality"}
            county = None
            if hva == "91":
                tags.add("aland")
            elif hva == "90":
                tags.add("helsinki")
            else:
                county = f"hva-{hva}"
                if county in uusimaa:
                    tags.add("uusimaa")
                if county not in orgs:
                    ctags = {"county"} | ({"uusimaa"} if county in uusimaa else set())
                    orgs[county] = Organisation(county, "county", hva, row["hva_fi"], row["hva_sv"],
                                                valid_from=county_from, tags=frozenset(ctags))
            code = row["municipality_code"]
            orgs[f"kunta-{code}"] = Organisation(f"kunta-{code}", "municipality", code,
                                                 row["municipality_fi"], row["municipality_sv"],
                                                 county=county, tags=frozenset(tags))
    for item in extra["extra"]:
        org = _org_from_mapping(item, orgs, "organisations.yaml", uusimaa)
        orgs[org.id] = org
    terms, rule = _read_terms(yaml.load(pkg.joinpath("terms.yaml").read_text("utf-8"), _SAFE_LOADER), "terms.yaml")
    return Registry(dict(sorted(orgs.items())), terms, rule, dict(extra.get("county_names", {})),
                    dict(extra.get("no_duties", {})))


def _org_from_mapping(item: dict, orgs: dict[str, Organisation], path: str, uusimaa: set[str]) -> Organisation:
    known = {"id", "kind", "code", "name_fi", "name_sv", "name_en", "county", "valid_from",
             "valid_until", "successor"}
    for key in item:
        if key not in known:
            raise InputError(path, None, key, _("unknown organisation field") + did_you_mean(key, known))
    if "id" not in item:
        raise InputError(path, None, "id", _("an organisation needs an id"))
    base = orgs.get(item["id"])
    kind = item.get("kind", base.kind if base else "municipality")
    county = item.get("county", base.county if base else None)
    tags = set(base.tags) if base else ({kind} if kind in ("municipality", "county") else set())
    if county in uusimaa or item["id"] in uusimaa:
        tags.add("uusimaa")
    if item["id"] == HUS:
        tags.add("hus")
    values = dict(
        id=item["id"], kind=kind, code=str(item["code"]) if "code" in item else (base.code if base else None),
        name_fi=item.get("name_fi", base.name_fi if base else item["id"]),
        name_sv=item.get("name_sv", base.name_sv if base else item.get("name_fi", item["id"])),
        name_en=item.get("name_en", base.name_en if base else None),
        county=county,
        valid_from=_date(item["valid_from"], path, "valid_from") if "valid_from" in item else (base.valid_from if base else EARLIEST),
        valid_until=_date(item["valid_until"], path, "valid_until") if "valid_until" in item else (base.valid_until if base else LATEST),
        tags=frozenset(tags), successor=item.get("successor", base.successor if base else None),
    )
    return Organisation(**values)


def load_registry(config_path: str | Path | None = None) -> Registry:
    """The built-in registry, with the overrides of a workspace ``velvoite.toml`` applied.

    ``[terms]`` with ``municipal``/``regional`` arrays of tables replaces those term lists;
    ``[[organisations]]`` tables add organisations or change fields of existing ones; what they
    may not say (a county that is not a county, a name that is another's) is an error at its line
    (``registry.consistency``).
    """
    base = _builtin()
    if config_path is None:
        return base
    path = str(config_path)
    workspace, text = load_workspace(config_path)
    orgs = dict(base.orgs)
    uusimaa = {o.id for o in orgs.values() if o.kind == "county" and "uusimaa" in o.tags}
    for item in workspace.organisations:
        org = _org_from_mapping(item.model_dump(exclude_none=True), orgs, path, uusimaa)
        orgs[org.id] = org
    terms = dict(base.terms)
    if workspace.terms is not None:
        for kind in ("municipal", "regional"):
            given = getattr(workspace.terms, kind)
            if given:
                terms[kind] = [Term(t.label, t.start, t.end) for t in given]
    registry = Registry(dict(sorted(orgs.items())), terms, base.general_rule, base.aliases, base.no_duties)
    check_organisations(workspace.organisations, registry, base, path, text)
    return registry


def config_language(config_path: str | Path | None) -> str | None:
    """The ``lang`` setting of a workspace config, if any."""
    return load_workspace(config_path)[0].lang
