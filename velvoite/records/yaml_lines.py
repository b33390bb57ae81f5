"""Safe YAML loading that remembers lines and rejects duplicate keys.

Built on PyYAML's safe loader (libyaml when available): only plain data types are constructed.
Timestamps are left as text, so that every date goes through the one date parser of the record
model and gets the same error message. Mappings come back as ``LineDict``: a dict that knows the
line of each key.

Record files follow the text policy (``records.text``): every plain scalar is text but the YAML
1.2 core ``null`` and ``true``/``false``, so ``org: 020`` is Akaa's code, not the octal number 16,
and ``reference: 12:30`` is not 750 (YAML 1.1's base 60). Explicit tags (``!!int``,
``!!python/object``) are refused with their line in every YAML file velvoite reads, and so is
nesting deeper than ``MAX_DEPTH``.
"""

from __future__ import annotations

from collections.abc import Iterator

import re

import yaml
import yaml.composer
import yaml.events

from velvoite.errors import InputError, short
from velvoite.records.text import MAX_DEPTH
from velvoite.i18n import _

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from YAML, with ``line`` (its first line) and ``lines`` (key -> line)."""

    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class DuplicateKey(Exception):
    def __init__(self, key: object, line: int, first: int):
        self.key, self.line, self.first = key, line, first


class _Loader(_Base):  # type: ignore[misc, valid-type]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    explicit = sum(1 for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # resolves '<<' merge keys from anchors (merged pairs come first)
    merged = len(node.value) - explicit
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if i >= merged and out.lines.get(key, -1) > 0:  # an explicit key given twice
            raise DuplicateKey(key, line, out.lines[key])
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line if i >= merged else -line  # negative: came from a merge
    out.lines = {k: abs(v) for k, v in out.lines.items()}
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)

# YAML 1.2 core schema's null and booleans; every other plain scalar of a record file is text.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_TEXT_RESOLVERS: dict = {}
for _first in "~nN":
    _TEXT_RESOLVERS.setdefault(_first, []).append(("tag:yaml.org,2002:null", _NULL))
_TEXT_RESOLVERS.setdefault("", []).append(("tag:yaml.org,2002:null", _NULL))
for _first in "tTfF":
    _TEXT_RESOLVERS.setdefault(_first, []).append(("tag:yaml.org,2002:bool", _BOOL))
_TEXT_RESOLVERS[None] = [("tag:yaml.org,2002:null", _NULL)]
_TEXT_RESOLVERS["<"] = [("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"))]  # anchors' << merges
# A record file resolves only true/false as booleans; a rule pack (typed scalars) also YAML 1.1's yes/on and
# no/off, which mean what they say there (``equals: yes`` is True, as every YAML 1.1 reader has it), never False.
_Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: node.value.lower() in ("true", "yes", "on"))


class ExplicitTag(Exception):
    def __init__(self, tag: str, line: int):
        self.tag, self.line = tag, line


ALLOWED_TAGS = (None, "!", "tag:yaml.org,2002:str")  # !!str makes a value text, as the policy does


# A record file with anchors and aliases expands to about its own size; a "billion laughs"
# document expands exponentially. Reject a document whose aliases, copied out, would add more
# than this many values to those written in it.
MAX_EXPANDED = 1_000_000


def _alias_excess(root: yaml.Node, limit: int | None = None) -> yaml.Node | None:
    """The first node below which aliases, copied out, would add more than MAX_EXPANDED values (or
    that contains itself), else None. The count is memoised, so it is linear in the nodes.

    ``total - len(size)`` is at most what aliases add below a node, so stopping on it never
    refuses a large file without aliases."""
    limit = MAX_EXPANDED if limit is None else limit
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        if not done and id(node) in open_:  # an alias inside its own anchor: infinite
            return node
        open_.add(id(node))
        children = ([v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        if done:
            total = 1 + sum(size[id(c)] for c in children)
            size[id(node)] = total
            open_.discard(id(node))
            if total - len(size) > limit:
                return node
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)
    return None


_ALIAS, _SCALAR = yaml.events.AliasEvent, yaml.events.ScalarEvent


class _StreamLoader(yaml.composer.Composer, _Loader):
    """libyaml's events, composed in Python one top-level item at a time, so that a file of
    100 000 records never holds the node graph of the whole document."""

    def __init__(self, text: str, max_expanded: int | None = None):
        _Loader.__init__(self, text)
        yaml.composer.Composer.__init__(self)
        self.max_expanded = MAX_EXPANDED if max_expanded is None else max_expanded
        self.aliased = False
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        kind = type(event)
        if kind is _ALIAS:
            self.aliased = True
            return super().compose_node(parent, index)
        if event.tag is not None and event.tag not in ALLOWED_TAGS:
            raise ExplicitTag(event.tag, event.start_mark.line + 1)
        if kind is _SCALAR:  # the common case: no nesting to count
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TextStreamLoader(_StreamLoader):
    """A record file: plain scalars are text but null and booleans (YAML 1.2 core)."""

    yaml_implicit_resolvers = _TEXT_RESOLVERS


def _check(loader: _StreamLoader, node: yaml.Node, path: str) -> None:
    """Count the expansion only where an alias was composed: without one there is nothing to expand."""
    if not loader.aliased:
        return
    loader.aliased = False
    where = _alias_excess(node, loader.max_expanded)
    if where is not None:
        raise InputError(path, where.start_mark.line + 1, None,
                         _("aliases expand to more than {n:,} values beyond those written (an alias bomb, or an "
                           "alias inside its own anchor?): write the values out").format(n=loader.max_expanded))


def iter_yaml(text: str, path: str, text_policy: bool = True,
              max_expanded: int | None = None) -> Iterator[tuple[str, object, int]]:
    """``("list", None, line)`` then ``("item", value, line)`` for each item of a top-level list
    (streamed), ``("document", value, line)`` for any other document, each with the line it starts
    on; syntax errors and duplicate keys name the line. ``text_policy``: plain scalars are text
    (record files); without it YAML's typed scalars (rule packs: numbers of months). ``max_expanded``:
    a lower alias limit than records' (rule packs are small and written by hand)."""
    loader = (_TextStreamLoader if text_policy else _StreamLoader)(text, max_expanded)
    events = yaml.events
    try:
        loader.get_event()  # stream start
        while not loader.check_event(events.StreamEndEvent):
            loader.get_event()  # document start
            if loader.check_event(events.SequenceStartEvent) and loader.peek_event().anchor is None:
                loader.get_event()
                yield "list", None, 0
                while not loader.check_event(events.SequenceEndEvent):
                    node = loader.compose_node(None, None)
                    _check(loader, node, path)
                    yield "item", loader.construct_document(node), node.start_mark.line + 1
                loader.get_event()
            else:
                node = loader.compose_node(None, None)
                _check(loader, node, path)
                yield "document", loader.construct_document(node), node.start_mark.line + 1
            loader.get_event()  # document end
            loader.anchors = {}
    except ExplicitTag as exc:
        raise InputError(path, exc.line, None, _("explicit YAML tag {tag} is not allowed: write the value plainly "
                                                 "(quote it to make it text)").format(
                                                     tag=short(exc.tag.replace("tag:yaml.org,2002:", "!!")))) from None
    except DuplicateKey as exc:
        raise InputError(path, exc.line, str(exc.key), _("key given twice (first on line {line})").format(
            line=exc.first)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise InputError(path, line, None, _("character U+{code} is not allowed in a record file (a control "
                                             "character): remove it").format(code=f"{char:04X}")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or _("not valid YAML")
        raise InputError(path, line, None, _("YAML parsing stopped here: {reason}").format(reason=problem)) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else _("not valid YAML")
        raise InputError(path, None, None, _("not valid YAML: {reason}").format(reason=first)) from None
    except RecursionError:
        raise InputError(path, None, None, _("YAML is nested too deeply to be a record file")) from None
    finally:
        loader.dispose()

