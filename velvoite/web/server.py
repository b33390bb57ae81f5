"""``velvoite serve DIR`` for a database workspace: the Django application on waitress, a
maintained pure-Python WSGI server (threads, bounded connections and request sizes, no version in
its answers). For a national service, run the same application under gunicorn behind a TLS proxy
(deploy/)."""

from __future__ import annotations

import click

from velvoite.i18n import _

THREADS = 8
CONNECTIONS = 200
MAX_BODY = 1_000_000


def application(settings, folder: str, hosts: tuple[str, ...] = ()):
    """The WSGI application of the workspace in ``folder`` with the run's settings; ``hosts``: the
    names it answers to besides loopback and ``[server] allowed_hosts`` (``--host``)."""
    from velvoite.commands.common import today
    from velvoite.web.state import State, set_state
    from velvoite.web.store import open_workspace

    open_workspace(folder, hosts)
    set_state(State(folder=folder, settings=settings, today=today))
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def workspace_server(settings, folder: str, host: str, port: int):
    """The waitress server of the workspace, listening (OSError when it cannot)."""
    from waitress import create_server

    return create_server(application(settings, folder, (host,)), host=host, port=port, threads=THREADS,
                         connection_limit=CONNECTIONS, max_request_body_size=MAX_BODY, channel_timeout=60,
                         ident="velvoite", expose_tracebacks=False, clear_untrusted_proxy_headers=True)


def serve_workspace(server, folder: str, host: str) -> None:
    click.echo(_("velvoite: serving the workspace {folder} at http://{host}:{port}/ (Ctrl-C to stop)").format(
        folder=folder, host=host, port=server.effective_port), err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
