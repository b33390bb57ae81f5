"""The word tables are one dict per language (a translator reads a language whole); this keeps
them in step: every language has every key, and every placeholder of the English text."""

from __future__ import annotations

import string

import pytest

from velvoite.words.calendar import WORDS as CALENDAR
from velvoite.words.findings import PERIOD_WORDS, STATUS
from velvoite.records.kinds import catalogue
from velvoite.words.reports import BODY_WORDS, REPORT, TEMPLATE

KIND_NAMES = {lang: {k.id: k.names[lang] for k in catalogue().values()} for lang in ("fi", "sv", "en")}
TABLES = {"STATUS": STATUS, "KIND_NAMES": KIND_NAMES, "PERIOD_WORDS": PERIOD_WORDS,
          "REPORT": REPORT, "TEMPLATE": TEMPLATE, "CALENDAR": CALENDAR}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_language_has_every_word(name):
    table = TABLES[name]
    assert set(table) == {"fi", "sv", "en"}
    for lang in ("fi", "sv"):
        assert set(table[lang]) == set(table["en"]), (name, lang)
        for key, text in table["en"].items():
            if isinstance(text, list):  # lines of instructions: as many, with the same placeholders
                assert len(table[lang][key]) == len(text), (name, lang, key)
                assert [fields(t) for t in table[lang][key]] == [fields(t) for t in text], (name, lang, key)
            else:
                assert fields(table[lang][key]) == fields(text), (name, lang, key)


def test_body_words_are_understood():
    from velvoite.records.body import normalise_body

    assert [[normalise_body(w) for w in BODY_WORDS[lang]] for lang in ("fi", "sv")] == [BODY_WORDS["en"]] * 2
