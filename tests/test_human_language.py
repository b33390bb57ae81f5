"""Issue 25: the outputs meant for people speak the reader's language all the way down. Over the
example region, in Finnish and Swedish, the terminal table, the memo, the calendar, the gap report in
HTML, XLSX and CSV (also with its changes since an earlier audit, and the national workbook),
``velvoite rules`` (the list and one rule) and the year clock name no rule id, no kind id, no
organisation id, no English status word and no ISO date, outside links, file names and the machine
columns README.md names (glossary.MACHINE), and an id labelled as one beside the words."""

from __future__ import annotations

import html.parser
import io
import re

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.records.kinds import kind_ids
from velvoite.rules import builtin_rules
from velvoite.words.glossary import MACHINE

EX = "examples/records"
SCOPE = ["--config", "examples/velvoite.toml"]
AUDIT = [EX, "--region", "hva-15", "--as-of", "2026-11-29"]
ENGLISH_STATUS = {"met", "partial", "missing", "due", "upcoming", "waived", "standing", "not_evidenced", "late"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# links and file names (a record without an id is named by its file: kunnat-2023-2026.csv#14)
LINKS = re.compile(r"https?://[^\s\"'<>)\]]+|\S+\.(?:yaml|yml|json|csv|xlsx|ods|ics|html)(?:#\d+)?\b")
# an id quoted beside the words, labelled as one: "(velvoitteen tunnus: hyte-annual-report)"
LABELLED = re.compile("(?:" + "|".join(re.escape(label) for words in MACHINE.values() for label in words.values()
                                       if " " in label) + r"): [\w\-]+")
WORD = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_\-]*[A-Za-z0-9_])?")
BESIDE = re.compile(r" \(([\w\-]+)\)")  # an id in brackets after the words it stands beside


def offences(text: str) -> list[str]:
    """Every rule id, kind id, organisation id, English status word and ISO date in ``text`` outside
    links and file names; an organisation's id may stand in brackets beside its name
    ("Jyväskylä (kunta-179)"), never instead of it."""
    from velvoite.registry import load_registry

    orgs = set(load_registry().orgs)
    ids = set(builtin_rules()) | set(kind_ids()) | orgs
    found = []
    for line in text.splitlines():
        bare = LABELLED.sub(" ", LINKS.sub(" ", line))
        bare = BESIDE.sub(lambda m: " " if m[1] in orgs and WORD.search(m.string[:m.start()]) else m[0], bare)
        found += [f"{w!r} in {line.strip()[:120]!r}" for w in WORD.findall(bare) if w in ids or w in ENGLISH_STATUS]
        found += [f"{d!r} in {line.strip()[:120]!r}" for d in ISO_DATE.findall(bare)]
    return found


class _Visible(html.parser.HTMLParser):
    """The text a reader sees (and hears: alt, title, aria-label), without style sheets."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "script")
        self.parts += [v for k, v in attrs if k in ("title", "alt", "aria-label") and v]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "\n".join(parser.parts)


def calendar_words(ics: bytes) -> str:
    """What a calendar shows people: the summaries, descriptions, categories and calendar name
    (UID and the X- properties are for machines)."""
    import icalendar

    cal = icalendar.Calendar.from_ical(ics)
    out = [str(cal.get("X-WR-CALNAME", ""))]
    for component in cal.walk():
        for name in ("SUMMARY", "DESCRIPTION"):
            if name in component:
                out.append(str(component[name]))
        if "CATEGORIES" in component:
            out += [str(c) for c in component["CATEGORIES"].cats]
    return "\n".join(out)


def sheet_words(rows: list[list], lang: str) -> str:
    """A sheet's cells, without the machine columns (by their header in ``lang``: a row holding one
    heads the table below it, such as the summary's table under its title)."""
    machine = set(MACHINE[lang].values())
    out = []
    for table in rows:
        keep = None
        for row in table:
            if any(str(cell) in machine for cell in row):
                keep = [i for i, head in enumerate(row) if str(head) not in machine]
            shown = range(len(row)) if keep is None else keep
            out.append("\t".join("" if row[i] is None else (row[i].strftime("%d.%m.%Y") if hasattr(row[i], "strftime")
                                                            else str(row[i])) for i in shown if i < len(row)))
    return "\n".join(out)


