"""The export against a real CalDAV server (Radicale), and `velvoite serve` over HTTP on loopback."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gzip
import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest

from velvoite.calendar.ics import export_calendar
from velvoite.system import System
from velvoite.records import load_records

from servers import serving

AS_OF = dt.date(2026, 11, 29)
AUTH = {"Authorization": "Basic " + base64.b64encode(b"velvoite:test").decode()}
NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


@pytest.fixture
def radicale(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(tmp_path / "collections"), "--auth-type", "none",
         "--rights-type", "owner_only", "--logging-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(port, proc)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def dav(port: int, method: str, path: str, body: bytes = b"", **headers) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={**AUTH, **{k.replace("_", "-"): v for k, v in headers.items()}})
    resp = conn.getresponse()
    return resp.status, resp.read()


def query(port: int, day: dt.date) -> set[str]:
    """UIDs of the events that a time-range REPORT finds on one day."""
    start, end = day.strftime("%Y%m%dT000000Z"), (day + dt.timedelta(days=1)).strftime("%Y%m%dT000000Z")
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
    status, data = dav(port, "REPORT", "/velvoite/deadlines/", body, Depth="1", Content_Type="application/xml")
    assert status == 207, data
    found = set()
    for node in ElementTree.fromstring(data).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
        found |= {str(e["UID"]) for e in icalendar.Calendar.from_ical(node.text).walk("VEVENT")}
    return found


def test_radicale_stores_each_deadline_once_on_its_day(radicale, registry, rules):
    records = load_records(["examples/records"], registry)
    data = export_calendar(System.given(registry, rules), records, registry.region("hva-15"), "Keski-Suomi", AS_OF,
                           include=("advice", "incentive"))
    ours = {str(e["UID"]): e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    status, body = dav(radicale, "MKCALENDAR", "/velvoite/deadlines/")
    assert status == 201, body
    for _ in range(2):  # re-PUT of the same export updates, never duplicates
        status, body = dav(radicale, "PUT", "/velvoite/deadlines/", data, Content_Type="text/calendar")
        assert status in (201, 204), body
    status, listing = dav(radicale, "PROPFIND", "/velvoite/deadlines/", Depth="1")
    hrefs = {h.text for h in ElementTree.fromstring(listing).iter("{DAV:}href")}
    items = {h for h in hrefs if h.endswith(".ics")}
    assert len(items) == len(ours)
    for day in sorted(set(ours.values())):
        on_day = {u for u, d in ours.items() if d == day}
        assert query(radicale, day) == on_day
        assert not (query(radicale, day - dt.timedelta(days=1)) & on_day)
        assert not (query(radicale, day + dt.timedelta(days=1)) & on_day)


@pytest.fixture
def feed(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    source = Path("examples/records")
    for f in source.iterdir():
        (records / f.name).write_bytes(f.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "velvoite.cli", "--config", "examples/velvoite.toml", "--engine", "python",
         "serve", str(records), "--port", "0", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        wait_for(port, proc)
        yield port, records, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(port: int, path: str, **headers):
    """(status, headers (any case of their names), body) of a GET."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_serve_feeds_over_loopback(feed, registry):
    port, records, _ = feed
    status, headers, body = get(port, "/calendar/region/hva-15.ics?lang=fi")
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["X-WR-CALNAME"]) == "Lakisääteiset määräajat: Keski-Suomen hyvinvointialue"
    today = dt.date.today()
    assert all(e.decoded("DTSTART") >= today for e in cal.walk("VEVENT"))
    orgs = {str(e["SUMMARY"]).split(": ", 1)[0] for e in cal.walk("VEVENT")}
    assert len(orgs) > 1

    status, _, one = get(port, "/calendar/J%C3%A4ms%C3%A4.ics")
    assert status == 200
    names = {str(e["SUMMARY"]).split(": ", 1)[0] for e in icalendar.Calendar.from_ical(one).walk("VEVENT")}
    assert names == {"Jämsä"}

    status, headers, again = get(port, "/calendar/region/hva-15.ics?lang=fi")
    assert again == body
    status, _, _ = get(port, "/calendar/region/hva-15.ics?lang=fi", **{"If-None-Match": headers["ETag"]})
    assert status == 304

    assert get(port, "/calendar/Jyvaskyla.ics")[0] == 404
    assert b"did you mean" in get(port, "/calendar/Jyvaskyla.ics")[2]
    assert get(port, "/calendar/region/kunta-179.ics")[0] == 404
    assert get(port, "/elsewhere")[0] == 404
    assert get(port, "/calendar/hva-15.ics?lang=de")[0] == 400
    status, _, said = get(port, "/calendar/hva-15.ics?lang=sv&lang=fi")  # neither kept in silence
    assert status == 400 and said == b"lang is given more than once: give it once\n"
    assert get(port, "/")[0] == 200


def test_serve_recomputes_from_the_records_on_each_request(feed):
    port, records, _ = feed
    _, _, before = get(port, "/calendar/hva-15.ics")
    (records / "extra.yaml").write_text(
        "- {id: extra-1, org: hva-15, kind: hyte_negotiation, date: 2026-03-04, participants: [kunta-179]}\n",
        encoding="utf-8")
    _, _, after = get(port, "/calendar/hva-15.ics")
    assert after != before and b"extra-1" in after.replace(b"\r\n ", b"")
    (records / "extra.yaml").write_text("- {org: hva-15, kind: nonsense, date: 2026-03-04}\n", encoding="utf-8")
    status, headers, stale = get(port, "/calendar/hva-15.ics")
    assert status == 200 and stale == after  # the last good data, and it says so
    assert "do not validate" in headers["X-Velvoite-Stale"] and str(records) not in headers["X-Velvoite-Stale"]
    (records / "extra.yaml").unlink()  # a deleted file is noticed
    status, headers, gone = get(port, "/calendar/hva-15.ics")
    assert status == 200 and gone == before and "X-Velvoite-Stale" not in headers


