"""The language of a run or a request is a context variable, not a process global: threads that
validate and audit at once each speak their own language (the workspace serves requests in
different languages without a lock), and one resolver chooses it for both faces."""

from __future__ import annotations

import threading

import pytest

from velvoite import i18n
from velvoite.errors import InputError
from velvoite.records import load_records
from velvoite.records.loader import ReadOptions
from velvoite.registry import load_registry

UNKNOWN_KIND = "org,kind,date,body\nJoutsa,hyvinvointiraporti,1.6.2025,valtuusto\n"
SAYS = {"fi": "tuntematon laji", "sv": "okänd typ", "en": "unknown kind"}


def _refusal(path, registry) -> str:
    with pytest.raises(InputError) as refused:
        load_records([path], registry, None, ReadOptions())
    return str(refused.value)


def test_threads_validating_at_once_each_speak_their_own_language(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(UNKNOWN_KIND, "utf-8")
    registry = load_registry(None)
    # every thread has set its language before any of them speaks: a shared language would be the
    # last one set, in every thread
    inside, said, failed = threading.Barrier(len(SAYS), timeout=30), {}, []

    def request(lang: str) -> None:
        try:
            with i18n.speaking(lang):
                inside.wait()
                said[lang] = (_refusal(path, registry), i18n.ngettext("{n} record", "{n} records", 2), i18n.language())
                inside.wait()  # and each has spoken before any of them leaves its language
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    threads = [threading.Thread(target=request, args=(lang,)) for lang in SAYS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failed
    for lang, words in SAYS.items():
        message, plural, language = said[lang]
        assert words in message and "r.csv:2" in message and "'kind'" in message, (lang, message)
        assert plural == i18n.ntr(lang, "{n} record", "{n} records", 2) and language == lang
    assert i18n.language() == "en"  # this thread's language was never changed


def test_speaking_ends_with_its_block_and_nests():
    with i18n.speaking("fi"):
        with i18n.speaking("sv"):
            assert i18n.language() == "sv"
        assert i18n.language() == "fi"
        with pytest.raises(RuntimeError), i18n.speaking("en"):
            raise RuntimeError
        assert i18n.language() == "fi"
    assert i18n.language() == "en"


def test_one_resolver_option_then_config_then_locale_then_the_face_default():
    assert i18n.resolve("sv", "fi", "fi") == "sv"
    assert i18n.resolve(None, "fi", "sv") == "fi"
    assert i18n.resolve(None, "de", "sv") == "sv"  # a value velvoite does not speak is passed over
    assert i18n.resolve(None, None, None) == "en"
    assert i18n.resolve("xx", None, None, default="fi") == "fi"


def test_the_command_line_language_reads_its_argv_config_and_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "sv_FI.UTF-8")
    config = tmp_path / "velvoite.toml"
    config.write_text('lang = "fi"\n', "utf-8")
    assert i18n.run_language(["audit", "--lang", "en", "--config", str(config)], "none") == "en"
    assert i18n.run_language(["audit", "--lang=xx", "--lang", "fi"], "none") == "fi"  # the first it speaks
    assert i18n.run_language(["audit", f"--config={config}"], "none") == "fi"
    assert i18n.run_language(["audit"], str(config)) == "fi"
    assert i18n.run_language(["audit"], "none") == "sv"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.run_language(["audit"], "none") == "en"


def test_the_list_of_languages_is_one():
    from velvoite.calendar import feed
    from velvoite.commands.common import LANG_CHOICE
    from velvoite.registry.workspace import Workspace

    assert tuple(LANG_CHOICE.choices) == i18n.LANGUAGES == ("fi", "sv", "en")
    assert i18n.TRANSLATED == ("fi", "sv")
    assert Workspace.model_json_schema()["properties"]["lang"]["anyOf"][0]["enum"] == list(i18n.LANGUAGES)
    assert not hasattr(feed, "LANGS")
