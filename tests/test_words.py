"""The words of velvoite's outputs have one home, the catalogues (velvoite/locale): the tables of
words in code (``i18n.Words``) hold English message ids only, and this keeps them whole: every
table's message is translated in the catalogue of each language (in its context), each language's
table has the shape of the English with its placeholders, and no table of words by language is
written inline in code any more. tests/test_i18n.py checks every message's placeholders."""

from __future__ import annotations

import ast
import importlib
import string
from pathlib import Path

import pytest

from velvoite.i18n import LANGUAGES, TRANSLATED, Words
from velvoite.i18n_catalogue import read
from velvoite.records.kinds import catalogue
from velvoite.words.reports import BODY_WORDS

CODE = Path(__file__).parent.parent / "velvoite"


def _tables() -> dict[str, Words]:
    """Every table of words at the top of a module of velvoite (``NAME = Words(...)``)."""
    found = {}
    for path in sorted(CODE.rglob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and getattr(node.value.func, "id", None) == "Words"):
                module = ".".join(path.relative_to(CODE.parent).with_suffix("").parts)
                name = node.targets[0].id
                found[f"{module}.{name}"] = getattr(importlib.import_module(module), name)
    return found


TABLES = _tables()
CATALOGUES = {lang: read(lang) for lang in TRANSLATED}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_tables_are_found():
    assert {"velvoite.words.findings.STATUS", "velvoite.words.reports.REPORT", "velvoite.words.reports.TEMPLATE",
            "velvoite.words.calendar.WORDS", "velvoite.words.glossary.TERMS", "velvoite.law.render.STATUS_WORDS",
            "velvoite.commands.info.SEVERITY_HEADINGS"} <= set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_word_of_a_table_is_in_the_catalogue(name, lang):
    for context, message in TABLES[name].messages():
        entry = CATALOGUES[lang].get(message, context=context)
        assert entry is not None and entry.string, (name, lang, context, message)


def _same_shape(english, other, where) -> None:
    if isinstance(english, dict):
        assert list(other) == list(english), where
        for key in english:
            _same_shape(english[key], other[key], (*where, key))
    elif isinstance(english, list):
        assert len(other) == len(english), where
        for i, (a, b) in enumerate(zip(english, other)):
            _same_shape(a, b, (*where, i))
    else:
        assert isinstance(other, str) and other and fields(other) == fields(english), (where, other)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_language_has_every_word_with_its_placeholders(name):
    table = TABLES[name]
    assert set(table) <= set(LANGUAGES) and set(TRANSLATED) <= set(table)
    english = table["en"] if "en" in table else Words(table.english)["en"]  # the message ids
    for lang in table:
        _same_shape(english, table[lang], (name, lang))


def test_english_is_the_message_ids_and_each_language_is_built_once():
    from velvoite.words.findings import STATUS

    assert STATUS["en"]["not_evidenced"] == "not evidenced" and STATUS["fi"]["not_evidenced"] == "ei näyttöä"
    assert STATUS["sv"] is STATUS["sv"] and STATUS.get("de") is None
    with pytest.raises(KeyError):
        STATUS["de"]


def test_importing_the_words_loads_no_catalogue():
    """A table is translated on its first use: importing the modules of words (every command does)
    reads no .mo file, so an English run that reads no record sheet loads none."""
    import subprocess
    import sys

    code = ("import velvoite.words.reports, velvoite.words.glossary, velvoite.words.findings, "
            "velvoite.words.calendar, velvoite.law.render, velvoite.commands.info\n"
            "from velvoite.i18n import catalogue\nprint(catalogue.cache_info().currsize)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "0\n"


def test_one_english_word_has_two_translations_in_two_contexts():
    """The status "missing" is a word of the law watch too; "changed" is a status of the law watch
    (muuttunut) and a word of other messages (muutettu): a context tells them apart."""
    from velvoite.i18n import tr
    from velvoite.law.render import STATUS_WORDS

    assert STATUS_WORDS["fi"]["changed"] == "muuttunut" and tr("fi", "changed") == "muutettu"


def test_body_words_are_understood():
    from velvoite.records.body import BODIES, normalise_body

    assert BODY_WORDS["en"] == list(BODIES)
    assert [[normalise_body(w) for w in BODY_WORDS[lang]] for lang in ("fi", "sv")] == [BODY_WORDS["en"]] * 2


def test_every_kind_has_a_name_in_every_language():
    """A kind's names are its pack's words (data), not the catalogue's: each pack names each kind in all three."""
    for kind in catalogue().values():
        assert all(kind.names.get(lang) for lang in LANGUAGES), kind.id


# Dicts keyed by language that are not words to translate: each language's name in its own words
# (the language menu says "svenska" in every language), and codes of locales and of Finlex.
NOT_WORDS = {("web/config.py", "NAMES"), ("messages.py", "LOCALES"), ("commands/finlex.py", "LANGS")}


def test_no_table_of_words_by_language_is_written_in_code():
    """Code's words are in the catalogues: a dict literal keyed by "fi" and "sv" holding words is a
    second home for them (the inline tables moved: words/, law/render.py, commands/info.py)."""
    found = []
    for path in sorted(CODE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names = {id(node.value): getattr(node.targets[0], "id", "") for node in ast.walk(tree)
                 if isinstance(node, ast.Assign)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and {"fi", "sv"} <= {k.value for k in node.keys if isinstance(k, ast.Constant)}:
                where = (path.relative_to(CODE).as_posix(), names.get(id(node), ""))
                if where not in NOT_WORDS:
                    found.append(f"{where[0]}:{node.lineno} {where[1]}")
    assert not found, found
