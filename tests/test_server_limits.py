"""velvoite's server against slow and hostile clients (issue 28), over real sockets: a client that
trickles its request is disconnected at the deadline, one address holds a bounded share of the
connections, and a normal client gets its feed within seconds while they try. The limits are
short here (velvoite.serving.Limits); the subprocess tests run the server as people do."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time

import pytest

from velvoite.calendar.feed import FeedApp
from velvoite.calendar.service import FeedService
from velvoite.serving import Limits

from tests.servers import connect, serving

DAY = dt.date(2026, 11, 29)


@pytest.fixture
def app(registry):
    """A feed application whose feeds are a few bytes (the server is under test, not the feed)."""
    service = FeedService([], registry, lambda: [], lambda *_: b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                          lambda _: None)
    return FeedApp(service, lambda: DAY, lambda _: None, quiet=True)


class Trickle:
    """Slow clients: each sends a request line, then a header line every ``every`` seconds and
    never ends its headers, until stopped."""

    def __init__(self, sockets: list[socket.socket], every: float):
        self.sockets, self.every, self.done = sockets, every, threading.Event()
        for s in sockets:
            with contextlib.suppress(OSError):
                s.sendall(b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\n")
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(self.every):
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.sendall(b"X-Slow: 1\r\n")

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


def fetch(port: int, path: str = "/calendar/hva-15.ics", timeout: float = 10) -> tuple[bytes, float]:
    """(the answer's status line, seconds it took) of a normal client."""
    start = time.monotonic()
    with connect(port, timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0], time.monotonic() - start


def closed_within(s: socket.socket, seconds: float) -> tuple[bytes, float]:
    """(what the server said before closing, when it closed) for a client that waits."""
    s.settimeout(seconds)
    start, said = time.monotonic(), b""
    try:
        while chunk := s.recv(4096):
            said += chunk
    except (TimeoutError, socket.timeout):
        return said, float("inf")
    except ConnectionResetError:
        pass
    return said, time.monotonic() - start


def test_a_request_late_with_its_headers_is_disconnected_at_the_deadline(app):
    """A byte every 0.2 s is activity for waitress's idle timeout; the deadline counts from the start."""
    with serving(app, Limits(header_seconds=1.0)) as port:
        slow = connect(port)
        start = time.monotonic()
        for byte in b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\n":
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                break
            if time.monotonic() - start > 4:
                break
            time.sleep(0.2)
        said, _ = closed_within(slow, 5)
        elapsed = time.monotonic() - start
        slow.close()
        assert said.startswith(b"HTTP/1.1 408 "), said
        assert 0.9 < elapsed < 3.0, elapsed
        silent = connect(port)  # connected and never a byte: the same deadline
        said, when = closed_within(silent, 5)
        silent.close()
        assert said.startswith(b"HTTP/1.1 408 ") and 0.9 < when < 3.0, (said, when)
        assert fetch(port)[0] == b"HTTP/1.1 200 OK"


def test_a_body_late_after_its_headers_is_disconnected(app):
    with serving(app, Limits(header_seconds=5.0, body_seconds=1.0)) as port:
        slow = connect(port)
        slow.sendall(b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
        said, when = closed_within(slow, 5)
        slow.close()
    assert said.startswith(b"HTTP/1.1 408 ") and when < 3.0, (said, when)


def test_one_address_holds_at_most_its_share_of_the_connections(app):
    with serving(app, Limits(per_address=4)) as port:
        held = [connect(port, "127.0.0.3") for _ in range(4)]
        time.sleep(0.3)
        one_more = connect(port, "127.0.0.3")
        said, when = closed_within(one_more, 5)
        one_more.close()
        assert said.startswith(b"HTTP/1.1 429 ") and when < 1.0, (said, when)
        assert fetch(port)[0] == b"HTTP/1.1 200 OK"  # another address is served
        held.pop().close()
        time.sleep(0.3)
        with connect(port, "127.0.0.3") as again:  # a connection closed frees its place
            again.sendall(b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert again.recv(100).startswith(b"HTTP/1.1 200 ")
        for s in held:
            s.close()


def test_headers_and_bodies_past_their_size_are_refused(app):
    with serving(app, Limits(max_header=4096, max_body=1000)) as port:
        for request, status in (
                (b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 5000 + b"\r\n\r\n", b"431"),
                (b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n", b"413")):
            with connect(port) as s:
                s.sendall(request)
                assert s.recv(100).split(b" ")[1] == status, request[:60]


def test_what_the_server_refuses_itself_is_answered_as_the_api_answers_naming_no_limit(app):
    """A body or headers past the limits: JSON with the API's stable code, not waitress's English
    text naming its limit and itself."""
    import json

    with serving(app, Limits(max_header=4096, max_body=1000)) as port:
        for request, code in (
                (b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 5000 + b"\r\n\r\n", "too_large"),
                (b"POST /api/records HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n", "too_large")):
            with connect(port) as s:
                s.sendall(request)
                answer, _took = closed_within(s, 5)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert b"Content-Type: application/json" in head and b"Server: velvoite" in head, head
            assert json.loads(body) == {"error": "too large", "code": code}
            assert b"1000" not in answer and b"4096" not in answer and b"generated by" not in answer


def test_a_trusted_proxy_is_not_capped(app):
    """Behind a reverse proxy every client has the proxy's address: it is exempt, others are not."""
    import ipaddress

    with serving(app, Limits(per_address=2, exempt=(ipaddress.ip_network("127.0.0.5/32"),))) as port:
        held = [connect(port, "127.0.0.5") for _ in range(4)] + [connect(port, "127.0.0.6") for _ in range(2)]
        time.sleep(0.3)
        capped = connect(port, "127.0.0.6")
        assert closed_within(capped, 5)[0].startswith(b"HTTP/1.1 429 ")
        capped.close()
        with connect(port, "127.0.0.5") as proxied:
            proxied.sendall(b"GET /calendar/hva-15.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert proxied.recv(100).startswith(b"HTTP/1.1 200 ")
        for s in held:
            s.close()


def test_slow_clients_from_many_addresses_lock_nobody_out_for_longer_than_the_deadline(app):
    """They fill every connection the server allows; the deadline frees them for the normal client."""
    limits = Limits(connections=12, per_address=4, header_seconds=1.0)
    with serving(app, limits) as port:
        slow = Trickle([connect(port, f"127.0.0.{4 + i // 4}") for i in range(12)], every=0.2)
        try:
            time.sleep(0.3)
            status, took = fetch(port)
        finally:
            slow.stop()
    assert status == b"HTTP/1.1 200 OK" and took < 3.5, (status, took)


def test_the_feed_server_answers_while_slow_clients_trickle_their_headers(feed_port):
    """Before waitress, 20 such clients took every worker of ``velvoite serve RECORDS`` for as long
    as they kept sending (its 10 s timeout counted from the last line)."""
    slow = Trickle([connect(feed_port, "127.0.0.2") for _ in range(20)], every=0.5)
    try:
        time.sleep(1)
        status, took = fetch(feed_port, timeout=5)
    finally:
        slow.stop()
    assert status == b"HTTP/1.1 200 OK" and took < 3, (status, took)


@pytest.fixture
def feed_port(tmp_path):
    """``velvoite serve examples/records`` in a process of its own, as people run it."""
    import re
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "velvoite.cli", "--engine", "python", "serve", "examples/records",
                             "--port", "0", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        said = ""
        while not (found := re.search(r"127\.0\.0\.1:(\d+)/", said)):
            line = proc.stderr.readline()
            assert line, said  # the server ended without serving
            said += line
        yield int(found.group(1))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
