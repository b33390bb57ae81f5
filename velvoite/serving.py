"""The WSGI server both faces of ``velvoite serve`` run on (the calendar feeds of record files, and
the database workspace): waitress, a maintained pure-Python server, with the same limits for both.

waitress bounds the threads, the open connections, the size of a request's headers and body, and
closes a connection idle between requests. What it does not bound is a client that trickles its
request a byte every few seconds (a "slow loris"): every byte counts as activity, so such a
connection lives for ever, and a few hundred of them fill the connection limit and lock every
other client out. Two guards are added here:

- **a deadline for the request**: its headers must have arrived ``header_seconds`` after the
  connection opened (or after the request's first byte, on a kept-alive connection), its body
  ``body_seconds`` after its headers; a client that is late gets ``408`` and is disconnected;
- **connections per address**: one address may hold ``per_address`` connections at once; the next
  gets ``429`` and is closed at once, so one machine cannot take the whole connection limit
  (the trusted proxies are exempt: every client behind one has its address, and it bounds them).

The server says ``Server: velvoite`` (no version), never shows a traceback, and names nothing of
the machine in its errors.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import threading
import time
from dataclasses import dataclass

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

from velvoite.i18n import N_, _

LATE = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
CROWDED = b"HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 10\r\nContent-Length: 0\r\n\r\n"


@dataclass(frozen=True)
class Limits:
    """What one server allows; tests give short ones."""

    threads: int = 8
    connections: int = 200  # open connections in all (beyond them, new ones wait in the kernel's queue)
    per_address: int | None = 32  # open connections from one address; None: no cap
    exempt: tuple = ()  # networks (ipaddress) without the cap: the trusted proxies, whose clients all share their address
    header_seconds: float = 10.0  # from the connection (or the request's first byte) to its last header
    body_seconds: float = 30.0  # from the last header to the body's last byte
    idle_seconds: float = 30.0  # a kept-alive connection with no request
    max_header: int = 32_768  # bytes of request line and headers
    max_body: int = 1_000_000  # bytes of a request's body

    @property
    def check_every(self) -> float:
        """How often the deadlines are looked at (a fraction of the shortest)."""
        return max(0.1, min(1.0, self.header_seconds / 4, self.body_seconds / 4))


def within(address: str, networks: tuple) -> bool:
    """Whether ``address`` (text; ``[::1]`` as well) is in one of ``networks`` (ipaddress); not
    an address: False. The per-address cap here and the throttle's client address
    (``velvoite.web.throttle``) both ask it of the trusted proxies."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


# what waitress itself refuses (headers or a body past the limits, a request it cannot read), in the
# API's words and stable codes (web.http REASONS and CODES)
REFUSED = {400: (N_("bad request"), "bad_request"), 413: (N_("too large"), "too_large"),
           431: (N_("too large"), "too_large"), 500: (N_("internal server error"), "server_error")}


