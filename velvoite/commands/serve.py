"""``velvoite serve``: the calendar feeds over HTTP, recomputed from the record files as they change."""

from __future__ import annotations

import contextlib

import click

from velvoite.commands.translated import Command

from velvoite.commands.calendar import Remind, source_date_epoch
from velvoite.commands.common import LANG_CHOICE, Settings, UserError, paths_argument, today
from velvoite.i18n import _

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@contextlib.contextmanager
def _listening(host: str, port: int):
    """A server that cannot listen (the port taken, not allowed) is an error of one line."""
    try:
        yield
    except OSError as exc:
        raise UserError(_("cannot listen on {host}:{port}: {reason} (try another --port)").format(
            host=host, port=port, reason=exc.strerror or exc)) from None


def _warn_if_public(host: str, warning: str) -> None:
    """``warning`` (about ``{host}``) when the server is reachable from beyond this machine."""
    if host not in LOOPBACK:
        click.echo(warning.format(host=host), err=True)


@click.command(cls=Command)
@paths_argument
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--remind", type=Remind(), default="30,7", show_default=True)
@click.option("--include-met", is_flag=True)
@click.option("--lang", type=LANG_CHOICE, default=None, help="Default language of the entries.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@click.pass_obj
def serve(settings: Settings, paths, host, port, remind, include_met, lang,
          quiet) -> None:
    """Serve /calendar/<org>.ics and /calendar/region/<county>.ics, recomputed as the record files change.

    Given a database workspace (velvoite db init), serve the shared workspace instead: log in,
    record entry, audits, reports, the JSON API and the same calendar feeds.

    Feeds are computed in parallel, on either engine."""
    from velvoite.web import is_workspace

    if len(paths) == 1 and is_workspace(paths[0]):  # a database workspace: the web application
        from velvoite.web.server import serve_workspace, workspace_server

        _warn_if_public(host, _("velvoite: warning: serving on {host} without TLS: passwords and session cookies "
                                "cross the network readable by anyone on the way; put it behind a TLS proxy "
                                "(deploy/README.md)"))
        if quiet:  # Django's lines of refused requests (4xx: "Unauthorized: /api/login"); its 5xx stay
            import logging  # here: every command line's start imports this module, few serve a workspace

            logging.getLogger("django.request").setLevel(logging.ERROR)
        with _listening(host, port):
            server = workspace_server(settings, paths[0], host, port)
        serve_workspace(server, paths[0], host)
        return
    from velvoite.calendar.feed import FeedApp
    from velvoite.calendar.service import FeedService, feed_export, files_state
    from velvoite.records import load_records
    from velvoite.serving import make_server, port_of, serve_forever

    registry = settings.registry
    settings.rules  # noqa: B018 (the packs first: they declare the kinds and fields records may have)
    state = files_state(list(paths))
    first = settings.records(paths)  # fail now, with the file and line, rather than on the first request
    waivers_of = _WaiversPerLoad(settings, first)
    stamp = source_date_epoch()

    def load() -> list:
        from velvoite.records.sources import Sources

        sources = Sources()
        records = load_records(list(paths), registry, None, settings.read_options(), sources)  # notes shown at start
        waivers_of.remember(records, sources)  # waivers kept as records change with the files
        return records

    export = feed_export(settings.system.with_waivers(waivers_of), remind, include_met, stamp)
    log = lambda text: click.echo(f"velvoite: {text}", err=True)  # noqa: E731 (server log lines stay English, as log tools expect)
    service = FeedService(list(paths), registry, load, export, log)
    service.start(state, first)
    _warn_if_public(host, _("velvoite: warning: serving on {host}: the feed has no authentication or TLS; anyone "
                            "who can reach this address can read it (put it behind a reverse proxy)"))
    app = FeedApp(service, today, log, settings.lang(lang), quiet)
    with _listening(host, port):
        server = make_server(app, host, port)
    click.echo(_("velvoite: serving http://{host}:{port}/calendar/<org>.ics (Ctrl-C to stop)").format(
        host=host, port=port_of(server)), err=True)
    try:
        serve_forever(server)
    except KeyboardInterrupt:
        pass


class _WaiversPerLoad:
    """The waivers of each loaded set of records (velvoite.toml's and the waiver records'), made
    once per load rather than per request."""

    def __init__(self, settings: Settings, first: list):
        self.settings, self.made = settings, {id(first): (first, settings.waivers)}

    def remember(self, records: list, sources) -> None:
        made = self.settings.waivers_of(records, sources)  # an error keeps the last good records (FeedService)
        last = list(self.made.items())[-1:]  # a request may still be computing from the previous records
        self.made = dict([*last, (id(records), (records, made))])

    def __call__(self, records: list) -> dict:
        return self.made[id(records)][1]
