"""The kinds of record (kirjauksen laji) in use: declared by the rule packs' manifests
(``pack.yaml``: id, fi/sv/en names, the fields a record of the kind carries), not by code.

A ``Vocabulary`` is the kinds and fields of the packs a run uses: the built-in packs' kinds and the
core kinds every workspace has (``core.yaml``: the waiver), then those a user pack declares, added
while its rules are loaded (``rules.pack.load_rules`` builds a new one for each run, before the
rules are validated: no run empties or fills another's). The vocabulary in use is the one of the
context (``use``: the thread or task loading the packs), else the one last installed for the
process (``install``: the packs a server loaded once), else the built-in one; the functions below
read it.
"""

from __future__ import annotations

import contextvars
import functools
from dataclasses import dataclass

from velvoite.records.fields import Field
from velvoite.words.reports import COLUMN_NAMES, EARLIER_COLUMN_NAMES

# The record's own fields, in the record format's order (``records.model.Record`` declares them;
# tests/test_vocabulary.py holds the two to the same names): those a record carries only when its
# kind says so (``KIND_FIELDS``, pack.yaml kinds.fields), and those every record may carry whatever
# its kind (``COMMON_FIELDS``); the packs' fields come after them.
FIELDS = ("id", "org", "kind", "date", "body", "participants", "reference", "url", "valid_from", "valid_until",
          "also_counts_as", "notes")
KIND_FIELDS = ("participants", "valid_from", "valid_until")
COMMON_FIELDS = frozenset(f for f in FIELDS if f not in KIND_FIELDS)


@dataclass(frozen=True)
class Kind:
    id: str
    names: dict[str, str]
    fields: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()  # what people also call it (hyvinvointikertomus)
    in_effect: bool = False  # evidence while in effect (valid_from..valid_until), not on its date alone
    covers_members: bool = False  # a county's record without participants stands for all its members


class Vocabulary:
    """The kinds (by id, in declaration order) and the fields of a run's packs, and what the loader
    derives from them (made once per state of the vocabulary)."""

    def __init__(self, manifests=()):
        self.kinds: dict[str, Kind] = {}
        self.fields: dict[str, Field] = {}  # fields the packs declare (records.fields)
        self.derived: dict[str, object] = {}  # read per record: cleared when a pack adds to it
        for manifest in manifests:
            self.add(manifest)

    @classmethod
    def standard(cls) -> Vocabulary:
        """The built-in packs' kinds and fields and the core kinds."""
        from velvoite.rules.manifest import builtin_manifests, core_manifest  # lazily: rules read records' YAML loader

        return cls((*builtin_manifests(), core_manifest()))

    def add(self, manifest) -> None:
        """A pack's fields and kinds (from its manifest): a kind already known keeps its first
        declaration, a field declared again must have the same type (a choice gains the new values)."""
        self.derived.clear()
        for decl in manifest.fields:
            new = Field(decl.id, decl.type, tuple(decl.values), decl.default, dict(decl.names), decl.description,
                        decl.counts_as, decl.value_words)
            self.fields[decl.id] = self.fields[decl.id].merged(new) if decl.id in self.fields else new
        for k in manifest.kinds:
            self.kinds.setdefault(k.id, _kind(k))


_in_use: contextvars.ContextVar[Vocabulary | None] = contextvars.ContextVar("velvoite_vocabulary", default=None)
_installed: list[Vocabulary] = []  # the process's: the last installed, else the built-in one made on first use


def vocabulary() -> Vocabulary:
    """The vocabulary in use (see the module's words)."""
    found = _in_use.get()
    if found is not None:
        return found
    if not _installed:
        _installed[:] = [Vocabulary.standard()]
    return _installed[0]


def use(found: Vocabulary) -> None:
    """Make ``found`` the vocabulary of this context (the run loading its packs)."""
    _in_use.set(found)


def install(found: Vocabulary) -> None:
    """Make ``found`` the vocabulary of the process's other contexts too, whole (a server's threads)."""
    _installed[:] = [found]


