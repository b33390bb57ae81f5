"""Loading rule packs: folders of ``<rule>.yaml`` files, each with ``<rule>.cases.yaml`` beside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from velvoite.errors import InputError, ReferenceError_, did_you_mean, raise_all
from velvoite.records.kinds import Vocabulary, install, register, use
from velvoite.rules.folder import kind_clashes, stray_files
from velvoite.rules.located import line_at, validation_errors
from velvoite.rules.manifest import builtin_pack_dir, builtin_pack_dirs, load_manifest
from velvoite.rules.source import one_document
from velvoite.rules.schema import Rule
from velvoite.i18n import LANGUAGES, _

def load_rule_file(path: Path) -> Rule:
    """One rule file, validated against the schema; errors name the file, line and field."""
    doc = one_document(path)
    if not isinstance(doc, dict):
        raise InputError(str(path), getattr(doc, "line", None), None, _("a rule file holds one mapping"))
    try:
        return Rule.model_validate(doc)
    except ValidationError as exc:
        raise_all(validation_errors(exc, doc, str(path), tuple(Rule.model_fields)))
        raise  # unreachable: raise_all raised


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a pack folder, after ``pack_files`` has refused what it cannot read."""
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".cases.yaml") and p.name != "pack.yaml")


def _linked(rule: Rule, citation, path: Path) -> Rule:
    """The rule with each legal basis's link made per language from the pack's citation templates;
    an explicit ``url`` must start with one of the pack's allowed prefixes."""
    bases = []
    for i, b in enumerate(rule.legal_basis):
        if b.url is not None:
            given = b.url if isinstance(b.url, dict) else dict.fromkeys(LANGUAGES, b.url)
            for lang, url in given.items():
                if citation.allowed and not url.startswith(tuple(citation.allowed)):
                    field = f"legal_basis.{i}.url" + (f".{lang}" if isinstance(b.url, dict) else "")
                    raise InputError(str(path), None, field, _("must start with {prefixes} (the pack's allowed links)")
                                     .format(prefixes=_(" or ").join(citation.allowed)))
            urls = {"en": given["fi"], **given}
        else:
            urls = {lang: citation.link(b.act, b.section, b.subsection, lang) for lang in LANGUAGES}
        bases.append(b.model_copy(update={"urls": urls}))
    return rule.model_copy(update={"legal_basis": bases})


def _tags(rule: Rule) -> set[str]:
    """The organisation tags a rule selects by."""
    return ({t for a in rule.applies for t in (*a.to, *a.except_)} | {t for b in rule.legal_basis for t in b.to})


