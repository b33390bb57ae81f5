"""Writes tests/data/invalid_packs/: one small hostile rule pack per folder, each a change of the
valid pack in ``base/``, and ``cases.yaml`` with what the one-line refusal must name (file, line,
field, words). Run it again after changing a case: ``python tests/data/make_invalid_packs.py``.

Each case was found by someone trying to break the pack door (issue 27): a hang, a traceback or a
silent misread on the code before it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "invalid_packs"

MANIFEST = """id: local
title: {fi: Paikallinen, sv: Lokal, en: Local}
tags: [municipality, aland]
fields:
  - id: minutes_url
    type: url
  - id: topic
    type: text
  - id: heard
    type: organisations
kinds:
  - id: local_hearing
    names: {fi: paikallinen kuuleminen, sv: lokalt hörande, en: local hearing}
    fields: [minutes_url, topic, heard]
citation:
  url:
    fi: "https://finlex.fi/fi/lainsaadanto/{year}/{number}"
    sv: "https://finlex.fi/sv/lagstiftning/{year}/{number}"
    en: "https://finlex.fi/fi/lainsaadanto/{year}/{number}"
  anchor: ["chp_{chapter}", "sec_{section}", "subsec_{subsection}"]
  chapters:
    "410/2015": {"22": 5}
  allowed: ["https://finlex.fi/"]
"""

HEARING = """id: local-hearing
severity: duty
title: {fi: Kuuleminen, sv: Hörande, en: Hearing}
summary: {fi: Vuosittainen kuuleminen., sv: Årligt hörande., en: A yearly hearing.}
statute:
  - {act: "410/2015", section: "22 §", subsection: "1 mom.", text: "Valtuuston on pidettävä huolta […].",
     gloss: "The council must see to it […]."}
legal_basis:
  - act: "410/2015"
    title: {fi: Kuntalaki, sv: Kommunallag, en: Local Government Act}
    section: "22"
    subsection: "1"
    valid_from: 2017-06-01
    to: [municipality]
applies:
  - to: [municipality]
    from: 2024-01-01
    period: calendar_year
    requirements: [minutes]
evidence:
  kinds: [local_hearing]
requirements:
  - id: minutes
    field: minutes_url
    present: true
    missing: {fi: pöytäkirja, sv: protokoll, en: published minutes}
"""

HEARING_CASES = """rule: local-hearing
cases:
  - name: met_by_a_hearing_with_minutes
    as_of: 2024-12-31
    from: 2024-01-01
    orgs: [kunta-179]
    records:
      - {id: h1, org: kunta-179, kind: local_hearing, date: 2024-05-01, minutes_url: "https://example.invalid/pk"}
    expect:
      - {org: kunta-179, period: "2024", status: met, evidence: [h1]}
"""

PLAN = """id: local-plan
severity: duty
title: {fi: Suunnitelma, sv: Plan, en: Plan}
summary: {fi: Suunnitelma neljän vuoden välein., sv: Plan vart fjärde år., en: A plan every four years.}
statute:
  - {act: "417/2007", section: "12 §", subsection: "1 mom.", text: "[…] vähintään kerran neljässä vuodessa.",
     gloss: "At least every four years."}
legal_basis:
  - act: "417/2007"
    title: {fi: Lastensuojelulaki, sv: Barnskyddslag, en: Child Welfare Act}
    section: "12"
    subsection: "1"
    valid_from: 2008-01-01
    to: [municipality]
applies:
  - to: [municipality]
    except: [aland]
    from: 2008-01-01
    period: rolling
    interval: P4Y
    first_deadline: 2011-12-31
evidence:
  kinds: [welfare_report_and_plan]
"""

PLAN_CASES = """rule: local-plan
cases:
  - name: first_instance_met
    as_of: 2014-01-01
    from: 2008-01-01
    orgs: [kunta-179]
    records:
      - {id: p1, org: kunta-179, kind: welfare_report_and_plan, date: 2011-06-01, body: valtuusto}
    expect:
      - {org: kunta-179, period: "2008-01-01/2011-12-31", status: met, evidence: [p1]}
      - {org: kunta-179, period: "2011-06-02/2015-06-01", status: due}
