"""A plain YAML document built straight from libyaml's events: the quick way of a small file.

``iter_yaml`` (``yaml_lines``) composes every node in Python, one check per node (explicit tags,
nesting, aliases), so that it can stream 100 000 records and word every error. A rule pack's file is
small and nearly always plain: one document of mappings, lists and scalars, a few of them named by
an anchor and repeated by an alias, without explicit tags or merge keys. ``plain_document`` builds
such a document from the parser's events directly (a third of the time: the built-in packs are read
on every run) and gives the same values: ``LineDict`` mappings with the lines of their keys, the
scalars resolved and constructed by the same loader, an alias the value its anchor made. Anything
else (a tag written in the file, a text the text policy refuses (``records.text.text_problem``: too
long, a control character or half a surrogate pair), a ``<<`` merge, a key that is not a plain
scalar or is given twice, an anchor given twice, an alias to nothing, inside its own anchor or
adding more values than the limit, an alias among the items of a top-level list, a second document,
nesting near ``MAX_DEPTH``, a scalar the loader would not construct, a syntax error) is answered
``None``: the caller reads the text the checked way, which refuses or accepts it and words every
error as before.
"""

from __future__ import annotations

import yaml
import yaml.events as ev
from yaml.nodes import ScalarNode

from velvoite.records.text import MAX_DEPTH, MAX_TEXT, unusual
from velvoite.records.yaml_lines import LineDict, _Loader

_STR = "tag:yaml.org,2002:str"
_TYPED = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                    "tag:yaml.org,2002:float"})
_NON_SPECIFIC = (None, "!")  # no tag written, or the non-specific "!": the resolver chooses


class _NoKey:
    """The mapping on top of the stack waits for a key."""


def plain_document(text: str, max_expanded: int) -> tuple[object] | None:
    """``(value,)``, the one document of ``text`` read as a rule pack's file is read (``text_policy``
    off: YAML's typed scalars but timestamps), every key and text in it free of what ``text_problem``
    refuses, ``(None,)`` for a text without a document; ``None`` when
    the text is not plain (above) and must be read by ``iter_yaml``. Aliases are followed while they
    add at most ``max_expanded`` values to those written, the checked way's limit (so it would accept
    them too), each to the value its anchor made, as the checked way constructs a document."""
    loader = _Loader(text)
    try:
        return _build(loader, max_expanded)
    except (yaml.YAMLError, ValueError):  # a syntax error, a refused character, an int of 5 000 digits:
        return None                       # iter_yaml words it
    finally:
        loader.dispose()


def _build(loader: _Loader, max_expanded: int) -> tuple[object] | None:
    get = loader.get_event
    constructors = loader.yaml_constructors
    get()  # stream start
    if type(get()) is ev.StreamEndEvent:
        return (None,)
    # the containers being built: [container, its key waiting for a value (or _NoKey), that key's line,
    # its anchor, the values it holds with aliases expanded]
    stack: list[list] = []
    anchors: dict[str, tuple[object, int]] = {}  # anchor -> (value, values with aliases expanded)
    added = 0  # values the aliases add to those written
    root: list = []
    while True:
        event = get()
        kind = type(event)
        size = 1
        if kind is ev.ScalarEvent:
            if event.tag not in _NON_SPECIFIC:
                return None
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
            if tag == _STR:
                value = event.value
                if len(value) > MAX_TEXT or unusual(value):  # the checked way's text check names its place
                    return None
            elif tag in _TYPED:
                value = constructors[tag](loader, ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                                            event.style))
            else:  # a merge key, YAML 1.1's '=' value
                return None
            anchor = event.anchor
        elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            if event.tag not in _NON_SPECIFIC or len(stack) >= MAX_DEPTH - 2:
                return None
            if stack and stack[-1][1] is _NoKey and type(stack[-1][0]) is not list:  # a mapping or list as a key
                return None
            if kind is ev.MappingStartEvent:
                made = LineDict()
                made.line = event.start_mark.line + 1
                made.lines = {}
            else:
                made = []
            stack.append([made, _NoKey, 0, event.anchor, 1])
            continue
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            value, _key, _line, anchor, size = stack.pop()
        elif kind is ev.AliasEvent:
            if event.anchor not in anchors or (stack and type(stack[-1][0]) is not list and stack[-1][1] is _NoKey):
                return None  # undefined, inside its own anchor, or a key
            value, size = anchors[event.anchor]
            added += size
            if added > max_expanded or not stack or type(stack[0][0]) is list:
                return None  # too many (the checked way words it), the whole document, or in a list's items
                             # (the checked way constructs each item apart)
            anchor = None
        elif kind is ev.DocumentEndEvent:
            return tuple(root) if type(get()) is ev.StreamEndEvent else None  # else a second document
        else:
            return None
        if anchor is not None:
            if anchor in anchors:  # given twice
                return None
            anchors[anchor] = (value, size)
        if not stack:
            root.append(value)
            continue
        top = stack[-1]
        top[4] += size
        into = top[0]
        if type(into) is list:
            into.append(value)
        elif top[1] is _NoKey:
            if kind is not ev.ScalarEvent or value in into.lines:  # a key given twice
                return None
            top[1], top[2] = value, event.start_mark.line + 1
        else:
            into[top[1]] = value
            into.lines[top[1]] = top[2]
            top[1] = _NoKey
