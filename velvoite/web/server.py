"""``velvoite serve DIR`` for a database workspace: the Django application on waitress, with the
same server and limits as the record files' feeds (``velvoite.serving``: threads, connections in
all and per address, deadlines for a request's headers and body, sizes, no version in its
answers). For a national service, run the same application under gunicorn behind a TLS proxy
(deploy/)."""

from __future__ import annotations

import click

from velvoite.i18n import _
from velvoite.serving import Limits, make_server, port_of, serve_forever


def application(settings, folder: str, hosts: tuple[str, ...] = ()):
    """The WSGI application of the workspace in ``folder`` with the run's settings; ``hosts``: the
    names it answers to besides loopback and ``[server] allowed_hosts`` (``--host``)."""
    from velvoite.web.state import State, set_state
    from velvoite.web.store import open_workspace

    open_workspace(folder, hosts)
    set_state(State(folder=folder, settings=settings, today=settings.system.clock))  # the face's clock
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def workspace_limits() -> Limits:
    """The server's limits for the configured workspace: the trusted proxies (``[server]
    trusted_proxies``) hold any number of connections, since every client behind one has its
    address; behind a TLS proxy not named there, no address is capped."""
    from django.conf import settings

    proxies = tuple(getattr(settings, "VELVOITE_TRUSTED_PROXIES", ()))
    if settings.SECURE_PROXY_SSL_HEADER and not proxies:
        return Limits(per_address=None)
    return Limits(exempt=proxies)


def workspace_server(settings, folder: str, host: str, port: int, limits: Limits | None = None,
                     processes: int | None = None):
    """The waitress server of the workspace, listening (OSError when it cannot), its audits and
    reports computed by ``processes`` processes of their own (``web.compute``; None: workspace.toml's
    ``[server] compute_processes``, else 2), started once it listens; ``close_workspace`` ends them."""
    from velvoite.web.compute import pool_for
    from velvoite.web.state import state

    app = application(settings, folder, (host,))
    server = make_server(app, host, port, limits or workspace_limits(), clear_untrusted_proxy_headers=True)
    state().compute = pool_for(settings, folder, processes)
    return server


def close_workspace() -> None:
    """The compute processes ended (``web.compute``)."""
    from velvoite.web.state import state

    pool, state().compute = state().compute, None
    if pool is not None:
        pool.close()


def serve_workspace(server, folder: str, host: str) -> None:
    click.echo(_("velvoite: serving the workspace {folder} at http://{host}:{port}/ (Ctrl-C to stop)").format(
        folder=folder, host=host, port=port_of(server)), err=True)
    try:
        serve_forever(server)
    except KeyboardInterrupt:
        pass
    finally:
        close_workspace()