class RefusedTask(ErrorTask):
    """waitress's own refusal as ``{"error", "code"}`` in the server's language, the API's shape:
    its default answer was English text naming its limits and the server's ident."""

    def execute(self):
        code = self.request.error.code
        words, name = REFUSED.get(code, REFUSED[400])
        body = json.dumps({"error": _(words), "code": name}, ensure_ascii=False).encode("utf-8")
        self.status = f"{code} {self.request.error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class GuardedChannel(HTTPChannel):
    """waitress's connection, with the clock of the request being received; its own refusals
    answered as the API's (``RefusedTask``)."""

    error_task_class = RefusedTask

    def __init__(self, server, sock, addr, adj, map=None):
        super().__init__(server, sock, addr, adj, map)
        self.began: float | None = self.creation_time  # the first request's clock starts with the connection
        self.headers_at: float | None = None

    def received(self, data):
        if data and self.request is None and self.began is None:
            self.began = time.time()
        result = super().received(data)
        if self.request is None:  # nothing half-received: the next request's clock starts with its first byte
            self.began = self.headers_at = None
        elif self.request.headers_finished and self.headers_at is None:
            self.headers_at = time.time()
        return result

    def overdue(self, now: float, limits: Limits) -> bool:
        """Whether the request being received is later than its deadline."""
        if self.began is None or self.requests or self.will_close:
            return False
        if self.headers_at is None:
            return now - self.began > limits.header_seconds
        return now - self.headers_at > limits.body_seconds

    def refuse(self, answer: bytes) -> None:
        """Say ``answer`` if the socket takes it at once, and close."""
        if not self.total_outbufs_len:
            try:
                self.socket.send(answer, socket.MSG_DONTWAIT)
            except OSError:
                pass
        self.will_close = True


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with the request deadlines and the cap per address."""

    channel_class = GuardedChannel
    limits: Limits

    def maintenance(self, now):
        super().maintenance(now)
        for channel in list(self.active_channels.values()):
            if isinstance(channel, GuardedChannel) and channel.overdue(now, self.limits):
                channel.refuse(LATE)

    def crowded(self, address: str) -> bool:
        """Whether ``address`` holds all the connections one address may."""
        cap = self.limits.per_address
        if cap is None or within(address, self.limits.exempt):
            return False
        return sum(1 for c in self._map.values() if isinstance(c, GuardedChannel) and c.addr[0] == address) >= cap

    def handle_accept(self):
        try:
            accepted = self.accept()
        except OSError:
            return
        if accepted is None:
            return
        conn, addr = accepted
        if self.crowded(addr[0]):
            try:
                conn.send(CROWDED, socket.MSG_DONTWAIT)
            except OSError:
                pass
            conn.close()
            return
        self.set_socket_options(conn)
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)


def make_server(application, host: str, port: int, limits: Limits = Limits(), **options):
    """A waitress server of ``application`` listening on ``host:port`` (port 0: a free one), bounded
    by ``limits``; OSError when it cannot listen. ``serve_forever(server)`` serves (``run()``
    in a thread, ``stop(server)`` from another); ``port_of(server)`` is where it listens. ``options``: further waitress settings (proxy headers)."""
    adj = Adjustments(host=host, port=port, threads=limits.threads, connection_limit=limits.connections,
                      channel_timeout=limits.idle_seconds, cleanup_interval=limits.check_every,
                      asyncore_loop_timeout=min(1.0, limits.check_every),
                      max_request_header_size=limits.max_header, max_request_body_size=limits.max_body,
                      ident="velvoite", expose_tracebacks=False, log_socket_errors=False, **options)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    shared: dict = {}
    servers = []
    server_class = type("Server", (GuardedServer,), {"limits": limits})
    try:
        for sockinfo in adj.listen:
            servers.append(server_class(application, shared, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo))
    except OSError:
        for made in servers:
            made.close()
        dispatcher.shutdown()
        raise
    if len(servers) == 1:
        return servers[0]
    listening = [(s.effective_host, s.effective_port) for s in servers]
    return MultiSocketServer(shared, adj, listening, dispatcher, servers[-1].log_info)


def port_of(server) -> int:
    """The port a server from ``make_server`` listens on."""
    return int(getattr(server, "effective_port", None) or server.effective_listen[0][1])


def serve_forever(server) -> None:
    """Serve until the main thread is interrupted (Ctrl-C, SIGTERM), then stop. The server's loop
    runs in a thread of its own, so that a signal never lands inside it: waitress's loop takes an
    exception raised in a connection's handler for that connection's error and carries on."""
    thread = threading.Thread(target=server.run, name="velvoite-server", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(1)
    finally:
        stop(server)


def stop(server) -> None:
    """End ``run()`` from another thread: the server's loop closes its connections in its own
    thread (at its next turn), then its worker threads end."""
    shared = server.map if isinstance(server, MultiSocketServer) else server._map
    listener = next((s for s in list(shared.values()) if isinstance(s, GuardedServer)), None)
    if listener is not None:
        with contextlib.suppress(OSError):  # a loop already ended
            listener.trigger.pull_trigger(lambda: wasyncore.close_all(shared, ignore_all=True))
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)

__all__ = ["Limits", "make_server", "port_of", "serve_forever", "stop", "within"]
