"""What every view of the workspace asks of a request: who is asking (their access), in which
language, and a JSON body (read as strictly as a record file); the one shape of a JSON error; and
what every answer carries (``Guard``): the security headers, and for the API, JSON errors only.
A view refuses by raising Django's ``Http404`` or ``PermissionDenied``, or ours, ``Refusal`` (a
status, a message and a stable code: a bad body, an unknown organisation, a record that exists);
``refusal`` answers them all, in one place (``Speaking``): for the API a JSON error with the view's
message and code, for a page the same words for a 404 or a 403 (a page never tells an address that
is not there from one not allowed) and the refusal's message as text for the rest.

A request is answered in its language (``Speaking``): velvoite's messages and Django's own (a form
field's error, a password rule) alike. A JSON error is ``{"error": MESSAGE, "code": CODE}`` (and
``"field"`` where one is at fault): the message for people, in the request's language; the code for
programs, stable and the same in every language (``CODES`` by status, or the one a view names)."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import re
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.utils import translation

from velvoite.escape.terminal import one_line
from velvoite.i18n import N_, _, resolve, speaking
from velvoite.web.access import access_of
from velvoite.web.refusal import Refusal
from velvoite.web.state import state
from velvoite.web.words import words

MAX_JSON = 100_000  # a record is a few hundred bytes
MAX_DEPTH = 20  # a record is an object of lists of text: three deep
MAX_NUMBER = 40  # characters of one number (Python refuses ints over 4 300 digits with a 500)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
           "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}


def language(request) -> str:
    """The request's language, as ``Speaking`` set it once; before (and outside) it: ``?lang=``,
    else the language Django's LocaleMiddleware chose (cookie, browser), else Finnish (also for a
    ``?lang=`` velvoite does not speak)."""
    return getattr(request, "velvoite_language", None) or resolve(
        request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", None), default="fi")


def who(request):
    """The signed-in user's ``Access``, or None: found once a request (again for another user,
    as after signing in or out)."""
    user, access = getattr(request, "velvoite_access", (None, None))
    if user is not request.user:
        access = access_of(request.user, state().registry)
        request.velvoite_access = (request.user, access)
    return access


# the code of an error for programs, by its status, where a view names none more precise
CODES = {400: "bad_request", 401: "login_required", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "exists", 413: "too_large", 429: "too_many_attempts", 500: "server_error"}
# what the API says of an error Django or the server made (Guard), in the request's language
REASONS = {400: N_("bad request"), 403: N_("forbidden"), 404: N_("not found"), 405: N_("method not allowed"),
           413: N_("too large"), 500: N_("internal server error")}


def error(status: int, message: str, field: str | None = None, code: str | None = None) -> JsonResponse:
    """A JSON error: ``message`` (already in the request's language), ``code`` for programs
    (``CODES[status]`` unless given), and the field at fault if any."""
    return JsonResponse({"error": message, "code": code or CODES.get(status, "error"),
                         **({"field": field} if field else {})}, status=status)


def api_signed_in(view):
    """An API view given the signed-in user's ``Access`` after the request (401 without one);
    under ``require_http_methods``, so that a method not allowed is 405 first."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        access = who(request)
        if access is None:
            raise Refusal(401, _("log in first: POST /api/login"))
        return view(request, access, *args, **kwargs)
    return wrapper


def refusal(request, exc: Exception):
    """The answer to a view's ``Refusal``, ``Http404`` or ``PermissionDenied`` (None to anything
    else). For the API (``/api/``) JSON: a refusal's message, code and field (or its record's
    errors), the view's message of a 404 or 403 (``REASONS`` without one) and its status's code.
    For a page: "You do not have access to this." for a 404 or 403, a refusal's message as text."""
    api = request.path.startswith("/api/")
    if isinstance(exc, Refusal):
        if not api:
            response = HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
        elif exc.errors is not None:
            response = JsonResponse({"code": exc.code, "errors": exc.errors}, status=exc.status)
        else:
            response = error(exc.status, exc.message, exc.field, exc.code)
        for name, value in exc.headers.items():
            response[name] = value
        return response
    status = 404 if isinstance(exc, Http404) else 403 if isinstance(exc, PermissionDenied) else None
    if status is None:
        return None
    if api:
        return error(status, str(exc) or _(REASONS[status]))
    return (HttpResponseNotFound if status == 404 else HttpResponseForbidden)(words(language(request))["forbidden"])


class Speaking:
    """The request's language (``language``: ``?lang=``, else LocaleMiddleware's choice) made the
    language of its answer: Django's (its form and password messages; ``request.LANGUAGE_CODE``)
    and velvoite's (``velvoite.i18n.speaking``), for this request's thread alone. After
    LocaleMiddleware, before any view (``language`` answers what it chose; ``who``, the access,
    is found once a request too); a view's refusal is answered here (``refusal``), in that
    language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.velvoite_language = language(request)  # (once: the views ask language())
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        with speaking(lang):
            repeated = once_each(request)
            if repeated is not None:
                return refusal(request, repeated)
            return self.get_response(request)

    def process_exception(self, request, exc):
        return refusal(request, exc)


def once_each(request) -> Refusal | None:
    """A 400 for an address that gives a parameter twice (``?org=a&org=b``: no form of the
    workspace sends one twice, and keeping either value would answer a question that was not asked
    in silence), or None. Forms posted are checked field by field (``forms.OnceEach``)."""
    for name, values in request.GET.lists():
        if len(values) > 1:
            shown = one_line(name, 60)
            return Refusal(400, _("{name} is given more than once in the address: give it once").format(name=shown),
                           field=shown)
    return None


class Refused(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class _Bad:  # a value JSON allows but a record does not (NaN, a number of a thousand digits)
    def __init__(self, why: str):
        self.why = why


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER:
            return _Bad(_("a number of {n} characters").format(n=len(text)))
        value = kind(text)
        return value if kind is int or math.isfinite(value) else _Bad(text)
    return parse


def _pairs(pairs: list) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise Refused(_("duplicate key {key}").format(key=repr(key)), key)
        found[key] = value
    return found


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:]')


def _nesting(text: str) -> None:
    """Refuses JSON nested deeper than ``MAX_DEPTH`` before it is parsed (the parser would recurse
    40 000 deep), naming the top-level key it happened under."""
    depth, last, field = 0, None, None
    for token in _TOKEN.finditer(text):
        t = token[0]
        if t in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(_("nested more than {depth} deep").format(depth=MAX_DEPTH), field)
        elif t in "]}":
            depth -= 1
        elif t == ":":
            if depth == 1 and last is not None:
                field = last
        else:
            last = t[1:-1]


def strict_json(text: str):
    """JSON as strictly as a record file reads it: no duplicate keys, no NaN or Infinity, no number
    longer than ``MAX_NUMBER`` characters, nothing nested deeper than ``MAX_DEPTH``; Refused names
    the field (the key) where it can."""
    _nesting(text)
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=lambda name: _Bad(name),
                           parse_int=_number(int), parse_float=_number(float))
    except json.JSONDecodeError as exc:
        raise Refused(_("not JSON: {reason} (line {line}, column {column})").format(
            reason=exc.msg, line=exc.lineno, column=exc.colno)) from None  # (the parser's reason is English)
    stack = [(value, None)]  # a value JSON allows but a record does not, in a list
    while stack:
        item, field = stack.pop()
        if isinstance(item, _Bad):
            raise Refused(_("{value} is not a value of a record").format(value=item.why), field)
        if isinstance(item, list):
            stack.extend((v, field) for v in item)
        elif isinstance(item, dict):
            stack.extend((v, k) for k, v in item.items())
    return value


def json_body(request):
    """The request's JSON, read as strictly as a record file (``strict_json``); else ``Refusal``
    (413, or 400 ``invalid_json`` naming the field where it can)."""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_JSON or len(request.body) > MAX_JSON:
            raise Refusal(413, _("too large"))
    except RequestDataTooBig:
        raise Refusal(413, _("too large")) from None
    except ValueError:
        raise Refusal(400, _("Content-Length is not a number")) from None
    try:
        return strict_json(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refusal(400, _("expected a JSON body (UTF-8)"), "invalid_json") from None
    except Refused as exc:
        raise Refusal(400, _("expected a JSON body: {reason}").format(reason=exc), "invalid_json", exc.field) from None


_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""")


