"""Organisations, name resolution, council terms and periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from velvoite.periods.period import calendar_years, months_after, terms
from velvoite.errors import ReferenceError_
from velvoite.records.body import normalise_body
from velvoite.records.model import parse_date
from velvoite.registry import load_registry

REG = load_registry()


def test_counts():
    municipalities = [o for o in REG.orgs.values() if o.kind == "municipality"]
    assert len([o for o in municipalities if o.exists_on(dt.date(2025, 1, 1))]) == 308
    assert len([o for o in municipalities if o.exists_on(dt.date(2024, 12, 31))]) == 309
    assert len([o for o in REG.orgs.values() if o.kind == "county"]) == 21
    assert len([o for o in municipalities if "aland" in o.tags]) == 16


@pytest.mark.parametrize("ref", ["Jyväskylä", "jyväskylä", "179", "kunta-179", "JYVÄSKYLÄ"])
def test_municipality_names(ref):
    assert REG.resolve(ref).id == "kunta-179"


@pytest.mark.parametrize("ref", ["Keski-Suomen hyvinvointialue", "Mellersta Finlands välfärdsområde", "hva-15"])
def test_county_names(ref):
    assert REG.resolve(ref).id == "hva-15"


def test_helsinki_hus_aland_pertunmaa():
    helsinki = REG.resolve("Helsingfors")
    assert helsinki.id == "kunta-091" and helsinki.county is None and "helsinki" in helsinki.tags
    assert REG.resolve("HUS-yhtymä").id == "hus"
    assert REG.resolve("hus").tags == {"hus"}  # a duty bearer of its own (615/2021 § 8), no municipality or county
    assert REG.resolve("Mariehamn").tags >= {"aland"}
    pertunmaa = REG.resolve("Pertunmaa")
    assert pertunmaa.valid_until == dt.date(2024, 12, 31) and pertunmaa.county == "hva-12"
    assert "kunta-588" in REG.members("hva-12", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert "kunta-588" not in REG.members("hva-12", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert {o.id for o in REG.region("hva-01")} >= {"hva-01", "kunta-018"}
    assert REG.resolve("Espoo").tags >= {"uusimaa"}


def test_unknown_name_suggests():
    with pytest.raises(ReferenceError_, match="did you mean 'Jyväskylä'"):
        REG.resolve("Jyvaskyla")


def test_terms_follow_the_general_rule():
    municipal = [(t.label, t.start, t.end) for t in REG.term_list("municipal", dt.date(2034, 1, 1))]
    assert ("2017-2021", dt.date(2017, 6, 1), dt.date(2021, 7, 31)) in municipal
    assert ("2029-2033", dt.date(2029, 6, 1), dt.date(2033, 5, 31)) in municipal
    assert municipal[-1][0] == "2033-2037"


@pytest.mark.parametrize("word,body", [("kunnanvaltuusto", "council"), ("Aluevaltuusto", "council"),
                                       ("stadsfullmäktige", "council"), ("kaupunginhallitus", "board"),
                                       ("kommunstyrelsen", "board"), ("sivistyslautakunta", "committee"),
                                       ("bildningsnämnden", "committee"), ("viranhaltija", "officer"),
                                       ("council", "council"), ("tarkastusvaliokunta", "committee"),
                                       # HUS-yhtymä's highest body and its board (615/2021 § 8(3))
                                       ("yhtymävaltuusto", "council"), ("HUS-yhtymän valtuusto", "council"),
                                       ("samkommunsfullmäktige", "council"), ("yhtymähallitus", "board"),
                                       ("HUS-yhtymän hallitus", "board")])
def test_body_words(word, body):
    assert normalise_body(word) == body


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_parse_in_both_notations(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day


@given(st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2060, 1, 1)))
def test_every_day_from_2013_is_in_exactly_one_municipal_term(day):
    found = [t for t in terms(REG, "municipal", day, day) if t.contains(day)]
    assert len(found) == 1


@given(st.dates(min_value=dt.date(2022, 3, 1), max_value=dt.date(2060, 1, 1)))
def test_every_day_from_1_3_2022_is_in_exactly_one_regional_term(day):
    assert len([t for t in terms(REG, "regional", day, day) if t.contains(day)]) == 1


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 1, 1)),
       st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 1, 1)))
def test_calendar_years_tile_the_range(a, b):
    lo, hi = min(a, b), max(a, b)
    years = calendar_years(lo, hi)
    assert years[0].start <= lo and years[-1].end >= hi
    for x, y in zip(years, years[1:]):
        assert y.start - x.end == dt.timedelta(days=1)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 1, 1)), st.integers(1, 48))
def test_months_after_is_the_day_before_the_anniversary(start, months):
    end = months_after(start, months)
    assert start <= end
    assert months_after(start, months) < months_after(start, months + 1)


def test_intervals_of_rolling_duties():
    from velvoite.periods.period import add_interval

    assert add_interval(dt.date(2020, 2, 29), "P1Y") == dt.date(2021, 2, 28)  # 29.2 -> 28.2
    assert add_interval(dt.date(2011, 6, 1), "P4Y") == dt.date(2015, 6, 1)
    assert add_interval(dt.date(2024, 8, 31), "P6M") == dt.date(2025, 2, 28)
    with pytest.raises(ValueError):
        add_interval(dt.date(2024, 1, 1), "4 years")


def test_rolling_cases_pass_on_every_engine():
    from click.testing import CliRunner

    from velvoite.cli import main

    result = CliRunner().invoke(main, ["test", "tests/data/packs/rolling"])
    assert result.exit_code == 0 and "FAILED" not in result.output, result.output


def test_every_period_kind_a_rule_may_name_is_a_plug_in():
    import pytest
    from pydantic import TypeAdapter, ValidationError

    from velvoite.periods.kinds import KINDS, PeriodKind
    from velvoite.rules.schema import PERIOD_KINDS, PeriodKind as PeriodName

    assert PERIOD_KINDS == tuple(KINDS)  # the rule format's names are the plug-ins', in their order
    names = TypeAdapter(PeriodName)
    assert all(names.validate_python(k) == k and isinstance(KINDS[k], PeriodKind) for k in KINDS)
    with pytest.raises(ValidationError, match="did you mean 'rolling'"):
        names.validate_python("roling")
    assert [name for name, k in KINDS.items() if k.standing] == ["standing"]
