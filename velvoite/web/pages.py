"""What the workspace's pages share, below every module of pages (``views``, ``record_pages``,
``proposal_pages``, ``feed_address``): the frame of a page in the request's language with who is
signed in (``page``), the signed-in check (``signed_in``: to the login page without one), an
organisation and a record in words, the organisations a user writes for, and the record of a form
checked and stored (``save_form``)."""

from __future__ import annotations

import functools

from django.db import transaction
from django.shortcuts import redirect, render

from velvoite.errors import InputErrors, VelvoiteError
from velvoite.i18n import speaking
from velvoite.web.http import language, who
from velvoite.web.record_words import kind_word, shown
from velvoite.web.state import state
from velvoite.web.store import new_id, put
from velvoite.web.words import words


def page(request, template: str, context: dict, status: int = 200):
    """``template`` rendered with the page's words, its language and who is signed in."""
    lang = language(request)
    access = who(request)
    w = words(lang)
    signed_in_as = ""
    if access is not None:
        org = state().registry.orgs.get(access.org)
        signed_in_as = w["signed_in_as"].format(user=request.user.username, role=w["roles"][access.role],
                                                org=org.name(lang) if org else "—")
    return render(request, f"velvoite/{template}",
                  {"w": w, "lang": lang, "who": signed_in_as, "access": access, **context}, status=status)


def signed_in(view):
    """A page given the signed-in user's ``Access`` after the request; without one, the login page."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        access = who(request)
        if access is None:
            return redirect("login")
        return view(request, access, *args, **kwargs)
    return wrapper


def org_name(org_id: str, lang: str) -> str:
    org = state().registry.orgs.get(org_id)
    return org.name(lang) if org else org_id


def writes_for(access) -> list:
    """The organisations the user writes records for (editors and coordinators: their own)."""
    return [state().registry.orgs[access.org]] if access.role in ("editor", "coordinator") else []


def summary(values: dict, lang: str) -> str:
    """A record in one line: its kind, its date and its organisation, in words."""
    registry = state().registry
    parts = (kind_word(values.get("kind", ""), lang), shown("date", values.get("date", ""), registry, lang),
             shown("org", values.get("org", ""), registry, lang))
    return ", ".join(p for p in parts if p)


def save_form(form, access, lang: str, rid: str | None, username: str):
    """The form's record checked by the loader and stored (its errors shown at the fields
    otherwise): the record, or None; False when the user may not write it."""
    if not form.is_valid():
        return None
    mapping = form.mapping()
    mapping["id"] = rid or new_id(mapping.get("org") or "")  # (no organisation: the loader says so at its field)
    with speaking(lang):
        try:
            record = state().check(mapping)
        except VelvoiteError as exc:
            form.show(exc.errors if isinstance(exc, InputErrors) else [exc])
            return None
    if not access.can_write(record.org):
        return False
    with transaction.atomic():
        put(record, username, "web")
    return record
