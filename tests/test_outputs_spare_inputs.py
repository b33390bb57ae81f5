"""No output destroys what the run reads: every -o is checked against every input of the run
(record files and folders, a database workspace's files, velvoite.toml, rule packs, --previous,
--since, the audits given to diff). Each case runs the command that destroyed data with exit 0
before, and finds exit 2, both paths named, and every input byte for byte as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main

EXAMPLES = Path(__file__).parents[1] / "examples"
DAY = ["--as-of", "2026-11-29"]


def run(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    os.chdir(cwd or old)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(EXAMPLES / "records", records)
    shutil.copy(EXAMPLES / "velvoite.toml", tmp_path / "config.toml")
    return tmp_path


def refused(result, *named: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.output.strip().splitlines()[-1]
    assert "nothing was written" in message, message
    for name in named:
        assert name in message, (name, message)


def audit_json(work: Path, name: str) -> Path:
    out = work / name
    result = run("audit", str(work / "records"), "--region", "hva-15", *DAY, "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("command", [
    ["audit", "--region", "hva-15"],
    ["audit", "--region", "hva-15", "--format", "json"],
    ["report", "--region", "hva-15"],
    ["report", "--region", "hva-15", "--format", "xlsx"],
    ["calendar", "--region", "hva-15"],
    ["yearclock", "--region", "hva-15"],
])
@pytest.mark.parametrize("name", ["jyvaskyla.yaml", "kunnat-2023-2026.csv"])
def test_output_onto_a_record_file_read(work, command, name):
    target = work / "records" / name
    before = snapshot(work)
    result = run(command[0], str(target), *command[1:], *DAY, "-o", str(target))
    refused(result, str(target))
    assert snapshot(work) == before


def test_output_onto_a_workbook_read(work):
    from openpyxl import Workbook

    book = work / "keruu.xlsx"
    wb = Workbook()
    wb.active.append(["org", "kind", "date"])
    wb.active.append(["Jyväskylä", "strategy_approval", "2024-01-01"])
    wb.save(book)
    before = book.read_bytes()
    result = run("report", str(book), "--region", "hva-15", *DAY, "-o", str(book))
    refused(result, str(book))
    assert book.read_bytes() == before


def test_a_new_file_inside_a_record_folder_read(work):
    """The next run would read the output as records (or refuse it as an unknown file)."""
    before = snapshot(work)
    for out in (work / "records" / "audit.json", work / "records" / "sub" / "report.html"):
        result = run("audit", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(out))
        refused(result, str(out), str(work / "records"))
    assert snapshot(work) == before


def test_links_to_an_input_are_the_input(work):
    target = work / "records" / "jyvaskyla.yaml"
    (work / "soft.yaml").symlink_to(target)
    os.link(target, work / "hard.yaml")
    before = snapshot(work)
    for out in ("soft.yaml", "hard.yaml"):
        result = run("audit", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(work / out))
        refused(result, out)
    assert snapshot(work) == before


def test_the_configuration_and_rule_packs(work):
    config = work / "config.toml"
    before = snapshot(work)
    refused(run("--config", str(config), "audit", str(work / "records"), "--region", "hva-15", *DAY,
                "-o", str(config)), str(config))
    # velvoite.toml found in the working folder is read too
    shutil.copy(config, work / "velvoite.toml")
    before = snapshot(work)
    refused(run("audit", "records", "--region", "hva-15", *DAY, "-o", "velvoite.toml", cwd=work), "velvoite.toml")
    pack = work / "pack"
    shutil.copytree(EXAMPLES / "packs" / "nuorisovaltuusto", pack)
    before = snapshot(work)
    rule = next(pack.glob("*.yaml"))
    refused(run("--rules", str(pack), "audit", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(rule)),
            str(rule))
    assert snapshot(work) == before


def test_previous_since_and_diff_inputs(work):
    old = audit_json(work, "old.json")
    new = audit_json(work, "new.json")
    ics = work / "deadlines.ics"
    assert run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(ics)).exit_code == 0
    before = snapshot(work)
    refused(run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "--previous", str(ics),
                "-o", str(ics)), str(ics))
    refused(run("report", str(work / "records"), "--region", "hva-15", *DAY, "--since", str(old), "-o", str(old)),
            str(old))
    refused(run("diff", str(old), str(new), "-o", str(new)), str(new))
    refused(run("diff", str(old), str(new), "--format", "json", "-o", str(old)), str(old))
    assert snapshot(work) == before


def test_a_national_set_into_a_record_folder(work):
    before = snapshot(work)
    result = run("report", str(work / "records"), "--national", *DAY, "-o", str(work / "records" / "kansallinen") + "/")
    refused(result, str(work / "records"))
    assert snapshot(work) == before


def test_elsewhere_and_standard_output_still_written(work):
    """The check refuses only what the run reads: a new file beside the folder, '-' and a
    device are written as before."""
    out = work / "audit.txt"
    assert run("audit", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").strip()
    for target in ("-", os.devnull):
        result = run("audit", str(work / "records"), "--region", "hva-15", *DAY, "-o", target)
        assert result.exit_code == 0, result.output
    # the calendar's own earlier export is updated in place (its default --previous)
    ics = work / "deadlines.ics"
    for _ in range(2):
        assert run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(ics)).exit_code == 0


def in_process_of_its_own(work: Path):
    """velvoite in a process of its own in ``work``: a database workspace configures Django once per process."""
    env = {**os.environ, "LANG": "C.UTF-8"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "velvoite.cli", *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=300)
    return cli


def test_a_database_workspace_is_not_overwritten(work):
    pytest.importorskip("django", reason="the web extra is not installed")
    ws = work / "ws"
    cli = in_process_of_its_own(work)
    assert cli("db", "init", "ws").returncode == 0
    assert cli("db", "import", "ws", "records").returncode == 0
    assert cli("db", "export", "ws", "-o", "backup.yaml").returncode == 0  # a file there first: the WAL's
    before = snapshot(ws)
    for args in (("db", "export", "ws", "-o", "ws/velvoite.sqlite3"),
                 ("db", "export", "ws", "-o", "ws/velvoite.sqlite3-wal"),
                 ("audit", "ws", "--region", "hva-15", "-o", "ws/workspace.toml"),
                 ("report", "ws", "--region", "hva-15", "-o", "ws/secret_key")):
        done = cli(*args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "nothing was written" in done.stderr, done.stderr
        assert args[-1] in done.stderr
    after = snapshot(ws)
    assert {k: v for k, v in after.items() if "sqlite3" not in k} == {k: v for k, v in before.items()
                                                                       if "sqlite3" not in k}
    # and the workspace still works: the database was not replaced
    again = cli("db", "export", "ws", "-o", "again.yaml")
    assert again.returncode == 0, again.stderr
    assert (work / "again.yaml").read_bytes() == (work / "backup.yaml").read_bytes()


PERSONAL = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//calendar//EN\r\nBEGIN:VEVENT\r\n"
            "UID:dentist-123@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261215\r\n"
            "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_calendar_written_over_someone_s_own_calendar(work):
    """-o alone reads the file as the earlier export and replaces it: a calendar holding events
    velvoite did not make (someone's own) would lose them, so the run stops instead."""
    own = work / "personal.ics"
    own.write_bytes(PERSONAL.encode())
    result = run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(own))
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert str(own) in message and "did not make" in message and "nothing was written" in message, message
    assert own.read_bytes() == PERSONAL.encode()
    # given as --previous, the same file is read and left alone, and the export goes elsewhere
    out = work / "deadlines.ics"
    result = run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "--previous", str(own), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert b"Dentist" not in out.read_bytes() and own.read_bytes() == PERSONAL.encode()


