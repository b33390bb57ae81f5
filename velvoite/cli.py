"""The command line: the click group, its shared options, and the one place where library errors
and signals become exit statuses. The commands themselves live in ``velvoite.commands``.

Exit status: 0 success, 1 when ``--fail-on`` is triggered, 2 on bad input or usage,
130 when interrupted (Ctrl-C), 143 when terminated (SIGTERM); an interrupted write leaves the
previous output as it was and no temporary file.
"""

from __future__ import annotations

import signal
import sys

import click

from velvoite import __version__, i18n
from velvoite.commands import WHERE, Commands
from velvoite.commands.common import CONFIG_NAME, Settings, UserError
from velvoite.commands.translated import Group as TranslatedGroup
from velvoite.engine_choice import ENGINES, describe_default
from velvoite.i18n import _


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so that ``finally`` blocks remove temporary files."""


class Stopped(click.ClickException):
    """The run was stopped by a signal; the exit status is 128 + the signal number."""

    def __init__(self, signum: int, what: str):
        super().__init__(what)
        self.exit_code = 128 + signum

    def show(self, file=None) -> None:
        click.echo(f"velvoite: {self.format_message()}", err=True)


def _terminate(signum, _frame) -> None:
    raise Terminated()


class Group(TranslatedGroup):
    """Speaks the language of the command line (``i18n.run_language``); translates library errors
    into exit status 2 with their located one-line messages, and Ctrl-C and SIGTERM into 130 and
    143 (click's own Ctrl-C handling exits 1, like ``--fail-on``)."""

    def main(self, args=None, prog_name=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        previous = i18n.activate(i18n.run_language(args, CONFIG_NAME))
        try:
            return super().main(args, prog_name, **extra)
        finally:
            i18n.restore(previous)

    def invoke(self, ctx: click.Context):
        from velvoite.errors import VelvoiteError

        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return super().invoke(ctx)
        except VelvoiteError as exc:
            raise UserError(str(exc)) from None
        except KeyboardInterrupt:
            raise Stopped(signal.SIGINT, _("interrupted; nothing was written")) from None
        except Terminated:
            raise Stopped(signal.SIGTERM, _("terminated; nothing was written")) from None
        finally:
            signal.signal(signal.SIGTERM, previous)


def _version(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    engine = ctx.params.get("engine") or describe_default()
    click.echo(_("velvoite {version} (engine: {engine})").format(version=__version__, engine=engine))
    ctx.exit()


@click.group(cls=Group, commands=Commands(WHERE), context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--engine", type=click.Choice(ENGINES), default=None, is_eager=True,
              help="Matcher: durable (durable-rules) or python. Default: python, measured faster at every size.")
@click.option("--config", type=click.Path(dir_okay=False, exists=True), default=None,
              help=f"Workspace config (default: ./{CONFIG_NAME} if present).")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
@click.option("--pack", "packs", multiple=True, metavar="ID",
              help="Check only the rules of this pack (repeatable; built-in: hyte, lapset, ikaantyneet, strategia, "
                   "opiskeluhuolto, pelastus, vaikuttamistoimielimet, suositukset, hytelisa; default: all, or packs in "
                   "velvoite.toml).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=False, callback=_version,
              help="Show the version and the active engine.")
@click.pass_context
def main(ctx: click.Context, engine: str | None, config: str | None, rule_packs: tuple[str, ...],
         packs: tuple[str, ...]) -> None:
    """Check the statutory HYTE and cooperation duties of Finnish municipalities and counties."""
    ctx.obj = Settings(engine, config, rule_packs, packs)


if __name__ == "__main__":  # pragma: no cover
    main()
