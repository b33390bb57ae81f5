"""What every view of the workspace asks of a request: who is asking (their access), in which
language, and a JSON body (read as strictly as a record file); the one shape of a JSON error; and
what every answer carries (``Guard``): the security headers, and for the API, JSON errors only."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from http import HTTPStatus

from django.http import JsonResponse

from velvoite.i18n import resolve
from velvoite.web.access import access_of
from velvoite.web.state import state

MAX_JSON = 100_000  # a record is a few hundred bytes
MAX_DEPTH = 20  # a record is an object of lists of text: three deep
MAX_NUMBER = 40  # characters of one number (Python refuses ints over 4 300 digits with a 500)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
           "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}


def language(request) -> str:
    """``?lang=``, else the language Django's LocaleMiddleware chose (cookie, browser), else Finnish
    (also for a ``?lang=`` velvoite does not speak)."""
    return resolve(request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", None), default="fi")


def who(request):
    """The signed-in user's ``Access``, or None."""
    return access_of(request.user, state().registry)


def error(status: int, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": message, **({"field": field} if field else {})}, status=status)


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
            return _Bad(f"a number of {len(text)} characters")
        value = kind(text)
        return value if kind is int or math.isfinite(value) else _Bad(text)
    return parse


def _pairs(pairs: list) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise Refused(f"duplicate key {key!r}", key)
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
                raise Refused(f"nested more than {MAX_DEPTH} deep", field)
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
        raise Refused(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    stack = [(value, None)]  # a value JSON allows but a record does not, in a list
    while stack:
        item, field = stack.pop()
        if isinstance(item, _Bad):
            raise Refused(f"{item.why} is not a value of a record", field)
        if isinstance(item, list):
            stack.extend((v, field) for v in item)
        elif isinstance(item, dict):
            stack.extend((v, k) for k, v in item.items())
    return value


def json_body(request):
    """(the request's JSON, None) or (None, an error response)."""
    from django.core.exceptions import RequestDataTooBig

    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_JSON or len(request.body) > MAX_JSON:
            return None, error(413, "too large")
    except RequestDataTooBig:
        return None, error(413, "too large")
    except ValueError:
        return None, error(400, "Content-Length is not a number")
    try:
        return strict_json(request.body.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, error(400, "expected a JSON body (UTF-8)")
    except Refused as exc:
        return None, error(400, f"expected a JSON body: {exc}", exc.field)


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