def raw(port: int, request: bytes) -> bytes:
    """The bytes the server answers to ``request`` (it closes the connection after it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def test_serve_headers_and_conditional_requests(feed):
    port, _, _ = feed
    status, headers, plain = get(port, "/calendar/hva-15.ics")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Vary"] == "Accept-Encoding"
    assert headers["Content-Disposition"].startswith('inline; filename="velvoite-') and headers[
        "Content-Disposition"].endswith('.ics"')
    etag, modified = headers["ETag"], headers["Last-Modified"]
    for given in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        assert get(port, "/calendar/hva-15.ics", **{"If-None-Match": given})[0] == 304, given
    assert get(port, "/calendar/hva-15.ics", **{"If-None-Match": '"other"'})[0] == 200
    assert get(port, "/calendar/nowhere.ics")[1]["X-Content-Type-Options"] == "nosniff"
    # If-Modified-Since: the date given back, or a later one, is a 304; an earlier one, or one that
    # is not a date, the feed; If-None-Match decides when both are given
    assert get(port, "/calendar/hva-15.ics", **{"If-Modified-Since": modified})[0] == 304
    assert get(port, "/calendar/hva-15.ics", **{"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})[0] == 304
    assert get(port, "/calendar/hva-15.ics", **{"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})[0] == 200
    assert get(port, "/calendar/hva-15.ics", **{"If-Modified-Since": "yesterday"})[0] == 200
    assert get(port, "/calendar/hva-15.ics", **{"If-Modified-Since": modified, "If-None-Match": '"other"'})[0] == 200
    # gzip for a client that accepts it, its own ETag, the same calendar
    status, zipped_headers, zipped = get(port, "/calendar/hva-15.ics", **{"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and zipped_headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped) == plain
    assert zipped_headers["ETag"] != etag and len(zipped) < len(plain) / 3
    assert "Content-Encoding" not in get(port, "/calendar/hva-15.ics", **{"Accept-Encoding": "gzip;q=0"})[1]
    assert get(port, "/calendar/hva-15.ics", **{"Accept-Encoding": "gzip",
                                                "If-None-Match": zipped_headers["ETag"]})[0] == 304
    # HTTP/1.1 on the wire: the server says its name without a version or a trailing space; HEAD
    # gives the headers of GET and no body; a method other than GET or HEAD is a 405
    answer = raw(port, b"HEAD /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\nServer: velvoite\r\n" in head + b"\r\n", head
    assert f"\r\nContent-Length: {len(plain)}".encode() in head and body == b""
    assert raw(port, b"DELETE /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
        b"HTTP/1.1 405 ")


def test_serve_keeps_a_bounded_number_of_threads(feed):
    """Half-open connections (a slow or hostile client) do not each get a thread."""
    port, _, pid = feed  # the server's own process, whatever else runs on the machine
    idle = []
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", port))
        with contextlib.suppress(OSError):  # beyond the connections one address may hold: refused
            s.sendall(b"GET /calendar/hva-15.ics HTTP/1.1\r\n")  # and never finish the request
        idle.append(s)
    time.sleep(1)
    threads = int(re.search(r"Threads:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))
    for s in idle:
        s.close()
    assert threads <= 16 + 4, threads
    for _ in range(50):  # the closed connections free their slots at once (EOF), not after the timeout
        status, _, body = get(port, "/calendar/hva-15.ics")
        if status not in (429, 503):
            break
        time.sleep(0.2)
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


def test_serve_refuses_invalid_records_at_start(tmp_path):
    (tmp_path / "bad.yaml").write_text("- {org: Jyväskylä, kind: hyte_negotiation, date: 31.2.2026}\n",
                                       encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "velvoite.cli", "serve", str(tmp_path), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "bad.yaml:1: date:" in proc.stderr and "Traceback" not in proc.stderr


def test_serve_on_a_busy_port_is_a_one_line_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "velvoite.cli", "serve", "examples/records", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr


def test_an_unexpected_error_is_a_short_500_that_names_nothing(registry, capsys):
    """A bug while computing answers 500 without paths or record text; the log has the details."""
    from velvoite.calendar.feed import FeedApp
    from velvoite.calendar.service import FeedService

    def export(*_):
        raise RuntimeError("/secret/path/records.yaml: notes 'confidential'")

    service = FeedService([], registry, lambda: [], export, lambda _: None)
    app = FeedApp(service, lambda: dt.date(2026, 11, 29), lambda text: print(text, file=sys.stderr), quiet=True)
    with serving(app) as port:
        status, headers, body = get(port, "/calendar/hva-15.ics")
    assert status == 500 and b"secret" not in body and b"confidential" not in body and b"Traceback" not in body
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Server"] == "velvoite"
    assert "confidential" in capsys.readouterr().err


def test_serving_beyond_loopback_warns_and_a_taken_port_is_one_line():
    """--host beyond this machine says what the feed lacks; a port that cannot be had is an error
    of one line (here: taken on every address, so nothing is served)."""
    from click.testing import CliRunner

    from velvoite.cli import main

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "examples/records", "--host", "0.0.0.0", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert "velvoite: warning: serving on 0.0.0.0: the feed has no authentication or TLS" in result.output
    assert f"cannot listen on 0.0.0.0:{port}" in result.output and "Traceback" not in result.output
