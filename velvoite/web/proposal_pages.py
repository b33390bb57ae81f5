"""The review of proposed records (Ehdotukset, Förslag; issue 30): the proposals ``velvoite
harvest --into`` queued for an organisation, each with the snippet of its decision text, its link
and its archived copy; accepted through the record form (corrected where the reading was wrong)
as a normal record, or rejected with a reason. Only the organisation's editors (and a county's
coordinator, for the county) decide; those who may read the organisation see a proposal."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from velvoite.i18n import N_
from velvoite.records.body import BODIES
from velvoite.words.values import DECISION_WORDS
from velvoite.records.kinds import catalogue
from velvoite.web.forms import OnceEach, RecordForm, kind_choices
from velvoite.web.http import language
from velvoite.web.pages import page, save_form, signed_in
from velvoite.web.proposals import decide, with_provenance
from velvoite.web.record_pages import when
from velvoite.web.record_words import date_word, kind_word
from velvoite.web.refusal import Refusal
from velvoite.web.state import state
from velvoite.web.words import translated, words
from velvoite.web.workspace.models import REJECT_REASONS, Proposal

WORDS = {
    "title": N_("Proposals"),
    "help": N_("Records read from published minutes by velvoite harvest. None of them counts in the audit "
               "until you accept it: check each against its minutes, correct what was read wrong, then accept "
               "it as a record or reject it."),
    "none": N_("No proposals are waiting."),
    "review": N_("Review"),
    "source": N_("Minutes"),
    "archived_copy": N_("Archived copy"),
    "no_copy": N_("no archived copy"),
    "snippet": N_("Decision text"),
    "why": N_("Why it was proposed"),
    "section": N_("Section"),
    "decision": N_("Decision"),
    "accept": N_("Accept as a record"),
    "accept_help": N_("The record is saved with the link to the minutes, the archived copy's SHA-256 and your "
                      "name in its notes."),
    "reject": N_("Reject"),
    "reason": N_("Why it is rejected"),
    "reason_text": N_("Explanation"),
    "reason_needed": N_("Say why, in a few words."),
    "accepted": N_("Accepted as the record {id}."),
    "rejected": N_("Rejected."),
    "decided": N_("This proposal was decided already ({status}, {who}, {when})."),
    "recent": N_("Decided lately"),
    "status": {"pending": N_("waiting"), "accepted": N_("accepted"), "rejected": N_("rejected")},
    "reasons": {"not_a_decision": N_("not a decision"), "wrong_body": N_("wrong body"),
                "statement": N_("a statement"), "duplicate": N_("a duplicate"), "other": N_("other")},
    "decisions": DECISION_WORDS,
}


def proposal_words(lang: str) -> dict:
    """The page's words in ``lang``."""
    return translated(WORDS, lang)


