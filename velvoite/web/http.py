"""What every view of the workspace asks of a request: who is asking (their access), in which
language, and a JSON body; and the one shape of a JSON error."""

from __future__ import annotations

import json

from django.http import JsonResponse

from velvoite.web.access import access_of
from velvoite.web.state import state

LANGUAGES = ("fi", "sv", "en")
MAX_JSON = 100_000  # a record is a few hundred bytes


def language(request) -> str:
    """``?lang=``, else the language Django's LocaleMiddleware chose (cookie, browser), else Finnish."""
    lang = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "fi")
    return lang if lang in LANGUAGES else "fi"


def who(request):
    """The signed-in user's ``Access``, or None."""
    return access_of(request.user, state().registry)


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def json_body(request):
    """(the request's JSON, None) or (None, an error response)."""
    if len(request.body) > MAX_JSON:
        return None, error(413, "too large")
    try:
        return json.loads(request.body.decode("utf-8")), None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, error(400, "expected a JSON body")