def load_pack(folder: str | Path, shipped: bool = False) -> dict[str, Rule]:
    """Every rule of a pack folder, by id; duplicate ids are an error. The folder's ``pack.yaml``
    (or, for a user pack without one, the built-in pack's) makes the citation links. ``shipped``: the
    folder is one of ``builtin_pack_dirs()`` (``builtin_rules``), known without resolving them all."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), None, None, _("a rule pack is a folder of <rule>.yaml files"))
    raise_all(stray_files(folder))
    own = load_manifest(folder)
    manifest = own or load_manifest(builtin_pack_dir())
    citation = manifest.citation or load_manifest(builtin_pack_dir()).citation
    if own is not None and not shipped and folder.resolve() not in {p.resolve() for p in builtin_pack_dirs()}:
        builtin_ids = [load_manifest(p).id for p in builtin_pack_dirs()]
        if own.id in builtin_ids:  # --pack ID and the listing would mix its rules with the built-in pack's
            raise InputError(str(folder / "pack.yaml"), line_at(one_document(folder / "pack.yaml"), ("id",)), "id",
                             _("{id!r} is the id of a built-in pack: give the pack an id of its own").format(id=own.id))
        raise_all([e for e in [kind_clashes(own, folder / "pack.yaml")] if e])
    try:
        register(manifest)  # before the rules, whose evidence and requirements name its kinds and fields
    except ValueError as exc:
        raise InputError(str(folder / "pack.yaml"), None, "fields", str(exc)) from None
    rules: dict[str, Rule] = {}
    errors: list[InputError] = []
    for path in rule_files(folder):
        try:
            rule = _linked(load_rule_file(path), citation, path).model_copy(update={"pack": manifest.id})
        except InputError as exc:
            errors.append(exc)
            continue
        if rule.id != path.stem:  # the path is the id (OpenFisca): a rule is found where its id says
            errors.append(InputError(str(path), 1, "id", _("the rule's id {id!r} differs from its file name: name the "
                                                           "file {id}.yaml or the rule {stem!r}").format(
                                                               id=rule.id, stem=path.stem)))
            continue
        undeclared = sorted(_tags(rule) - set(manifest.tags))
        if undeclared:
            errors.append(InputError(str(path), 1, "applies", _("tag {tag!r} is not among the tags the pack's "
                                                                "pack.yaml declares ({tags})").format(
                                                                    tag=undeclared[0], tags=", ".join(manifest.tags) or "-")))
            continue
        if rule.id in rules:
            errors.append(InputError(str(path), 1, "id", _("rule {id!r} is defined twice").format(id=rule.id)))
        rules[rule.id] = rule
    raise_all(errors)
    return rules


@cache
def builtin_rules() -> dict[str, Rule]:
    """The rules velvoite ships, from every built-in pack (rule ids are part of the public interface)."""
    rules: dict[str, Rule] = {}
    for folder in builtin_pack_dirs():
        for rule_id, rule in load_pack(folder, shipped=True).items():
            if rule_id in rules:
                raise InputError(str(folder / f"{rule_id}.yaml"), 1, "id", _("rule {id!r} is in two built-in packs").format(
                    id=rule_id))
            rules[rule_id] = rule
    return rules


def load_rules(extra_packs: tuple[str, ...] = ()) -> dict[str, Rule]:
    """The built-in rules plus user packs (``--rules PATH``); a user rule may replace a built-in one
    (README), but two user packs may not both define a rule, nor one pack be given twice. The packs'
    kinds and fields make a new vocabulary, this context's while its rules are validated and the
    process's once all of them are (``records.kinds``): a run never sees another's half made."""
    vocabulary = Vocabulary.standard()
    use(vocabulary)
    rules = dict(builtin_rules())
    given: dict[Path, str] = {}
    defined: dict[str, Path] = {}  # rule id -> the user pack file that defines it
    for pack in extra_packs:
        folder = Path(pack)
        if folder.resolve() in given:
            raise InputError(str(folder), None, None, _("this rule pack is given twice (first as {first}): give it "
                                                        "once").format(first=given[folder.resolve()]))
        given[folder.resolve()] = str(folder)
        for rule_id, rule in load_pack(folder).items():
            if rule_id in defined:
                raise InputError(str(folder / f"{rule_id}.yaml"), 1, "id", _(
                    "rule {id!r} is also defined in {other}: two user packs may not define the same rule; rename "
                    "one").format(id=rule_id, other=defined[rule_id]))
            defined[rule_id] = folder / f"{rule_id}.yaml"
            rules[rule_id] = rule
    install(vocabulary)
    return dict(sorted(rules.items()))


def find_rule(rules: dict[str, Rule], rule_id: str) -> Rule:
    if rule_id not in rules:
        raise ReferenceError_(_("unknown rule {rule!r}").format(rule=rule_id) + did_you_mean(rule_id, rules))
    return rules[rule_id]


def choose_packs(rules: dict[str, Rule], packs: tuple[str, ...]) -> dict[str, Rule]:
    """The rules of the chosen packs (``--pack``, ``packs`` in velvoite.toml); all when none is
    chosen. An unknown pack id is an error with a suggestion. Records of a kind whose pack is not
    chosen are still read and validated: they are evidence for no rule in use, nothing more."""
    if not packs:
        return rules
    known = sorted({r.pack for r in rules.values() if r.pack})
    for pack in packs:
        if pack not in known:
            raise ReferenceError_(_("unknown pack {pack!r}").format(pack=pack) + did_you_mean(pack, known) + " "
                                  + _("(packs: {packs})").format(packs=", ".join(known)))
    return {k: r for k, r in rules.items() if r.pack in packs}
