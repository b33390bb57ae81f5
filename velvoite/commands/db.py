"""``velvoite db``: a database workspace (the web extra): create or upgrade it, import record
files into it (all or nothing), export every record back to the record format."""

from __future__ import annotations

from pathlib import Path

import click

from velvoite.commands.language import MESSAGES_LANG

from velvoite.commands.common import OUTPUT, QUIET, Settings, UserError, paths_argument, write, writing
from velvoite.commands.translated import Command, Group
from velvoite.i18n import _

EXPORT_FORMATS = ("yaml", "json")  # not CSV: a cell starting = would be a formula in Excel, or changed


@click.group(cls=Group)
def db() -> None:
    """A database workspace: records in SQLite or PostgreSQL, shared through velvoite serve."""


@db.command("init", cls=Command)
@MESSAGES_LANG
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--database", default=None, metavar="URL",
              help="postgresql://USER@HOST/NAME for a shared server (the password from PGPASSWORD or "
                   "~/.pgpass); default: SQLite in FOLDER.")
def init(folder, database) -> None:
    """Create a database workspace in FOLDER, or bring an existing one's schema up to date."""
    from velvoite.web import WORKSPACE_FILE, is_workspace

    path = Path(folder)
    existed = is_workspace(path)
    if not existed:
        if path.exists() and any(path.iterdir()):
            raise UserError(_("{folder} exists and is not a database workspace: give an empty or new folder").format(
                folder=folder))
        if database and not database.startswith(("postgresql://", "postgres://", "sqlite:///")):
            raise click.BadParameter(_("expected postgresql://USER@HOST/NAME or sqlite:///FILE"),
                                     param_hint="'--database'")
        path.mkdir(parents=True, exist_ok=True)
        url = database or "sqlite:///velvoite.sqlite3"
        toml = (f"# A velvoite database workspace (velvoite db init); see velvoite/web/config.py.\n"
                f"[database]\nurl = {_toml_string(url)}\n")
        (path / WORKSPACE_FILE).write_text(toml, encoding="utf-8")
        if "@" in url.split("//", 1)[-1].split("/", 1)[0] and ":" in url.split("//", 1)[-1].split("@", 1)[0]:
            (path / WORKSPACE_FILE).chmod(0o600)  # a password in the URL: readable by its owner only
    elif database:
        raise UserError(_("{folder} is a database workspace already; its database is set in {file}").format(
            folder=folder, file=path / WORKSPACE_FILE))
    from velvoite.web.config import configure, migrate, pending_migrations

    configure(path)
    pending = pending_migrations()
    migrate()
    if existed:
        click.echo(_("velvoite: {folder}: {n} schema migrations applied").format(folder=folder, n=len(pending)), err=True)
    else:
        click.echo(_("velvoite: created the database workspace {folder}; add users with velvoite users add, "
                     "records with velvoite db import").format(folder=folder), err=True)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


@db.command("import", cls=Command)
@MESSAGES_LANG
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@paths_argument
@QUIET
@click.pass_obj
def import_(settings: Settings, folder, paths) -> None:
    """Store the records of PATHS in the database workspace FOLDER, all or nothing."""
    from velvoite.web.store import actor_of_cli, import_records, open_workspace

    records = settings.records(paths)  # every error of every file, as validate reports them
    open_workspace(folder)
    with settings.progress.task(_("Storing records in {folder}").format(folder=folder), len(records)) as step:
        counts = import_records(records, actor_of_cli(), "db import " + " ".join(map(str, paths)), step)
    click.echo(_("velvoite: {folder}: {created} records added, {updated} changed, {same} already stored").format(
        folder=folder, created=counts["create"], updated=counts["update"], same=counts[""]), err=True)


@db.command("export", cls=Command)
@MESSAGES_LANG
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="Default: from the -o extension, else yaml.")
@OUTPUT
@QUIET
@click.pass_obj
def export(settings: Settings, folder, fmt, output) -> None:
    """Write every record of the database workspace FOLDER in the record format (a backup that
    velvoite db import reads back exactly)."""
    from velvoite.commands.common import format_for
    from velvoite.web.export import as_json, as_yaml
    from velvoite.web.store import exported, open_workspace

    open_workspace(folder)
    settings.inputs.add(folder)
    fmt = format_for(fmt, output, "export", "yaml")
    with writing(output):
        write({"yaml": as_yaml, "json": as_json}[fmt](exported()), output)