"""

BASE = {"pack.yaml": MANIFEST, "local-hearing.yaml": HEARING, "local-hearing.cases.yaml": HEARING_CASES,
        "local-plan.yaml": PLAN, "local-plan.cases.yaml": PLAN_CASES}


def changed(file: str, old: str, new: str, count: int = 1) -> dict:
    text = BASE[file]
    assert text.count(old) >= count, (file, old)
    return {file: text.replace(old, new, count)}


ALIASES = "\n".join(["statute:", "  - &s {act: \"410/2015\", section: \"22 §\", subsection: \"1 mom.\", text: x, "
                     "gloss: y}", *["  - *s"] * 20_000])

# Each case: files changed from base (None: not written; ("link", target); (encoding, text)), the file the
# message names (default: the first changed), its line (or ``mark``: text on that line, (text, nth)), field,
# words, ``run`` (rules: velvoite --rules PACK rules; test: velvoite test PACK; audit: an audit of records.yaml
# from 2008, which looped for ever before) and ``packs`` (default: the folder).
CASES: dict[str, dict] = {
    # hangs
    "rolling_interval_p0y": dict(files=changed("local-plan.yaml", "P4Y", "P0Y"), field="applies.0.interval",
                                 text="'P0Y' is not an interval of 1 to 100 years", mark="interval:", run="audit"),
    "rolling_interval_p0m": dict(files=changed("local-plan.yaml", "P4Y", "P0M"), field="applies.0.interval",
                                 text="'P0M' is not an interval", mark="interval:", run="audit"),
    "rolling_interval_p1000y": dict(files=changed("local-plan.yaml", "P4Y", "P1000Y"), field="applies.0.interval",
                                    text="'P1000Y' is not an interval", mark="interval:"),
    "rolling_first_deadline_before_from": dict(
        files=changed("local-plan.yaml", "first_deadline: 2011-12-31", "first_deadline: 2001-12-31"),
        field="applies.0.first_deadline", text="2001-12-31 is not after from 2008-01-01", mark="first_deadline:",
        run="audit"),
    "counts_from_after_from": dict(
        files=changed("local-plan.yaml", "first_deadline: 2011-12-31", "first_deadline: 2011-12-31\n    counts_from: 2009-01-01"),
        field="applies.0.counts_from", text="2009-01-01 must be before from 2008-01-01", mark="counts_from:"),
    "alias_bomb": dict(files=changed("local-hearing.yaml", BASE["local-hearing.yaml"][
        BASE["local-hearing.yaml"].index("statute:"):BASE["local-hearing.yaml"].index("legal_basis:")], ALIASES + "\n"),
        field=None, text="aliases expand to more than 10,000 values", mark="- &s"),
    "date_far_in_the_future": dict(files=changed("local-hearing.yaml", "from: 2024-01-01", "from: 9999-01-01"),
                                   field="applies.0.from", text="9999-01-01 is outside 1900-01-01..2199-12-31",
                                   mark="from: 9999"),
    # tracebacks
    "citation_unknown_placeholder": dict(files=changed("pack.yaml", "lainsaadanto/{year}", "lainsaadanto/{yaer}"),
                                         file="pack.yaml", field="citation.url.fi",
                                         text="{yaer} is not a placeholder here (choose {year}, {number})",
                                         mark="lainsaadanto/{yaer}"),
    "citation_empty_placeholder": dict(files=changed("pack.yaml", "lagstiftning/{year}", "lagstiftning/{}"),
                                       file="pack.yaml", field="citation.url.sv", text="{} is not a placeholder here",
                                       mark="lagstiftning/{}"),
    "citation_unbalanced_brace": dict(files=changed("pack.yaml", "lainsaadanto/{year}/{number}\"\n    sv",
                                                    "lainsaadanto/{year/{number}\"\n    sv"),
                                      file="pack.yaml", field="citation.url.fi", text="has an unbalanced brace",
                                      mark="{year/"),
    "citation_anchor_without_placeholder": dict(files=changed("pack.yaml", '"chp_{chapter}"', '"chp"'),
                                                file="pack.yaml", field="citation.anchor.0",
                                                text="holds 0 placeholders, an anchor part one", mark="anchor:"),
    "citation_javascript_prefix": dict(files=changed("pack.yaml", 'allowed: ["https://finlex.fi/"]',
                                                     'allowed: ["javascript:"]'),
                                       file="pack.yaml", field="citation.allowed.0", text="is not a web address",
                                       mark="allowed:"),
    "recommended_months_out_of_range": dict(
        files=changed("local-hearing.yaml", "period: calendar_year", "period: calendar_year\n    recommended_months: 100000"),
        field="applies.0.recommended_months", text="100000 is not a number of months from 1 to 120",
        mark="recommended_months:"),
    "cover_field_is_text": dict(
        files=changed("local-hearing.yaml", "period: calendar_year", "period: calendar_year\n    cover_field: topic\n"
                      "    cover: [members]"),
        field="applies.0.cover_field", text="'topic' is not a list of organisations", mark="cover_field:"),
    "rule_file_is_a_folder": dict(files={"local-hearing.yaml": None, "local-hearing.yaml/notes.txt": "a folder\n"},
                                  file="local-hearing.yaml", line=None, field=None, text="a folder, not a file"),
    "rule_file_is_a_dangling_link": dict(files={"local-extra.yaml": ("link", "nowhere.yaml")},
                                         file="local-extra.yaml", line=None, field=None,
                                         text="a link to nothing"),
    "rule_file_in_latin_1": dict(files={"local-hearing.yaml": ("latin-1", HEARING.replace("…", "..."))}, field=None,
                                 text="not UTF-8 text (it looks like Windows-1252 (ANSI)): save the file as UTF-8",
                                 mark="title:"),
    "rule_title_with_a_terminal_escape": dict(
        files=changed("local-hearing.yaml", "title: {fi: Kuuleminen,", 'title: {fi: "\\e[31mKuuleminen\\e[0m",'),
        field="title.fi", text="contains the control character U+001B", mark="title:"),
    "pack_title_with_a_terminal_escape": dict(
        files=changed("pack.yaml", "title: {fi: Paikallinen,", 'title: {fi: "Paikallinen\\e]0;owned\\a",'),
        file="pack.yaml", field="title.fi", text="contains the control character U+001B", mark="title:"),
    # silent misreads
    "kind_named_like_a_built_in_kind": dict(
        files=changed("pack.yaml", "fi: paikallinen kuuleminen", "fi: strategian hyväksyminen"),
        file="pack.yaml", field="kinds.0.names.fi",
        text="'strategian hyväksyminen' already names kind 'strategy_approval'", mark="names:"),
    "kind_id_is_a_built_in_kinds_other_name": dict(
        files=changed("pack.yaml", "id: local_hearing", "id: hyvinvointikertomus") | changed(
            "local-hearing.yaml", "kinds: [local_hearing]", "kinds: [hyvinvointikertomus]"),
        file="pack.yaml", field="kinds.0.id", text="'hyvinvointikertomus' already names kind 'welfare_report_and_plan'",
        mark="id: hyvinvointikertomus"),
    "built_in_kind_redeclared": dict(
        files=changed("pack.yaml", "kinds:\n", "kinds:\n  - id: strategy_approval\n    names: {fi: oma, sv: egen, "
                      "en: own}\n"),
        file="pack.yaml", field="kinds.0.id", text="kind 'strategy_approval' is already declared otherwise",
        mark="id: strategy_approval"),
    "kind_declared_twice": dict(
        files=changed("pack.yaml", "citation:", "  - id: local_hearing\n    names: {fi: toinen, sv: annan, en: other}\n"
                      "citation:"),
        file="pack.yaml", field="kinds.1.id", text="'local_hearing' is declared twice in this pack (first as kinds.0)",
        mark=("id: local_hearing", 2)),
    "two_kinds_with_one_name": dict(
        files=changed("pack.yaml", "citation:", "  - id: local_hearing_two\n    names: {fi: paikallinen kuuleminen, "
                      "sv: annan, en: other}\ncitation:"),
        file="pack.yaml", field="kinds.1.names.fi", text="already names kind 'local_hearing'",
        mark="names: {fi: paikallinen kuuleminen, sv: annan"),
    "two_user_packs_define_one_rule": dict(
        files={name: None for name in BASE} | {f"first/{n}": t for n, t in BASE.items()}
        | {f"second/{n}": t for n, t in BASE.items() if n != "pack.yaml"},
        packs=["first", "second"], file="second/local-hearing.yaml", line=1, field="id",
        text="rule 'local-hearing' is also defined in"),
    "one_pack_given_twice": dict(files={}, packs=[".", "."], file=".", line=None, field=None,
                                 text="this rule pack is given twice"),
    "until_before_from": dict(files=changed("local-hearing.yaml", "from: 2024-01-01", "from: 2024-01-01\n    until: 2023-12-31"),
                              field="applies.0.until", text="2023-12-31 is before from 2024-01-01", mark="until:"),
    "legal_basis_ends_before_it_begins": dict(
        files=changed("local-hearing.yaml", "valid_from: 2017-06-01", "valid_from: 2017-06-01\n    valid_until: 2016-12-31"),
        field="legal_basis.0.valid_until", text="2016-12-31 is before valid_from 2017-06-01", mark="valid_until:"),
    "evidence_kinds_empty": dict(files=changed("local-hearing.yaml", "kinds: [local_hearing]", "kinds: []"),
                                 field="evidence.kinds", text="no kind of record is evidence", mark="kinds: []"),
    "applies_empty": dict(files=changed("local-hearing.yaml", "applies:\n  - to: [municipality]\n    from: 2024-01-01\n"
                                        "    period: calendar_year\n    requirements: [minutes]\n", "applies: []\n"),
                          field="applies", text="an empty list: the rule could never apply", mark="applies: []"),
    "cover_unknown_organisation": dict(
        files=changed("local-hearing.yaml", "period: calendar_year", "period: calendar_year\n    cover: [members, hsu]"),
        field="applies.0.cover.1", text="'hsu' is neither members nor an organisation id", mark="cover:"),
    "requirement_unknown_placeholder": dict(
        files=changed("local-hearing.yaml", "    present: true\n", "    contains: \"{kunta}\"\n")
        | {"pack.yaml": MANIFEST.replace("type: url", "type: choices\n    values: [a, b]")},
        field="requirements.0.contains", text="'{kunta}' is not a placeholder velvoite knows", mark="contains:"),
    "requirement_body_misspelt": dict(
        files=changed("local-hearing.yaml", "    field: minutes_url\n    present: true\n",
                      "    field: body\n    equals: councl\n"),
        field="requirements.0.equals", text="'councl' is not one of its values (council, board, committee, officer, "
        "other) (did you mean 'council'?)", mark="equals:"),
    "key_read_as_true": dict(files=changed("local-hearing.yaml", "severity: duty\n", "severity: duty\ntrue: x\n"),
                             field="true", text="a key must be text: put it in quotes", mark="true: x"),
    "key_read_as_null": dict(files=changed("local-hearing.yaml", "title: {fi: Kuuleminen,", "title: {null: x, fi: Kuuleminen,"),
                             field="title.null", text="a key must be text: put it in quotes", mark="null: x"),
    "key_read_as_a_number": dict(files=changed("local-hearing.yaml", "severity: duty\n", "severity: duty\n1.5: x\n"),
                                 field="1.5", text="a key must be text: put it in quotes", mark="1.5: x"),
    "requirement_yes_no_equals_text": dict(
        files=changed("local-hearing.yaml", "    field: minutes_url\n    present: true\n",
                      "    field: resources\n    equals: kyllä\n")
        | {"pack.yaml": MANIFEST.replace("  - id: topic\n", "  - id: resources\n    type: yes_no\n  - id: topic\n")
           .replace("fields: [minutes_url, topic, heard]", "fields: [minutes_url, topic, heard, resources]")},
        field="requirements.0.equals", text="a yes_no field equals true or false (got 'kyllä')", mark="equals:"),
    "requirement_equals_the_county_placeholder": dict(
        files=changed("local-hearing.yaml", "    field: minutes_url\n    present: true\n",
                      "    field: heard\n    equals: \"{county}\"\n"),
        field="requirements.0.equals", text="'{county}' is not a placeholder velvoite knows", mark="equals:"),
    "deadline_override_for_a_year_before_the_duty": dict(
        files=changed("local-hearing.yaml", "period: calendar_year",
                      "period: calendar_year\n    deadline_overrides: {\"2019\": 2020-06-30}"),
        field="applies.0.deadline_overrides", text="no period '2019' of this entry ever occurs",
        mark="deadline_overrides:"),
    "interval_on_a_yearly_duty": dict(
        files=changed("local-hearing.yaml", "period: calendar_year", "period: calendar_year\n    interval: P4Y"),
        field="applies.0.interval", text="only a rolling duty has it (this one is calendar_year)", mark="interval:"),
    "javascript_link": dict(
        files=changed("local-hearing.yaml", "    valid_from: 2017-06-01", "    url: \"javascript:alert(1)\"\n"
                      "    valid_from: 2017-06-01"),
        field="legal_basis.0.url", text="'javascript:alert(1)' is not a web address", mark="url:"),
    "second_document_in_a_rule": dict(files={"local-hearing.yaml": HEARING + "---\nid: local-other\n"},
                                      field=None, text="a second YAML document (after ---)", mark="id: local-other"),
    "second_document_in_the_manifest": dict(files={"pack.yaml": MANIFEST + "---\nid: other\n"}, file="pack.yaml",
                                            field=None, text="a second YAML document", mark="id: other"),
    "cases_name_another_rule": dict(files=changed("local-hearing.cases.yaml", "rule: local-hearing", "rule: local-plan"),
                                    file="local-hearing.cases.yaml", field="rule", run="test",
                                    text="the cases name rule 'local-plan', but they sit beside 'local-hearing'",
                                    mark="rule:"),
    "cases_beside_no_rule": dict(files={"local-heraing.cases.yaml": HEARING_CASES}, file="local-heraing.cases.yaml",
                                 line=None, field=None, text="cases beside no rule"),
    "rule_saved_as_yml": dict(files={"local-extra.yml": HEARING.replace("local-hearing", "local-extra")},
                              file="local-extra.yml", line=None, field=None,
                              text="velvoite reads pack files named .yaml, not .yml: rename it local-extra.yaml"),
    "pack_id_of_a_built_in_pack": dict(files=changed("pack.yaml", "id: local\n", "id: hyte\n"), file="pack.yaml",
                                       field="id", text="'hyte' is the id of a built-in pack", mark="id: hyte"),
    "manifest_is_a_folder": dict(files={"pack.yaml": None, "pack.yaml/notes.txt": "a folder\n"}, file="pack.yaml",
                                 line=None, field=None, text="a folder, not a file"),
    # the words of velvoite harvest (issue 30): a kind's harvest block is validated like the rest
    "harvest_body_misspelt": dict(
        files=changed("pack.yaml", "    fields: [minutes_url, topic, heard]\n",
                      "    fields: [minutes_url, topic, heard]\n    harvest:\n      titles: {fi: [kuuleminen]}\n"
                      "      bodies: [counsil]\n"),
        file="pack.yaml", field="kinds.0.harvest.bodies", text="(did you mean 'council'?)", mark="bodies: [counsil]"),
    "harvest_phrase_too_short": dict(
        files=changed("pack.yaml", "    fields: [minutes_url, topic, heard]\n",
                      "    fields: [minutes_url, topic, heard]\n    harvest:\n      titles: {fi: [ku]}\n"
                      "      bodies: [council]\n"),
        file="pack.yaml", field="kinds.0.harvest.titles.fi.0", text="'ku' is too short to match", mark="titles: {fi: [ku]}"),
    "harvest_unknown_key": dict(
        files=changed("pack.yaml", "    fields: [minutes_url, topic, heard]\n",
                      "    fields: [minutes_url, topic, heard]\n    harvest:\n      titles: {fi: [kuuleminen]}\n"
                      "      bodies: [council]\n      excluded: {fi: [lausunto]}\n"),
        file="pack.yaml", field="kinds.0.harvest.excluded", text="unknown field", mark="excluded: {fi: [lausunto]}"),
}


def write() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    expect = {}
    for rel, content in BASE.items():
        (OUT / "base").mkdir(parents=True, exist_ok=True)
        (OUT / "base" / rel).write_text(content, "utf-8")
    for name, case in CASES.items():
        folder = OUT / name
        files = {n: t for n, t in BASE.items()} | case["files"]
        for rel, content in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                continue
            if isinstance(content, tuple) and content[0] == "link":
                os.symlink(content[1], path)
            elif isinstance(content, tuple):
                path.write_bytes(content[1].encode(content[0]))
            else:
                path.write_text(content, "utf-8")
        file = case.get("file") or next(iter(case["files"]))
        line = case.get("line")
        if "mark" in case:
            text = (files[file][1] if isinstance(files[file], tuple) else files[file])
            mark, nth = case["mark"] if isinstance(case["mark"], tuple) else (case["mark"], 1)
            line = [i for i, ln in enumerate(text.splitlines(), 1) if mark in ln][nth - 1]
        expect[name] = {"file": file, "line": line, "field": case["field"], "text": case["text"],
                        "run": case.get("run", "rules"), "packs": case.get("packs", ["."])}
    (OUT / "records.yaml").write_text("- {id: p1, org: kunta-179, kind: welfare_report_and_plan, date: 2011-06-01, "
                                      "body: valtuusto}\n", "utf-8")
    header = "# Written by make_invalid_packs.py: each hostile pack, and what its one-line refusal names.\n"
    (OUT / "cases.yaml").write_text(header + yaml.safe_dump(expect, allow_unicode=True, sort_keys=True, width=120),
                                    "utf-8")


if __name__ == "__main__":
    write()