def catalogue() -> dict[str, Kind]:
    """Every kind in use, by id, in declaration order."""
    return vocabulary().kinds


def pack_fields() -> dict[str, Field]:
    """Every field the packs in use declare, by id."""
    return vocabulary().fields


def register(manifest) -> None:
    """Add a pack's fields and kinds to the vocabulary in use (``Vocabulary.add``)."""
    vocabulary().add(manifest)


def _kind(decl) -> Kind:
    return Kind(decl.id, dict(decl.names), tuple(decl.fields), tuple(decl.other_names), decl.in_effect,
                decl.covers_members)


def kind_ids() -> tuple[str, ...]:
    return tuple(catalogue())


def kind_name(kind: str, lang: str) -> str | None:
    """A kind in the words of ``lang``, or None for an id that is not a kind."""
    found = catalogue().get(kind)
    return found.names.get(lang) if found else None


def _derived(make):
    """A value derived from the packs in use, made once per state of the vocabulary (``add``
    clears it): the loader reads these for every record."""
    key = make.__name__

    @functools.wraps(make)
    def get():
        derived = vocabulary().derived
        try:
            return derived[key]
        except KeyError:
            derived[key] = value = make()
            return value

    return get


@_derived
def field_names() -> tuple[str, ...]:
    """Every field a record may have: the record's own, then those the packs in use declare."""
    return FIELDS + tuple(pack_fields())


@_derived
def field_set() -> frozenset[str]:
    return frozenset(field_names())


@_derived
def org_list_fields() -> tuple[str, ...]:
    """The fields that list organisations: ``participants`` and those the packs declare so."""
    return ("participants", *(f.id for f in pack_fields().values() if f.type == "organisations"))


@_derived
def kind_by_name() -> dict[str, str]:
    """Each kind by its id, its name in every language and its other names, case-insensitively
    (a kind's own names before any kind's other names)."""
    out = {text.casefold(): k.id for k in catalogue().values() for text in (k.id, *k.names.values())}
    for k in catalogue().values():
        for text in k.other_names:
            out.setdefault(text.casefold(), k.id)
    return out


@_derived
def kind_words() -> tuple[str, ...]:
    """Every word a kind is known by, as written: for "did you mean"."""
    return tuple(text for k in catalogue().values() for text in (k.id, *k.names.values(), *k.other_names))


def kind_named(text: str) -> str | None:
    """The kind a user named by its id or by its fi/sv/en name (``hyte-neuvottelu``), if any."""
    return kind_by_name().get(text.strip().casefold())


def field_of(name: str) -> Field | None:
    return pack_fields().get(name)


@_derived
def counting_fields() -> tuple[str, ...]:
    """The choices fields whose values that are kinds make a record count as those kinds too."""
    return tuple(f.id for f in pack_fields().values() if f.counts_as)


@_derived
def date_fields() -> frozenset[str]:
    """The fields that hold a date: the record's own and those the packs declare so."""
    return frozenset(("date", "valid_from", "valid_until", *(f.id for f in pack_fields().values() if f.type == "date")))


def column_name(field: str, lang: str) -> str:
    """A record field as a column header in ``lang``: its name there, else its id."""
    if lang in COLUMN_NAMES and field in COLUMN_NAMES[lang]:
        return COLUMN_NAMES[lang][field]
    declared = pack_fields().get(field)
    return declared.names.get(lang, field) if declared is not None and lang != "en" else field


@_derived
def column_fields() -> dict[str, str]:
    """Each field by its column header in any language, case-insensitively (a header a template
    wrote in Finnish or Swedish reads back as the field); a field id always means itself."""
    out = {name.casefold(): field for names in COLUMN_NAMES.values() for field, name in names.items()}
    out.update(EARLIER_COLUMN_NAMES)
    for decl in pack_fields().values():
        for name in decl.names.values():
            out.setdefault(name.casefold(), decl.id)
    out.update((name, name) for name in field_names())
    return out