class RejectForm(OnceEach):
    def __init__(self, *args, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        p = proposal_words(lang)
        self.fields["reason"] = forms.ChoiceField(label=p["reason"], widget=forms.RadioSelect,
                                                  choices=[(r, p["reasons"][r]) for r in REJECT_REASONS])
        self.fields["text"] = forms.CharField(label=p["reason_text"], required=False, max_length=4000,
                                              widget=forms.Textarea(attrs={"rows": 3}))
        self.needed = p["reason_needed"]

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not (data.get("text") or "").strip():
            self.add_error("text", self.needed)
        return data


class AcceptForm(RecordForm):
    """The record form of a proposal: what is saved carries the provenance in its notes."""

    def __init__(self, *args, proposal, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal, self.who = proposal, who

    def mapping(self) -> dict:
        out = super().mapping()
        out["notes"] = with_provenance(out.get("notes", ""), self.proposal, self.who)
        return out


def _address(proposal) -> str:
    """The item's own address: the reader's ``url``, else the source when it is a web address."""
    url = (proposal.harvested or {}).get("url") or proposal.source
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


def initial(proposal, lang: str) -> dict:
    """The record form filled from the proposal, as the form writes its values."""
    date = date_word(proposal.date.isoformat(), lang) if proposal.date else ""
    reference = proposal.reference or " ".join(
        p for p in (proposal.body, date_word(proposal.date.isoformat(), "fi") if proposal.date else "",
                    f"§ {proposal.section}" if proposal.section else "") if p)
    out = {"org": proposal.org, "kind": proposal.kind, "date": date, "reference": reference,
           "url": _address(proposal), "notes": proposal.title}
    if proposal.body_tier in BODIES:
        out["body"] = proposal.body_tier
    if proposal.decision in ("approved", "noted"):
        out["decision"] = proposal.decision
    return out


def shown(proposal, lang: str) -> dict:
    """A proposal in words, for the list and its page."""
    p = proposal_words(lang)
    return {"pk": proposal.pk, "title": proposal.title or proposal.reference or proposal.source,
            "kind": kind_word(proposal.kind, lang) if proposal.kind in catalogue() else proposal.kind,
            "date": date_word(proposal.date.isoformat(), lang) if proposal.date else "",
            "body": proposal.body, "section": proposal.section, "reference": proposal.reference,
            "decision": p["decisions"].get(proposal.decision, proposal.decision), "snippet": proposal.snippet,
            "address": _address(proposal), "source": proposal.source, "has_copy": proposal.copy_id is not None,
            "reasons": list((proposal.harvested or {}).get("reasons") or []),
            "status": p["status"].get(proposal.status, proposal.status), "record": proposal.record,
            "why_rejected": p["reasons"].get(proposal.reason, "") if proposal.reason else "",
            "reason_text": proposal.reason_text, "decided_by": proposal.decided_by}


@signed_in
@require_http_methods(["GET"])
def proposals_page(request, access):
    """The organisation's proposals waiting for review, and those decided lately."""
    lang = language(request)
    if not access.can_write(access.org or ""):
        raise PermissionDenied
    p = proposal_words(lang)
    mine = Proposal.objects.filter(org=access.org)
    note = ""
    accepted = request.GET.get("accepted")
    if accepted and mine.filter(status="accepted", record=accepted).exists():  # (not any text put in the address)
        note = p["accepted"].format(id=accepted)
    elif "rejected" in request.GET:
        note = p["rejected"]
    return page(request, "proposals.html", {
        "p": p, "note": note, "org": state().registry.orgs[access.org],
        "pending": [shown(x, lang) for x in mine.filter(status="pending").order_by("date", "id")],
        "recent": [shown(x, lang) for x in mine.exclude(status="pending").order_by("-decided_at", "-id")[:20]]})


def _found(access, pk: int):
    """The proposal; Http404 unless its organisation is readable."""
    proposal = Proposal.objects.filter(pk=pk).first()
    if proposal is None or not access.can_read(proposal.org):
        raise Http404
    return proposal


def _forms(request, proposal, access, lang: str, bound: str = ""):
    w = words(lang)
    accept = AcceptForm(request.POST if bound == "accept" else None, initial=initial(proposal, lang),
                        kind=request.GET.get("kind") or proposal.kind, orgs=[state().registry.orgs[proposal.org]],
                        lang=lang, words=w, proposal=proposal, who=request.user.username)
    reject = RejectForm(request.POST if bound == "reject" else None, lang=lang, auto_id="reject_%s")
    return accept, reject


def _proposal_page(request, proposal, access, lang: str, accept=None, reject=None, status: int = 200):
    writable = access.can_write(proposal.org) and proposal.status == "pending"
    if writable and accept is None:
        accept, reject = _forms(request, proposal, access, lang)
    p = proposal_words(lang)
    decided = "" if proposal.status == "pending" else p["decided"].format(
        status=p["status"][proposal.status], who=proposal.decided_by,
        when=when(proposal.decided_at, lang) if proposal.decided_at else "")
    return page(request, "proposal.html", {
        "p": p, "x": shown(proposal, lang), "form": accept if writable else None,
        "reject": reject if writable else None, "kinds": kind_choices(lang), "decided": decided,
        "action": f"/proposals/{proposal.pk}/"}, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def proposal_page(request, access, pk: int):
    """GET: the proposal with the record form filled from it and the rejection; POST: accepted,
    the record saved through the record form's path (its errors at the fields otherwise)."""
    lang = language(request)
    proposal = _found(access, pk)
    if request.method == "GET":
        return _proposal_page(request, proposal, access, lang)
    if not access.can_write(proposal.org):
        raise PermissionDenied
    with transaction.atomic():  # (one decision: a second editor accepting at once waits, then sees it decided)
        proposal = Proposal.objects.select_for_update().get(pk=pk)
        if proposal.status != "pending":
            return _proposal_page(request, proposal, access, lang, status=409)
        accept, reject = _forms(request, proposal, access, lang, bound="accept")
        record = save_form(accept, access, lang, None, request.user.username)
        if record is False:
            raise PermissionDenied
        if record is None:
            return _proposal_page(request, proposal, access, lang, accept, reject, status=400)
        decide(proposal, "accepted", request.user.username, record=record.id)
    return redirect(f"/proposals/?accepted={record.id}")


@signed_in
@require_http_methods(["POST"])
def reject_page(request, access, pk: int):
    """The proposal rejected, with its reason (and an explanation for "other")."""
    lang = language(request)
    proposal = _found(access, pk)
    if not access.can_write(proposal.org):
        raise PermissionDenied
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=pk)
        if proposal.status != "pending":
            return _proposal_page(request, proposal, access, lang, status=409)
        accept, reject = _forms(request, proposal, access, lang, bound="reject")
        if not reject.is_valid():
            return _proposal_page(request, proposal, access, lang, accept, reject, status=400)
        decide(proposal, "rejected", request.user.username, reject.cleaned_data["reason"],
               reject.cleaned_data.get("text") or "")
    return redirect("/proposals/?rejected")


SAFE_CHARSETS = frozenset(("utf-8", "windows-1252", "iso-8859-1", "iso-8859-15"))


def _utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@signed_in
@require_http_methods(["GET"])
def copy_page(request, access, pk: int):
    """The archived copy of a proposal's source, as it was read. It is someone else's page: shown
    sandboxed (no script, no request it would make, no cookie of ours), a PDF or other file as a
    download."""
    lang = language(request)
    proposal = _found(access, pk)
    if proposal.copy is None:
        raise Refusal(404, proposal_words(lang)["no_copy"])
    copy = proposal.copy
    kind = copy.content_type.split(";")[0].strip().lower()
    shown_inline = kind in ("text/html", "text/plain")
    content = bytes(copy.content)
    # The type is ours, never the copy's own words: its charset only when a browser knows it for
    # what it is (not UTF-7 and the like), else read from the bytes (a file read from disk says none)
    charset = copy.content_type.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
    if charset not in SAFE_CHARSETS:
        charset = "utf-8" if _utf8(content) else "windows-1252"
    response = HttpResponse(content, content_type=f"{kind}; charset={charset}" if shown_inline
                            else "application/octet-stream")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["X-Velvoite-SHA256"] = copy.sha256
    if not shown_inline:
        name = "".join(c for c in copy.source.rsplit("/", 1)[-1] if c.isalnum() or c in "._-")[:80] or copy.sha256
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

