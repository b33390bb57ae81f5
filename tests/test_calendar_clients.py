"""The calendar in the clients people use (Debian's vdirsyncer and khal, installed by the fixture):
a feed subscribed with vdirsyncer is not rewritten from one day to the next while the data stays
the same, an entry whose duty gets met is updated in place (not dropped and not duplicated), and
khal shows the entries with the organisation first."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from velvoite.calendar.feed import FeedApp
from velvoite.calendar.ics import export_calendar
from velvoite.system import System
from velvoite.calendar.service import FeedService, files_state
from velvoite.records import load_records

from debian import program
from servers import serving


@pytest.fixture(scope="module")
def clients() -> tuple[str, str]:
    return (program(("vdirsyncer",), ["vdirsyncer", "khal"]), program(("khal",), ["khal"]))


@pytest.fixture
def served(tmp_path, registry, rules):
    """An in-process feed server over a copy of the example records, whose day the test sets."""
    records = tmp_path / "records"
    shutil.copytree("examples/records", records)
    paths = [str(records)]
    day = [dt.date(2026, 11, 29)]

    def load():
        return load_records(paths, registry)

    def export(found, kind, org_id, lang, today):
        scope = registry.region(org_id) if kind == "region" else [registry.orgs[org_id]]
        return export_calendar(System.given(registry, rules), found, scope, registry.orgs[org_id].name(lang), today,
                               lang=lang, include=("advice", "incentive"))

    service = FeedService(paths, registry, load, export, lambda text: None)
    service.start(files_state(paths), load())
    with serving(FeedApp(service, lambda: day[0], lambda text: None, quiet=True)) as port:
        yield port, records, day


def _run(cmd: list[str], home: Path) -> str:
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, input="y\n")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_subscribed_feed_changes_only_when_the_data_does(tmp_path, served, clients):
    vdirsyncer, khal = clients
    port, records, day = served
    local, status = tmp_path / "cal", tmp_path / "status"
    local.mkdir()
    config = tmp_path / "vdirsyncer.cfg"
    config.write_text(f"""[general]
status_path = "{status}/"

[pair feed]
a = "remote"
b = "local"
collections = null
conflict_resolution = "a wins"

[storage remote]
type = "http"
url = "http://127.0.0.1:{port}/calendar/region/hva-15.ics?lang=fi"

[storage local]
type = "filesystem"
path = "{local}/"
fileext = ".ics"
""", "utf-8")
    sync = [vdirsyncer, "-c", str(config)]
    _run([*sync, "discover", "feed"], tmp_path)
    first = _run([*sync, "sync"], tmp_path)
    copied = _snapshot(local)
    assert first.count("Copying (uploading) item") == len(copied) > 20
    # the next day, the same data: vdirsyncer finds nothing to copy, update or delete
    day[0] += dt.timedelta(days=1)
    quiet = _run([*sync, "sync"], tmp_path)
    assert "Copying" not in quiet and "Updating" not in quiet and "Deleting" not in quiet, quiet
    assert _snapshot(local) == copied
    # Jyväskylä's 2026 HYTE participation is now recorded: its entry is updated in place, none dropped
    (records / "lisays.yaml").write_text("- {id: j-hyte-2026, org: hva-15, kind: hyte_negotiation, date: 2026-11-20,"
                                         " participants: [Jyväskylä]}\n", "utf-8")
    changed = _run([*sync, "sync"], tmp_path)
    after = _snapshot(local)
    # vdirsyncer replaces a changed item of an http source (delete + copy: it names http items by the
    # hash of their content, UID included); the duty now met leaves
    # the feed (a subscription mirrors the feed: its alarm goes with it). Only the entries the new
    # record touched change, not every entry of the feed.
    deleted, copied_again = changed.count("Deleting item"), changed.count("Copying (uploading) item")
    assert 1 <= deleted <= 4 and copied_again <= deleted, changed
    assert len(after) == len(copied) - deleted + copied_again
    assert len(set(after.values()) & set(copied.values())) == len(copied) - deleted  # the rest untouched
    # khal, reading what vdirsyncer wrote, shows each entry with its organisation first
    khal_config = tmp_path / "khal.cfg"
    khal_config.write_text(f"""[calendars]
[[velvoite]]
path = {local}/
type = calendar

[locale]
timeformat = %H:%M
dateformat = %d.%m.%Y
longdateformat = %d.%m.%Y
datetimeformat = %d.%m.%Y %H:%M
longdatetimeformat = %d.%m.%Y %H:%M
""", "utf-8")
    listing = _run([khal, "-c", str(khal_config), "list", "--format", "{title}", "31.12.2026", "31.12.2026"], tmp_path)
    titles = [line for line in listing.splitlines() if ": " in line]
    assert titles and all(t.split(": ", 1)[0] in {o.name("fi") for o in served_registry_orgs()} for t in titles)


def served_registry_orgs():
    from velvoite.registry import load_registry

    return load_registry().region("hva-15")
