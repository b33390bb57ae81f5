"""Finnish and Swedish as users type them: regions by region or county name and short forms, yes/no
as Finnish and Swedish Excel write it, dates with two-digit years as LibreOffice saves them, kinds by
what people call them, each with "did you mean"."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from velvoite.cli import main
from velvoite.records import load_records
from velvoite.records.fields import parse_date


@pytest.mark.parametrize("name,county", [
    ("Lappi", "hva-21"), ("Lapin hyvinvointialue", "hva-21"), ("Lapin HVA", "hva-21"), ("lapin hva", "hva-21"),
    ("Lappland", "hva-21"), ("Lapplands välfärdsområde", "hva-21"), ("Kainuu", "hva-20"), ("Kajanaland", "hva-20"),
    ("Keski-Suomi", "hva-15"), ("Mellersta Finland", "hva-15"), ("Pohjanmaa", "hva-17"), ("Vantaa-Kerava", "hva-04"),
    ("Vantaan ja Keravan HVA", "hva-04"), ("21", "hva-21"),
])
def test_a_region_by_its_region_or_county_name(registry, name, county):
    assert registry.lookup(name).id == county
    result = CliRunner().invoke(main, ["orgs", "--region", name])
    assert result.exit_code == 0 and result.output.startswith(county)


@pytest.mark.parametrize("typed,suggested", [("Lapi", "Lappi"), ("Lapin HV", "Lapin HVA"), ("Kainu", "Kainuu")])
def test_a_mistyped_region_suggests_the_region(typed, suggested):
    result = CliRunner().invoke(main, ["orgs", "--region", typed])
    assert result.exit_code == 2 and f"did you mean {suggested!r}" in result.output


def test_other_names_never_shadow_an_official_name(registry):
    for org_id, names in registry.other_names().items():
        for name in names:
            found = registry.lookup(name)
            assert found.id == org_id, (name, found.id)
    assert registry.lookup("Uusimaa") is None  # four counties and Helsinki: no one county


@pytest.mark.parametrize("word,value", [("TOSI", True), ("EPÄTOSI", False), ("SANT", True), ("FALSKT", False),
                                        ("kyllä", True), ("ei", False), ("ja", True), ("nej", False), ("x", True),
                                        ("Kyllä", True), ("", None)])
def test_yes_and_no_as_offices_write_them(tmp_path, registry, word, value):
    path = tmp_path / "r.csv"
    path.write_text(f"org,kind,date,body,hyte_goals\nJoutsa,strategia,1.3.2022,valtuusto,{word}\n", "utf-8")
    [record] = load_records([path], registry)
    assert record.kind == "strategy_approval" and record.get("hyte_goals") is value


def test_a_mistyped_yes_is_named_with_a_suggestion(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("org,kind,date,body,hyte_goals\nJoutsa,strategia,1.3.2022,valtuusto,tosii\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and f"{path}:2: column 'hyte_goals': 'tosii' is not yes or no" in result.output
    assert "did you mean 'tosi'" in result.output


@pytest.mark.parametrize("text,day", [("14.3.2025", (2025, 3, 14)), ("14.03.2025", (2025, 3, 14)),
                                      ("14.03.25", (2025, 3, 14)), ("1.1.00", (2000, 1, 1)),
                                      ("2025-03-14", (2025, 3, 14))])
def test_dates_as_offices_write_them(text, day):
    assert parse_date(text) == dt.date(*day)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.booleans(), st.booleans())
def test_every_finnish_form_of_a_date_reads_back(day, padded, short):
    d, m = (f"{day.day:02}", f"{day.month:02}") if padded else (str(day.day), str(day.month))
    year = f"{day.year % 100:02}" if short else str(day.year)
    assert parse_date(f"{d}.{m}.{year}") == day
    assert parse_date(dt.datetime(day.year, day.month, day.day, 13, 45)) == day  # a datetime cell keeps its date


def test_two_digit_years_are_noted_once_per_file(tmp_path):
    path = tmp_path / "kunnat.csv"
    path.write_text("org,kind,date,body\nJoutsa,hyvinvointiraportti,14.03.25,valtuusto\n"
                    "Joutsa,hyvinvointiraportti,1.12.24,valtuusto\nJoutsa,hyvinvointikertomus,1.6.2025,valtuusto\n",
                    "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "two-digit years" in line]
    assert notes == [f"{path}: two-digit years are read as 20YY (line 2: 14.03.25 is 2025-03-14)"]
    assert "3 records OK" in result.output


@pytest.mark.parametrize("typed,kind", [("hyvinvointikertomus", "welfare_report_and_plan"),
                                        ("välfärdsberättelse", "welfare_report_and_plan"),
                                        ("yhteistyöneuvottelu", "cooperation_negotiation"),
                                        ("Kuntastrategia", "strategy_approval"),
                                        ("hyvinvointiraportti", "annual_welfare_report")])
def test_kinds_by_what_people_call_them(tmp_path, registry, typed, kind):
    path = tmp_path / "r.csv"
    path.write_text(f"org,kind,date,body\nJoutsa,{typed},1.6.2025,valtuusto\n", "utf-8")
    assert load_records([path], registry)[0].kind == kind


def test_a_mistyped_kind_suggests_the_word_people_use(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("org,kind,date,body\nJoutsa,hyvinvontikertomus,1.6.2025,valtuusto\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "did you mean 'hyvinvointikertomus'" in result.output


def test_every_other_name_of_a_kind_means_that_kind():
    from velvoite.records.kinds import catalogue, kind_named

    for kind in catalogue().values():
        for name in kind.other_names:
            assert kind_named(name) == kind.id, (name, kind.id)