def test_a_calendar_of_someone_s_to_dos_is_not_replaced(work):
    """A to-do or journal entry is someone's as much as an event: -o alone would remove it."""
    own = work / "tasks.ics"
    tasks = PERSONAL.replace("VEVENT", "VTODO").replace("DTSTART;VALUE=DATE:20261215", "DUE;VALUE=DATE:20261215")
    tasks = tasks.replace("BEGIN:VTODO", "BEGIN:VJOURNAL\r\nUID:diary-1@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
                          "SUMMARY:Diary\r\nEND:VJOURNAL\r\nBEGIN:VTODO")
    own.write_bytes(tasks.encode())
    result = run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(own))
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert str(own) in message and "2 events that velvoite did not make" in message, message
    assert own.read_bytes() == tasks.encode()
    # velvoite's own export is still updated in place
    ics = work / "deadlines.ics"
    for _ in range(2):
        assert run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(ics)).exit_code == 0


def test_a_workspace_database_through_a_symlink(work):
    """SQLite keeps -wal and -journal beside the file a symlinked database name points to: those
    are read too (replacing the WAL loses what it holds)."""
    pytest.importorskip("django", reason="the web extra is not installed")
    cli = in_process_of_its_own(work)
    assert cli("db", "init", "ws").returncode == 0
    assert cli("db", "import", "ws", "records").returncode == 0
    (work / "real").mkdir()
    (work / "ws" / "velvoite.sqlite3").rename(work / "real" / "base.sqlite3")
    (work / "ws" / "velvoite.sqlite3").symlink_to(work / "real" / "base.sqlite3")
    for out in ("real/base.sqlite3-wal", "real/base.sqlite3-journal"):
        done = cli("db", "export", "ws", "--format", "yaml", "-o", out)
        assert done.returncode == 2, done.stderr
        assert "nothing was written" in done.stderr and out in done.stderr, done.stderr
    assert sorted(p.name for p in (work / "real").iterdir()) == ["base.sqlite3"]
    assert cli("db", "export", "ws", "-o", "backup.yaml").returncode == 0


def test_an_empty_calendar_file_is_written(work):
    """An empty -o file (made with touch) holds nothing to update or lose: not refused as an export
    that does not read."""
    ics = work / "deadlines.ics"
    ics.touch()
    result = run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "-o", str(ics))
    assert result.exit_code == 0, result.output
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    # given as --previous, an empty file is still not an earlier export
    empty, out = work / "empty.ics", work / "new.ics"
    empty.touch()
    result = run("calendar", str(work / "records"), "--region", "hva-15", *DAY, "--previous", str(empty), "-o", str(out))
    assert result.exit_code == 2 and "empty" in result.output and not out.exists(), result.output


def test_velvoite_s_own_files_are_read_by_every_run():
    """The built-in rules, registry, translations and code are read by every run: an -o there (a
    user's venv is writable) would replace the law's duties or add a stray file to a rule pack.
    Checked without a write: a failure here must not damage the installed package."""
    import velvoite
    from velvoite.commands.common import Settings
    from velvoite.errors import VelvoiteError

    package = Path(velvoite.__file__).parent
    inputs = Settings(None, None, ()).inputs
    for target in (package / "registry" / "municipalities_2025.csv", package / "rules" / "hyte" / "new.json",
                   package / "locale" / "fi" / "LC_MESSAGES" / "velvoite.mo", package / "cli.py"):
        with pytest.raises(VelvoiteError, match="nothing was written") as caught:
            inputs.refuse_if_read(target)
        assert str(target) in str(caught.value) and str(package) in str(caught.value)
    inputs.refuse_if_read(package.parent / "velvoite-report.html")  # beside it: not read
