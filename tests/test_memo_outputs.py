"""The formats a lawyer pastes into a memo (table, Markdown) carry each finding's legal basis; an
organisation no rule binds is said, with the reason where the registry has one (Åland); derived
evidence ids name the row as the spreadsheet shows it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from velvoite.cli import main

ARGS = ["audit", "examples/records", "--as-of", "2025-12-31"]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [*ARGS, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang,cited", [("fi", "612/2021 6 § 3 mom."), ("sv", "612/2021 6 § 3 mom."),
                                        ("en", "612/2021 s. 6(3)")])
def test_the_table_cites_the_legal_basis_of_each_finding(lang, cited):
    text = run("--org", "Joutsa", "--lang", lang)
    lines = text.splitlines()
    from velvoite.rules import builtin_rules

    title = builtin_rules()["hyte-annual-report"].title.get(lang)  # the duty by its title (issue 25), wrapped
    report = [i for i, line in enumerate(lines) if " ".join(title.split()[:2]) in line]
    assert report and all(any(cited in lines[j] for j in range(i + 1, i + 5)) for i in report)
    assert max(map(len, lines)) <= 80


def test_markdown_links_each_citation_to_finlex():
    text = run("--org", "Joutsa", "--lang", "fi", "--format", "md")
    assert "| Velvoite | Kausi | Määräaika | Tila | Selitys | Oikeusperusta |" in text  # the glossary's words
    row = next(line for line in text.splitlines()
               if line.startswith("| Vuosittainen hyvinvointiraportointi valtuustolle | 2024 |"))
    assert re.search(r"\[612/2021 6 § 3 mom\.\]\(<https://finlex\.fi/fi/lainsaadanto/2021/612#chp_1__sec_6__subsec_3>\)",
                     row)


@pytest.mark.parametrize("fmt", ["table", "md"])
@pytest.mark.parametrize("lang,words", [("fi", "Ahvenanmaalla on näistä asioista oma lainsäädäntönsä"),
                                        ("sv", "Åland har egen lagstiftning"), ("en", "Åland has its own legislation")])
def test_an_aland_municipality_is_not_applicable_with_the_reason(fmt, lang, words):
    text = run("--org", "Sottunga", "--lang", lang, "--format", fmt)
    assert "Sottunga (kunta-766)" in text and words in " ".join(text.split())


def test_an_organisation_no_chosen_rule_binds_is_said():
    text = CliRunner().invoke(main, ["--pack", "pelastus", *ARGS, "--org", "Joutsa"]).output
    assert "Joutsa (kunta-172)" in text and "no obligations under the rules in use" in text


def test_a_derived_id_names_the_spreadsheet_row(tmp_path):
    path = tmp_path / "kunnat.csv"
    path.write_text("org,kind,date,body\n\nJoutsa,hyvinvointiraportti,1.6.2024,lautakunta\n", "utf-8")
    text = CliRunner().invoke(main, [*ARGS, str(path), "--org", "Joutsa", "--format", "csv"]).output
    assert "kunnat.csv#3" in text  # header row 1, a blank row 2, the record on row 3 as Excel shows it
