"""``velvoite users``: the people of a database workspace, their organisation and role.

editor       writes the records of their own organisation
coordinator  a county's: writes the county's records, reads those of its municipalities
analyst      reads everything
admin        reads everything, manages users (web); on this machine, anyone who can run this command
"""

from __future__ import annotations

import sys

import click

from velvoite.commands.common import Settings, UserError
from velvoite.commands.translated import Command, Group
from velvoite.i18n import _

ROLES = ("editor", "coordinator", "analyst", "admin")
FOLDER = click.argument("folder", type=click.Path(file_okay=False, exists=True))
EMAIL = click.argument("email")
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


def _validated(password: str, user=None) -> str:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise UserError(_("password: {reason}").format(reason=" ".join(exc.messages))) from None
    return password


def _user(email: str):
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=email.strip().lower()).first()
    if found is None:
        raise UserError(_("no user {email}").format(email=email))
    return found


@users.command("add", cls=Command)
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

    org = settings.registry.resolve(org_ref) if org_ref else None
    if role in ("editor", "coordinator") and org is None:
        raise click.BadParameter(_("the role {role} needs --org").format(role=role), param_hint="'--org'")
    from velvoite.web.access import may_coordinate

    if role == "coordinator" and not may_coordinate(org):
        raise click.BadParameter(_("{name} is not a county: a coordinator's organisation is a wellbeing services "
                                   "county (or Helsinki)").format(name=org.name_fi), param_hint="'--org'")
    open_workspace(folder)
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction

    from velvoite.web.workspace.models import Member

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise click.BadParameter(_("{email!r} is not an e-mail address").format(email=email), param_hint="'EMAIL'")
    model = get_user_model()
    if model.objects.filter(username=email).exists():
        raise UserError(_("{email} is a user already (velvoite users passwd changes the password)").format(email=email))
    password = _validated(_password(), model(username=email, email=email))
    with transaction.atomic():
        user = model.objects.create_user(username=email, email=email, password=password)
        Member.objects.create(user=user, org=org.id if org else "", role=role)
    click.echo(_("velvoite: added {email} ({role}{org})").format(
        email=email, role=role, org=f", {org.name_fi}" if org else ""), err=True)


@users.command("list", cls=Command)
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
@FOLDER
@EMAIL
def remove(folder, email) -> None:
    """Remove a user (the history keeps what they did, under their e-mail)."""
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    _user(email).delete()
    click.echo(_("velvoite: removed {email}").format(email=email.strip().lower()), err=True)


@users.command("passwd", cls=Command)
@FOLDER
@EMAIL
@PASSWORD_STDIN
def passwd(folder, email, password_stdin) -> None:
    """Set a user's password from standard input; their open sessions end."""
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    user = _user(email)
    user.set_password(_validated(_password(), user))
    user.save()
    click.echo(_("velvoite: password of {email} changed").format(email=user.username), err=True)
