"""``velvoite users``: the people of a database workspace, their organisation and role.

editor       writes the records of their own organisation
coordinator  a county's: writes the county's records, reads those of its municipalities
analyst      reads everything
admin        reads everything, manages users (web); on this machine, anyone who can run this command
"""

from __future__ import annotations

import sys

import click

from velvoite.commands.language import MESSAGES_LANG

from velvoite.commands.common import Settings, UserError
from velvoite.commands.translated import Command, Group
from velvoite.i18n import _

ROLES = ("editor", "coordinator", "analyst", "admin")
FOLDER = click.argument("folder", type=click.Path(file_okay=False, exists=True))
EMAIL = click.argument("email")
PARAMETERS = {"org": "'--org'", "role": "'--role'", "email": "'EMAIL'"}  # add_member's fields that are options here
PASSWORD_STDIN = click.option("--password-stdin", is_flag=True, required=True,
                              help="Read the password from standard input (one line), never from the command line.")


@click.group(cls=Group)
def users() -> None:
    """Users of a database workspace: add, list, remove, passwd."""


def _password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise UserError(_("no password on standard input"))
    return password


def _user(email: str):
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=email.strip().lower()).first()
    if found is None:
        raise UserError(_("no user {email}").format(email=email))
    return found


@users.command("add", cls=Command)
@MESSAGES_LANG
@FOLDER
@EMAIL
@click.option("--org", "org_ref", default=None, help="The user's organisation (id, code or name); "
              "a coordinator's is a county. Analysts and admins need none.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@PASSWORD_STDIN
@click.pass_obj
def add(settings: Settings, folder, email, org_ref, role, password_stdin) -> None:
    """Add a user with an organisation and a role; the password comes from standard input."""
    from velvoite.web.store import open_workspace

    org = settings.registry.resolve(org_ref) if org_ref else None  # (an unknown name: "did you mean")
    open_workspace(folder)
    from velvoite.web.people import Refused, add_member

    try:
        member = add_member(email, role, org, _password())
    except Refused as exc:
        if exc.field in PARAMETERS and exc.status != 409:  # (an existing user is no bad parameter)
            raise click.BadParameter(str(exc), param_hint=PARAMETERS[exc.field]) from None
        raise UserError(str(exc)) from None
    click.echo(_("velvoite: added {email} ({role}{org})").format(
        email=member.user.username, role=role, org=f", {org.name_fi}" if org else ""), err=True)


@users.command("list", cls=Command)
@MESSAGES_LANG
@FOLDER
@click.pass_obj
def list_(settings: Settings, folder) -> None:
    """The users of the workspace: e-mail, role, organisation, last login."""
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    from velvoite.web.workspace.models import Member

    for m in Member.objects.select_related("user").order_by("user__username"):
        org = settings.registry.orgs.get(m.org)
        last = m.user.last_login.date().isoformat() if m.user.last_login else "-"
        click.echo(f"{m.user.username}\t{m.role}\t{m.org or '-'}\t{org.name_fi if org else '-'}\t{last}")


@users.command("remove", cls=Command)
@MESSAGES_LANG
@FOLDER
@EMAIL
def remove(folder, email) -> None:
    """Remove a user (the history keeps what they did, under their e-mail)."""
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    _user(email).delete()
    click.echo(_("velvoite: removed {email}").format(email=email.strip().lower()), err=True)


@users.command("passwd", cls=Command)
@MESSAGES_LANG
@FOLDER
@EMAIL
@PASSWORD_STDIN
def passwd(folder, email, password_stdin) -> None:
    """Set a user's password from standard input; their open sessions end."""
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    user = _user(email)
    from velvoite.web.people import Refused, checked_password

    try:
        user.set_password(checked_password(_password(), user))
    except Refused as exc:
        raise UserError(str(exc)) from None
    user.save()
    click.echo(_("velvoite: password of {email} changed").format(email=user.username), err=True)
