"""One record's pages: the record in words with its form (for its organisation), its history
field by field in Helsinki time, removal after a confirmation, and the undo of a removal from
the history; and the help page (how to subscribe to the calendar feed)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from velvoite.messages import date_text
from velvoite.web.confirmations import current as confirmed_now, may_confirm
from velvoite.web.forms import RecordForm, initial_of
from velvoite.web.http import language
from velvoite.web.pages import org_name, page, save_form, signed_in, summary, writes_for
from velvoite.web.record_words import label, shown
from velvoite.web.state import state
from velvoite.web.store import history, remove, removed, restore
from velvoite.web.words import words
from velvoite.web.workspace.models import StoredRecord

HELSINKI = ZoneInfo("Europe/Helsinki")


def when(at: dt.datetime, lang: str) -> str:
    """A moment in Helsinki time: 7.12.2026 20:47 in fi and sv, 2026-12-07 20:47 in English."""
    local = at.astimezone(HELSINKI)
    return f"{date_text(local.date(), lang)} {local:%H:%M}"


def in_words(values: dict | None, lang: str) -> list[tuple[str, str, str]]:
    """A record's fields as (label, value in words, id)."""
    registry = state().registry
    return [(label(k, lang), shown(k, v, registry, lang), k) for k, v in (values or {}).items() if k != "id"]


def changes(rows: list, lang: str) -> list[dict]:
    """Each history row with the fields it changed, before and after, in words."""
    registry, w = state().registry, words(lang)
    out = []
    for c in rows:
        before, after = c.before or {}, c.after or {}
        fields = [(label(k, lang), shown(k, before[k], registry, lang) if k in before else "",
                   shown(k, after[k], registry, lang) if k in after else "")
                  for k in dict.fromkeys([*before, *after]) if k != "id" and before.get(k) != after.get(k)]
        action = "restore" if c.source == "restore" else c.action
        out.append({"when": when(c.at, lang), "who": c.actor, "what": w["actions"][action], "fields": fields})
    return out


@signed_in
@require_http_methods(["GET", "POST"])
def record_page(request, access, rid: str):
    """One record: in words, its form to change it (for its organisation), its history, removal;
    a removed record's history with its undo."""
    lang = language(request)
    w = words(lang)
    stored = StoredRecord.objects.filter(rid=rid).first()
    if stored is None:
        return _removed_page(request, access, rid, lang)
    confirmable = may_confirm(access, stored)  # a participant it lists (web.confirm)
    if not (access.can_read(stored.org) or confirmable):
        raise Http404
    writable = access.can_write(stored.org)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    form = RecordForm(request.POST or None, initial=initial_of(stored.values, state().registry, lang),
                      kind=request.GET.get("kind") or stored.kind,
                      orgs=writes_for(access) or [state().registry.orgs[stored.org]], lang=lang, words=w)
    if request.method == "POST":
        record = save_form(form, access, lang, rid, request.user.username)
        if record is False:
            raise PermissionDenied
        if record is not None:
            return redirect(f"/records/?saved={rid}")
    return page(request, "record.html", {
        "form": form, "rid": rid, "stored": stored, "fields": in_words(stored.values, lang),
        "title": summary(stored.values, lang), "history": changes(history(rid), lang), "writable": writable,
        "confirmable": confirmable, "confirmed": [org_name(o, lang) for o in confirmed_now(stored)],
        "confirm_label": w["confirm"].format(org=org_name(access.org, lang))},
                 status=400 if request.method == "POST" and form.errors else 200)


def _removed_page(request, access, rid: str, lang: str):
    gone = removed(rid)
    if gone is None or not access.can_read(gone.org) or request.method != "GET":
        raise Http404
    return page(request, "record.html", {
        "form": None, "rid": rid, "stored": None, "fields": in_words(gone.before, lang),
        "title": summary(gone.before, lang), "history": changes(history(rid), lang),
        "writable": access.can_write(gone.org), "confirmable": False, "confirmed": []})


@signed_in
@require_http_methods(["GET", "POST"])
def remove_page(request, access, rid: str):
    """GET: what would be removed, and a button to remove it; POST: removed, and said so."""
    stored = StoredRecord.objects.filter(rid=rid).first()
    if stored is None or not access.can_read(stored.org):
        raise Http404
    if not access.can_write(stored.org):
        raise PermissionDenied
    if request.method == "GET":
        lang = language(request)
        return page(request, "remove.html", {"rid": rid, "title": summary(stored.values, lang),
                                              "fields": in_words(stored.values, lang)})
    with transaction.atomic():
        remove(rid, request.user.username, "web")
    return redirect(f"/records/?removed={rid}")


@signed_in
@require_http_methods(["POST"])
def restore_page(request, access, rid: str):
    """The undo of a removal: the record stored again as it was (its organisation's editors)."""
    with transaction.atomic():
        gone = removed(rid)
        if gone is None or not access.can_read(gone.org):
            raise Http404
        if not access.can_write(gone.org):
            raise PermissionDenied
        restore(gone, request.user.username)
    return redirect(f"/records/{rid}/")


@require_http_methods(["GET"])
def help_page(request):
    """How to use the workspace and subscribe to the calendar feed, in fi/sv/en."""
    return page(request, "help.html", {})