def csp_with_styles(page: str) -> str:
    """The Content-Security-Policy of a page whose styles are its own (the report, a document
    of its own that velvoite writes and escapes): ``CSP`` with the hashes of exactly those styles."""
    styles = {m[1] for m in _STYLE_BLOCK.finditer(page)}
    attributes = {html.unescape(m[1] if m[1] is not None else m[2]) for m in _STYLE_ATTRIBUTE.finditer(page)}
    hashes = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"
                    for text in styles | attributes)
    return CSP.replace("style-src 'self'", " ".join(["style-src 'self'", *(["'unsafe-hashes'"] if attributes else []),
                                                     *hashes]))


class Guard:
    """The outermost middleware: every answer carries the security headers (a page may set a
    Content-Security-Policy of its own, as the report page does for its styles), and every error
    of the API (``/api/``) is JSON, whoever made it (an unknown address, a method not allowed,
    the CSRF check, a failure in a view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.status_code >= 400 and \
                not response.get("Content-Type", "").startswith("application/json"):
            with speaking(language(request)):  # (outside Speaking: the answer is made)
                if response.status_code in REASONS:
                    reason = _(REASONS[response.status_code])
                else:
                    try:
                        reason = HTTPStatus(response.status_code).phrase.lower()
                    except ValueError:
                        reason = "error"
            replaced = error(response.status_code, reason)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            response = replaced
        for name, value in HEADERS.items():
            if not response.has_header(name):
                response[name] = value
        return response
