"""``report --national -o DIR/``: an index page and one page per county, that do not grow with the
country's records, written as a whole or not at all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from velvoite.cli import main

BASE = ["--config", "examples/velvoite.toml", "report"]
AS_OF = ["--as-of", "2026-11-29"]


def run(*args):
    return CliRunner().invoke(main, [*BASE, *args])


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("set") / "kansallinen"
    result = run("examples/records", "--national", *AS_OF, "--lang", "fi", "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    return out


def links(page: Path) -> list[str]:
    return re.findall(r'href="([^"#:]+\.html)"', page.read_text("utf-8"))


def test_the_index_links_every_county_to_its_page_and_each_page_links_back(national):
    index = national / "index.html"
    targets = links(index)
    pages = sorted(p.name for p in national.iterdir())
    assert sorted(set(targets)) == sorted(p for p in pages if p != "index.html")
    assert "hva-15.html" in targets and "kunta-091.html" in targets  # Helsinki is a row of its own
    for name in set(targets):
        assert links(national / name) == ["index.html"], name
    text = index.read_text("utf-8")
    assert "<details" not in text and 'class="gap' not in text, "the index lists no gap cards"
    assert re.search(r'<a href="hva-15.html">Keski-Suomen hyvinvointialue</a>: \d+ puutetta', text)


def test_a_county_page_is_that_regions_own_report(national, tmp_path):
    alone = tmp_path / "hva-15.html"
    assert run("examples/records", "--region", "hva-15", *AS_OF, "--lang", "fi", "-o", str(alone)).exit_code == 0
    page = (national / "hva-15.html").read_text("utf-8")
    back = '  <p><a href="index.html">← Koko maa</a></p>\n'
    assert back in page
    assert page.replace(back, "") == alone.read_text("utf-8")


def test_the_index_does_not_grow_with_the_records_and_cards_count_what_they_do_not_list(tmp_path):
    records = tmp_path / "records"
    shutil.copytree("examples/records", records)
    many = tmp_path / "more"
    many.mkdir()
    # the same records forty times over (new ids): the findings' statuses stay, their evidence grows
    for path in sorted(records.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        items = data["records"] if isinstance(data, dict) else data
        copies = [{**item, "id": f"{item.get('id', i)}-copy{n}"} for n in range(40) for i, item in enumerate(items)]
        (many / path.name).write_text(yaml.safe_dump(copies, allow_unicode=True), "utf-8")
    small, large = tmp_path / "small", tmp_path / "large"
    assert run(str(records), "--national", *AS_OF, "-o", f"{small}/").exit_code == 0
    assert run(str(records), str(many), "--national", *AS_OF, "-o", f"{large}/").exit_code == 0
    assert (large / "index.html").read_bytes() == (small / "index.html").read_bytes()
    page = (large / "hva-15.html").read_text("utf-8")
    counted = [int(n) for n in re.findall(r"and (\d+) more", page)]
    assert counted and max(counted) >= 40, "a card lists three records and counts the rest"
    assert len(page) < 3 * len((small / "hva-15.html").read_text("utf-8"))


def test_a_folder_of_other_documents_is_never_overwritten(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    theirs = folder / "index.html"
    theirs.write_text("<p>the municipality's own page</p>", "utf-8")
    result = run("examples/records", "--national", *AS_OF, "-o", f"{folder}/")
    assert result.exit_code == 2
    assert f"{theirs}: exists and was not written by velvoite; nothing was written" in result.output
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    assert theirs.read_text("utf-8") == "<p>the municipality's own page</p>"
    theirs.unlink()
    assert run("examples/records", "--national", *AS_OF, "-o", str(folder)).exit_code == 0  # an existing folder
    assert run("examples/records", "--national", *AS_OF, "-o", str(folder)).exit_code == 0  # again: its own pages


@pytest.mark.parametrize("args", [["--region", "hva-15"], ["--national", "--format", "md"]])
def test_a_folder_is_only_for_the_national_html_pages(tmp_path, args):
    result = run("examples/records", *args, *AS_OF, "-o", f"{tmp_path}/out/")
    assert result.exit_code == 2
    assert "a folder takes the national report's pages (--national, html); give a file name" in result.output
    assert not (tmp_path / "out").exists()


def test_a_county_page_since_an_earlier_national_audit_shows_that_countys_changes(tmp_path):
    national_old, region_old = tmp_path / "national-old.json", tmp_path / "region-old.json"
    for scope, path in (([], national_old), (["--region", "hva-15"], region_old)):  # no scope: every organisation
        result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "audit", "examples/records", *scope,
                                           "--as-of", "2025-06-30", "--format", "json", "-o", str(path)])
        assert result.exit_code in (0, 1), result.output
    out = tmp_path / "set"
    assert run("examples/records", "--national", "--as-of", "2025-12-31", "--lang", "fi", "--since", str(national_old),
               "-o", f"{out}/").exit_code == 0
    alone = tmp_path / "alone.html"
    assert run("examples/records", "--region", "hva-15", "--as-of", "2025-12-31", "--lang", "fi", "--since",
               str(region_old), "-o", str(alone)).exit_code == 0
    page = (out / "hva-15.html").read_text("utf-8")
    assert 'id="h-changes"' in page and "Δ" in page
    assert page.replace('  <p><a href="index.html">← Koko maa</a></p>\n', "") == alone.read_text("utf-8")
