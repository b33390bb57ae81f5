"""Localisation: every message of the command line in Finnish, Swedish and English through gettext
catalogues; a catalogue that misses a string, or whose placeholders differ from the English, fails
here; the compiled catalogues are those of the .po files; the language comes from --lang, then
velvoite.toml, then the locale, then English."""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import io
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from velvoite import i18n
from velvoite.cli import main
from velvoite.i18n import TRANSLATED as LANGUAGES
from velvoite.i18n_catalogue import compiled, po_path, read, template

TEMPLATE = template()


def _fields(text: str) -> set[str]:
    """The placeholders of a message: {name} fields (with their conversion) and %(name)s."""
    out = {f"{{{name}!{conv}}}" if conv else f"{{{name}}}" for _, name, _, conv in string.Formatter().parse(text)
           if name is not None}
    return out | set(re.findall(r"%\(\w+\)s", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    catalogue = read(lang)
    entries = {(m.id, m.context): catalogue.get(m.id, context=m.context) for m in TEMPLATE if m.id}
    untranslated = [key for key, entry in entries.items() if entry is None or not all(
        [entry.string] if isinstance(entry.string, str) else entry.string)]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:3]} (run make messages)"
    assert not [m.id for m in catalogue if m.fuzzy and m.id], "fuzzy translations are guesses: check them"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_those_of_the_english(lang):
    for message in read(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for i, text in enumerate(strings):  # fi and sv have English's two forms: one, and others
            assert _fields(text) == _fields(ids[min(i, len(ids) - 1)]), (message.id, text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_the_po(lang):
    shipped = gettext.GNUTranslations(io.BytesIO(po_path(lang).with_suffix(".mo").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(compiled(read(lang))))
    assert shipped._catalog == fresh._catalog, "run make messages"


MARKERS = {"_": 0, "N_": 0, "ngettext": 0, "tr": 1, "ntr": 1, "NC_": 1, "ptr": 2}  # marker: where its message is


def test_every_marked_message_is_in_the_template():
    """The extractor and the code agree: a message written as an f-string (or a concatenation) is
    never in a catalogue; a variable is fine where its values are marked with N_ (SAVE_AS); a word
    marked in a context (NC_, ptr) is in the template in that context."""
    for path in Path("velvoite").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS:
                args = node.args[MARKERS[node.func.id]:]
                assert args and not isinstance(args[0], (ast.JoinedStr, ast.BinOp)), f"{path}:{node.lineno}"
                context = node.args[MARKERS[node.func.id] - 1].value if node.func.id in ("NC_", "ptr") else None
                assert context is None or isinstance(context, str), f"{path}:{node.lineno}: a context is a literal"
                if isinstance(args[0], ast.Constant):
                    assert TEMPLATE.get(args[0].value, context=context) is not None or any(
                        isinstance(m.id, tuple) and m.id[0] == args[0].value for m in TEMPLATE), f"{path}:{node.lineno}"


@pytest.mark.parametrize("argv,env,config,want", [
    (["audit", "x", "--lang", "sv"], {"LANG": "fi_FI.UTF-8"}, 'lang = "fi"', "sv"),
    (["audit", "x", "--lang=en"], {"LANG": "fi_FI.UTF-8"}, None, "en"),
    (["audit", "x"], {"LANG": "en_US.UTF-8"}, 'lang = "sv"', "sv"),
    (["audit", "x"], {"LANG": "fi_FI.UTF-8"}, None, "fi"),
    (["audit", "x"], {"LC_ALL": "sv_FI.UTF-8", "LANG": "fi_FI.UTF-8"}, None, "sv"),
    (["audit", "x"], {"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, None, "en"),
    (["audit", "x"], {}, None, "en"),
])
def test_the_language_of_a_command_line(tmp_path, monkeypatch, argv, env, config, want):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    cfg = tmp_path / "velvoite.toml"
    if config:
        cfg.write_text(config + "\n", "utf-8")
    assert i18n.run_language(argv, str(cfg)) == want


@pytest.mark.parametrize("lang,words", [
    ("fi", ["tuntematon laji 'hyvinvontikertomus' (tarkoititko 'hyvinvointikertomus'?)",
            "päivämäärää '31.2.2025' ei ole olemassa", "tuntematon organisaatio 'Lapi' (tarkoititko 'Lappi'?)"]),
    ("sv", ["okänd typ 'hyvinvontikertomus' (menade du 'hyvinvointikertomus'?)",
            "datumet '31.2.2025' finns inte", "okänd organisation 'Lapi' (menade du 'Lappi'?)"]),
    ("en", ["unknown kind 'hyvinvontikertomus' (did you mean 'hyvinvointikertomus'?)",
            "'31.2.2025' is not a real date", "unknown organisation 'Lapi' (did you mean 'Lappi'?)"]),
])
def test_errors_in_the_users_language_still_name_file_line_and_field(tmp_path, monkeypatch, lang, words):
    monkeypatch.setenv("LANG", f"{lang}_FI.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    path = tmp_path / "kunnat.csv"
    path.write_text("org,kind,date,body\nJoutsa,hyvinvontikertomus,1.6.2025,valtuusto\n"
                    "Lapi,hyvinvointiraportti,31.2.2025,valtuusto\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.removeprefix("velvoite: ").splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{path}:") for line in lines)
    for text in words:
        assert text in result.output


@pytest.mark.parametrize("lang,usage,options", [("fi", "Käyttö:", "Valitsimet:"), ("sv", "Användning:", "Flaggor:")])
def test_help_is_in_the_language_of_the_run(lang, usage, options):
    english = {name: CliRunner().invoke(main, [*name.split(), "--help"]).output for name in ("", "audit", "report")}
    for name, text in english.items():
        translated = CliRunner().invoke(main, [*name.split(), "--help", "--lang", lang] if name else ["--help"],
                                        env={"LANG": f"{lang}_FI.UTF-8", "LC_ALL": ""}).output
        assert translated.startswith(usage) and options in translated
        # every help line differs from the English but the option names and choices
        prose = [line for line in text.splitlines() if re.search(r"[a-z]{4,} [a-z]{3,} [a-z]{3,}", line)]
        assert prose and not [line for line in prose if line in translated.splitlines()], name


def test_click_usage_errors_are_translated():
    result = CliRunner().invoke(main, ["audit", "--bogus"], env={"LANG": "sv_FI.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 2 and "Fel: Flaggan '--bogus' finns inte." in result.output


def test_plurals_follow_the_language(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("org,kind,date,body\nJoutsa,hyvinvointiraportti,1.6.2025,valtuusto\n", "utf-8")
    one = CliRunner().invoke(main, ["validate", str(path), "--lang", "fi"] if False else ["validate", str(path)],
                             env={"LANG": "fi_FI.UTF-8", "LC_ALL": ""}).output
    assert "1 kirjaus kunnossa" in one
    path.write_text("org,kind,date,body\nJoutsa,hyvinvointiraportti,1.6.2025,valtuusto\n"
                    "Joutsa,hyvinvointiraportti,1.6.2024,valtuusto\n", "utf-8")
    two = CliRunner().invoke(main, ["validate", str(path)], env={"LANG": "fi_FI.UTF-8", "LC_ALL": ""}).output
    assert "2 kirjausta kunnossa" in two


def test_a_run_leaves_the_language_as_it_found_it(tmp_path):
    CliRunner().invoke(main, ["validate", "nothing-here"], env={"LANG": "fi_FI.UTF-8", "LC_ALL": ""})
    assert i18n.language() == "en" and i18n._("no such file or folder") == "no such file or folder"


def test_the_readme_has_a_finnish_twin_with_the_same_two_commands():
    def commands(path: str) -> list[str]:
        text = Path(path).read_text("utf-8")
        block = text.split("```sh\n", 1)[1].split("```", 1)[0]
        return [line.split("#")[0].strip() for line in block.splitlines()[:2]]

    assert commands("README.md") == ["make demo", "make test"]
    # the Finnish reader's demo prints the Finnish run (the example config says en: issue 25)
    assert commands("LUEMINUT.md") == ["make demo DEMO_LANG=fi", "make test"]
    demo = Path("Makefile").read_text("utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "--as-of $(AS_OF) --lang $(DEMO_LANG)\n" in demo.split("audit examples/records", 2)[1]


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["fi", "sv"]))
def test_dates_in_finnish_and_swedish_are_d_m_yyyy_and_read_back(day, lang):
    """CLDR's short date of fi_FI and sv_FI (Babel) is what Finnish offices write, and velvoite reads it."""
    from velvoite.messages import date_text
    from velvoite.records.fields import parse_date

    text = date_text(day, lang)
    assert text == f"{day.day}.{day.month}.{day.year}" and parse_date(text) == day
    assert date_text(day, "en") == day.isoformat()


@pytest.mark.parametrize("value,lang,text", [(0.0333, "fi", "0,0333"), (0.0333, "sv", "0,0333"), (0.0333, "en", "0.0333"),
                                             (1.5, "fi", "1,5"), (2.0, "fi", "2")])
def test_decimal_numbers_in_the_users_language(value, lang, text):
    from velvoite.messages import number_text

    assert number_text(value, lang) == text


_PREFIX = re.compile(r"^[a-z_][a-z0-9_.]*(\.\{[a-z_ +1]*\})*[a-z0-9_.]*: $")  # "field: ", f"applies.{i}.requirements: "


def _english(node) -> bool:
    """Whether an error's message argument holds words that no catalogue translates: a string or
    f-string literal (a field-name prefix such as "valid_until: " is an identifier, not words)."""
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2,} [A-Za-z]", node.value)) and not _PREFIX.match(node.value)
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)
        return bool(re.search(r"[A-Za-z]{2,} [A-Za-z]", text)) and not re.match(r"^[a-z_][a-z0-9_.{}x]*: $", text)
    return False


def test_no_error_message_is_an_untranslated_literal():
    """Every message an error carries goes through the catalogues (the scan that found the last ones)."""
    errors = {"InputError", "VelvoiteError", "UserError", "ValueError", "ReferenceError_", "UsageError",
              "BadParameter"}
    found = []
    for path in sorted(Path("velvoite").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in errors and _english(node.args[-1]):
                    found.append(f"{path}:{node.lineno}")
    assert not found, found
