"""A WSGI application served in this process on velvoite's server (``velvoite.serving``), for
tests that want short limits or a server of their own; and slow clients."""

from __future__ import annotations

import contextlib
import socket
import threading

from velvoite.serving import Limits, make_server, port_of, stop


@contextlib.contextmanager
def serving(app, limits: Limits = Limits(), **options):
    """The port of ``app`` served on loopback while the block runs."""
    server = make_server(app, "127.0.0.1", 0, limits, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield port_of(server)
    finally:
        stop(server)
        thread.join(10)


def connect(port: int, source: str = "127.0.0.1", timeout: float = 10) -> socket.socket:
    """A connection to the server from ``source`` (any 127.x.y.z is this machine: another client
    address without another machine)."""
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s
