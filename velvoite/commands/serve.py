"""``velvoite serve``: the calendar feeds over HTTP, recomputed from the record files as they change."""

from __future__ import annotations

import click

from velvoite.commands.calendar import Remind, source_date_epoch
from velvoite.commands.common import LANG_CHOICE, Settings, UserError, apply_read_options, paths_argument, today

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@paths_argument
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--remind", type=Remind(), default="30,7", show_default=True)
@click.option("--include-met", is_flag=True)
@click.option("--lang", type=LANG_CHOICE, default=None, help="Default language of the entries.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@click.pass_obj
def serve(settings: Settings, paths, skip_unknown, allow_future, host, port, remind, include_met, lang,
          quiet) -> None:
    """Serve /calendar/<org>.ics and /calendar/region/<county>.ics, recomputed on each request."""
    from velvoite.calendar.feed import make_server
    from velvoite.calendar.ics import export_calendar
    from velvoite.records import load_records

    apply_read_options(settings, skip_unknown, allow_future)
    registry, rules, waivers = settings.registry, settings.rules, settings.waivers
    settings.records(paths)  # fail now, with the file and line, rather than on the first request
    default_lang = settings.lang(lang)

    def produce(kind: str, ref: str, lang: str | None) -> bytes:
        lang = lang or default_lang
        records = load_records(list(paths), registry, None, settings.read_options())  # notes were shown at start
        if kind == "region":
            scope, name = registry.region(ref), registry.resolve(ref).name(lang)
        else:
            org = registry.resolve(ref)
            scope, name = [org], org.name(lang)
        return export_calendar(records, registry, rules, scope, name, today(), engine=settings.engine,
                               lang=lang, remind=remind, include_met=include_met, waivers=waivers,
                               stamp=source_date_epoch())

    if host not in LOOPBACK:
        click.echo(f"velvoite: warning: serving on {host}: the feed has no authentication or TLS; anyone who "
                   "can reach this address can read it (put it behind a reverse proxy)", err=True)
    try:
        server = make_server(produce, host, port, quiet)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (try another --port)") from None
    click.echo(f"velvoite: serving http://{host}:{server.server_address[1]}/calendar/<org>.ics "
               f"(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