def run(*args, binary=False):
    result = CliRunner().invoke(main, [*SCOPE, *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes if binary else result.stdout


def workbook_rows(data: bytes) -> list[list[list]]:
    from openpyxl import load_workbook

    return [[list(r) for r in ws.iter_rows(values_only=True)] for ws in load_workbook(io.BytesIO(data)).worksheets]


def outputs(lang: str, tmp_path) -> dict[str, str]:
    import csv

    rule = run("rules", "--lang", lang)
    xlsx = tmp_path / f"report.{lang}.xlsx"
    run("report", *AUDIT, "--lang", lang, "-o", str(xlsx))
    national = tmp_path / f"national.{lang}.xlsx"  # the counties' rows, and the municipalities they miss
    run("report", EX, "--national", "--as-of", "2026-11-29", "--lang", lang, "-o", str(national))
    csv_text = run("report", *AUDIT, "--lang", lang, "--format", "csv").lstrip("\ufeff")
    earlier = tmp_path / "earlier.json"  # report --since: what changed, by duty title
    CliRunner().invoke(main, [*SCOPE, "audit", EX, "--region", "hva-15", "--as-of", "2025-06-30", "--format", "json",
                              "-o", str(earlier)])
    since = [*AUDIT, "--lang", lang, "--since", str(earlier)]
    return {
        "table": run("audit", *AUDIT, "--lang", lang),
        "memo": run("audit", *AUDIT, "--lang", lang, "--format", "md"),
        "calendar": calendar_words(run("calendar", *AUDIT, "--lang", lang, binary=True)),
        "report html": visible(run("report", *AUDIT, "--lang", lang, "--include", "advice,incentive", "--format", "html")),
        "report xlsx": sheet_words(workbook_rows(xlsx.read_bytes()), lang),
        "report csv": sheet_words([list(csv.reader(io.StringIO(csv_text), delimiter=";"))], lang),
        "national xlsx": sheet_words(workbook_rows(national.read_bytes()), lang),
        "report since md": run("report", *since, "--format", "md"),
        "report since html": visible(run("report", *since, "--format", "html")),
        "rules": rule,
        "rule": "\n".join(run("rules", r, "--lang", lang) for r in ("hyte-annual-report", "regional-youth-council",
                                                                    "rescue-service-level-decision")),
        "yearclock": visible(run("yearclock", *AUDIT, "--lang", lang)),
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_human_outputs_speak_the_language(lang, tmp_path):
    bad = {name: offences(text) for name, text in outputs(lang, tmp_path).items()}
    assert {name: found[:5] for name, found in bad.items() if found} == {}


def test_the_scan_sees_what_it_must_refuse():
    """The scan is not blind: an id, an English status and an ISO date are found; links and file
    names are not."""
    assert len(offences("hyte-annual-report met 2024-01-01 welfare_report_and_plan kunta-179")) == 5
    assert offences("https://finlex.fi/2024-01-01/hyte-annual-report kunnat-2023-2026.csv#14 1.1.2024") == []
    assert offences("Vuosittainen hyvinvointiraportointi (velvoitteen tunnus: hyte-annual-report)") == []
    assert len(offences("Vuosittainen hyvinvointiraportointi (hyte-annual-report)")) == 1
    assert offences("Jyväskylä (kunta-179)") == []  # an organisation's id beside its name
    assert len(offences("Puuttuu: kunta-256, kunta-435")) == 2


def _leaves(command, path=()):
    import click

    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _leaves(sub, (*path, name))
    else:
        yield " ".join(path), command


def test_every_command_takes_lang():
    missing = [name for name, command in _leaves(main) if not any("--lang" in p.opts for p in command.params)]
    assert missing == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_validate_and_test_speak_the_language(lang):
    validated = run("validate", EX, "--lang", lang)
    assert ("kirjausta kunnossa" if lang == "fi" else "anteckningar i ordning") in validated
    tested = run("test", "velvoite/rules/pelastus", "--lang", lang)
    assert ("2 sääntöä" if lang == "fi" else "2 regler") in tested
    assert ("onnistui" if lang == "fi" else "godkända") in tested.splitlines()[-1]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_template_rows_offer_every_column_their_instructions_name(lang, tmp_path):
    """The rescue services level decision's row says "täytä voimassa asti": the sheet has that
    column; every instruction, and the instructions sheet, names columns as their headers read;
    read back, velvoite's own instruction and list sheets draw no note."""
    from velvoite.words.reports import TEMPLATE

    out = tmp_path / f"keruu.{lang}.xlsx"
    run("template", "--region", "hva-15", "--from", "2025-01-01", "--until", "2026-11-29", "--lang", lang, "-o", str(out))
    sheets = dict(zip([TEMPLATE[lang]["instructions_sheet"], TEMPLATE[lang]["sheet"]], workbook_rows(out.read_bytes())))
    header, *rows = sheets[TEMPLATE[lang]["sheet"]]
    rows = [r for r in rows if r[-1]]  # the date column is formatted beyond the rows
    fill = TEMPLATE[lang]["fill"]
    named = set()
    for row in rows:
        for ask in row[-1].split("; ")[1:]:
            named.add(ask[len(fill.split("{")[0]):] if ask.startswith(fill.split("{")[0]) else ask.split(": ")[0])
    assert named and named <= set(header), named - set(header)
    rescue = [r for r in rows if r[header.index("kind" if lang == "en" else {"fi": "laji", "sv": "typ"}[lang])]
              in ("rescue_service_level_decision", "pelastustoimen palvelutasopäätös",
                  "beslut om räddningsväsendets servicenivå")]
    assert rescue and all(ask in header for ask in ({"fi": ["voimassa asti"], "sv": ["giltig till"],
                                                     "en": ["valid_until"]}[lang]))
    quoted = set(re.findall(r"(?<!\w)'([^'\n]+)'(?!\w)", "\n".join(str(c) for row in sheets[TEMPLATE[lang]["instructions_sheet"]]
                                                         for c in row if c)))
    assert quoted - {TEMPLATE[lang]["sheet"], TEMPLATE[lang]["needs"]} <= set(header)
    assert len(quoted) >= 5
    validated = CliRunner().invoke(main, [*SCOPE, "validate", str(out), "--lang", lang]).output  # empty: exit 2
    assert "497" in validated
    assert TEMPLATE[lang]["instructions_sheet"] not in validated and TEMPLATE[lang]["lists"] not in validated


def test_swedish_records_are_anteckningar_and_notes_are_not():
    """One word for one thing: in Swedish the records (the template's sheet, "154 anteckningar i
    ordning") are anteckningar, so the notes column is tilläggsuppgifter; a template of before, whose
    notes column said anteckningar, still reads."""
    from velvoite.records.kinds import column_fields, column_name
    from velvoite.words.reports import TEMPLATE

    assert TEMPLATE["sv"]["sheet"] == "Anteckningar" and column_name("notes", "sv") == "tilläggsuppgifter"
    assert column_fields()["tilläggsuppgifter"] == column_fields()["anteckningar"] == "notes"


def test_organisations_end_in_the_readers_dates():
    assert "Pertunmaa (31.12.2024 asti)" in run("orgs", "--region", "hva-12", "--lang", "fi")
    assert "Pertunmaa (until 2024-12-31)" in run("orgs", "--region", "hva-12", "--lang", "en")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_template_instructions_write_values_in_words_that_read_back(lang, tmp_path):
    """A reviewer's finding: the rows said "päätös: approved" and "sisältää: service_strategy". An
    instruction gives a value in the reader's words ("päätös: hyväksytty", "innehåller:
    servicestrategi"), never a value id, and the words it gives are read back as that value."""
    from velvoite.records.kinds import column_fields, pack_fields
    from velvoite.words.reports import TEMPLATE

    out = tmp_path / f"keruu.{lang}.xlsx"
    run("template", "--region", "hva-15", "--lang", lang, "-o", str(out))
    header, *rows = dict(zip([TEMPLATE[lang]["instructions_sheet"], TEMPLATE[lang]["sheet"]],
                             workbook_rows(out.read_bytes())))[TEMPLATE[lang]["sheet"]]
    asks = {ask for row in rows if row[-1] for ask in row[-1].split("; ")[1:] if ": " in ask}
    values = {v for field in pack_fields().values() for v in field.values}
    assert not [ask for ask in asks if set(WORD.findall(ask)) & values]
    given = {}
    for ask in asks:
        column, value = ask.split(": ", 1)
        field = pack_fields().get(column_fields().get(column, ""))
        if field is not None and field.values:
            given[value] = field.convert(value)  # a ValueError is a word the reader refuses
    assert {"hyväksytty": "approved", "godkänd": "approved"}.keys() & given.keys()
    assert given.get({"fi": "palvelustrategia", "sv": "servicestrategi"}[lang]) == ("service_strategy",)


@pytest.mark.parametrize("lang,either", [("fi", "vuosittainen hyvinvointiraportti tai laaja hyvinvointikertomus ja "
                                         "-suunnitelma"),
                                         ("sv", "årlig välfärdsrapport eller omfattande välfärdsberättelse och -plan")])
def test_a_gap_names_alternative_kinds_with_or_in_every_report(lang, either):
    """A reviewer's finding: the table and the calendar said "A tai B" where either kind suffices,
    the HTML report's gap said "A, B" (both needed, it read); the Markdown repeated the status
    ("puuttuu: Puuttuu: …")."""
    page = " ".join(visible(run("report", *AUDIT, "--lang", lang, "--format", "html")).split())
    memo = run("report", *AUDIT, "--lang", lang, "--format", "md")
    assert either in page and either in " ".join(run("audit", *AUDIT, "--lang", lang).split())  # the table wraps
    assert either.replace(" tai ", ", ").replace(" eller ", ", ") not in page
    once, twice = {"fi": (": Puuttuu:", "puuttuu: Puuttuu:"), "sv": (": Saknas:", "saknas: Saknas:")}[lang]
    assert once in memo and twice not in memo
