"""The quick reading of a plain pack file (records.yaml_plain) gives exactly what the checked reading
(records.yaml_lines.iter_yaml, as rules.source read every pack file before) gives, lines of keys
included, or leaves the text to it: compared on every YAML file of the project, on generated
documents, and on the hostile shapes it must leave alone."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.errors import InputError
from velvoite.records.text import MAX_DEPTH, MAX_TEXT
from velvoite.records.yaml_lines import LineDict, iter_yaml
from velvoite.records.yaml_plain import plain_document
from velvoite.rules.manifest import builtin_pack_dirs
from velvoite.rules.source import MAX_EXPANDED, one_document, read_text

ROOT = Path(__file__).resolve().parent.parent


def checked(text: str):
    """The document as the checked way reads a pack file (rules.source.one_document before the quick way)."""
    docs: list = []
    current = None
    for what, value, _line in iter_yaml(text, "x.yaml", text_policy=False, max_expanded=MAX_EXPANDED):
        if what == "item" and current is not None:
            current.append(value)
            continue
        assert not docs, "a second document"
        current = [] if what == "list" else None
        docs.append(current if what == "list" else value)
    return docs[0] if docs else None


def same(a, b) -> bool:
    """Equal values of equal types, each mapping with the same first line and lines of its keys, in order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return (a.line, list(a.lines.items()), list(a)) == (b.line, list(b.lines.items()), list(b)) and all(
            same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def agrees(text: str) -> bool:
    """True when the quick way read the text (and agreed), False when it left the text to the checked way."""
    quick = plain_document(text, MAX_EXPANDED)
    if quick is None:
        return False
    assert same(quick[0], checked(text)), text[:200]
    return True


YAML_FILES = sorted(p for folder in ("velvoite", "tests/data", "examples") for p in (ROOT / folder).rglob("*.yaml"))


def test_every_yaml_file_of_the_project_reads_the_same():
    read = 0
    for path in YAML_FILES:
        try:
            text = path.read_text("utf-8-sig")
        except (UnicodeDecodeError, OSError):
            continue
        read += agrees(text)
    assert read > 300


def test_every_built_in_pack_file_is_read_the_quick_way():
    files = [p for folder in builtin_pack_dirs() for p in sorted(folder.glob("*.yaml"))]
    assert len(files) > 40
    assert [p.name for p in files if plain_document(p.read_text("utf-8"), MAX_EXPANDED) is None] == []


def test_anchors_and_aliases_in_a_mapping_are_followed_as_the_checked_way_does():
    text = "a: &x {k: [1, 2.5, yes, ~, '7']}\nb: *x\nc: &s text\nd: *s\n"
    assert agrees(text) and agrees("&x a\n") and agrees("&l [1, &m {a: 1}]\n")
    doc, before = plain_document(text, MAX_EXPANDED)[0], checked(text)
    assert doc["a"] is doc["b"] and before["a"] is before["b"]  # one value, as the checked way constructs it


HOSTILE = {
    "explicit int tag": "a: !!int 5\n",
    "explicit str tag": "a: !!str 5\n",
    "custom tag": "a: !thing 5\n",
    "python object": "a: !!python/object:os.system x\n",
    "merge key": "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "second document": "a: 1\n---\nb: 2\n",
    "key given twice": "a: 1\nb: 2\na: 3\n",
    "anchor given twice": "a: &x 1\nb: &x 2\n",
    "undefined alias": "a: *nowhere\n",
    "alias inside its anchor": "a: &x\n  b: *x\n",
    "alias as a key": "a: &k key\n*k : 2\n",
    "mapping as a key": "? {a: 1}\n: 2\n",
    "list as a key": "? [a]\n: 2\n",
    "alias in a top-level list": "- &x {a: 1}\n- *x\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "tab indentation": "a:\n\tb: 1\n",
    "control character": "a: \x07\n",
    "escaped control character": 'a: "\\x07"\n',
    "escaped control character in a key": '"k\\x1b": 1\n',
    "half a surrogate pair": 'a: "\\ud800"\n',
    "text longer than a cell": "a: " + "x" * (MAX_TEXT + 1) + "\n",
    "huge integer": "a: " + "9" * 5000 + "\n",
    "value key": "= : 1\n",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    "nested to the limit": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_what_is_not_plain_is_left_to_the_checked_way(name):
    assert plain_document(HOSTILE[name], MAX_EXPANDED) is None


def test_a_pack_file_the_quick_way_leaves_is_refused_as_before(tmp_path):
    path = tmp_path / "rule.yaml"
    path.write_text(HOSTILE["key given twice"], "utf-8")
    with pytest.raises(InputError) as caught:
        one_document(path)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), 3, "a")
    path.write_text("title: &t {fi: x}\nother: *t\nbad: \"\\x07\"\n", "utf-8")  # aliases, then a control character
    with pytest.raises(InputError) as caught:
        one_document(path)
    assert (caught.value.line, caught.value.field) == (3, "bad")


def test_empty_texts():
    for text in ("", "# a comment only\n", "---\n", "---\n...\n"):
        assert agrees(text) and plain_document(text, MAX_EXPANDED)[0] == checked(text)


SCALARS = st.one_of(
    st.text(max_size=12), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.sampled_from(["yes", "No", "on", "0x1F", "0o17", "017", "1_000", "1:30", "2024-05-01", ".inf", "-.Inf", ".nan",
                     "1e3", "null", "~", "", " ", "é", "a: b", "- x", "#", "'", '"', "\\", "=", "<<", "!x", "&a", "*a"]))
KEYS = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.sampled_from(["yes", "1.5", "null", "true", "x y"]))
DOCS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(DOCS, st.booleans(), st.sampled_from([None, "'", '"']))
def test_generated_documents_read_the_same(doc, flow, style):
    try:
        text = yaml.safe_dump(doc, default_flow_style=flow, default_style=style, allow_unicode=True)
    except yaml.YAMLError:
        return
    agrees(text)


@settings(max_examples=150, deadline=None)
@given(DOCS)
def test_generated_documents_with_aliases_read_the_same(doc):
    shared = {"s": doc}
    text = yaml.safe_dump({"first": shared, "second": shared, "third": [shared, doc]}, allow_unicode=True)
    agrees(text)


@pytest.mark.parametrize("data", [b"a: 1\r\nb: \xc3\xa4\rc: 3\n", b"\xef\xbb\xbfa: 1\r\n", b"", b"\r\r\n"])
def test_a_pack_file_is_read_as_its_text_with_universal_newlines(tmp_path, data):
    path = tmp_path / "rule.yaml"
    path.write_bytes(data)
    assert read_text(path) == path.read_text("utf-8-sig")  # what it was before the bytes were read once


def test_yaml_1_1_booleans_of_a_pack_file_mean_what_they_say_both_ways(tmp_path):
    """``yes``/``on`` were read as False (the record files' true/false-only constructor), in silence."""
    text = "a: yes\nb: On\nc: YES\nd: no\ne: OFF\nf: true\ng: False\nh: y\n"
    expected = {"a": True, "b": True, "c": True, "d": False, "e": False, "f": True, "g": False, "h": "y"}
    assert plain_document(text, MAX_EXPANDED)[0] == expected and checked(text) == expected
    path = tmp_path / "rule.yaml"
    path.write_text(text, "utf-8")
    assert one_document(path) == expected
    records = list(iter_yaml(text, "x.yaml"))  # a record file: only true/false are booleans, yes stays text
    assert records[0][1] == {**expected, "a": "yes", "b": "On", "c": "YES", "d": "no", "e": "OFF"}
