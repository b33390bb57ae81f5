"""A view's refusal: the status, the message (already in the request's language) and the stable
``code`` for programs, raised by a view as it raises Django's ``Http404`` or ``PermissionDenied``
and answered in one place, ``http.refusal``: JSON for the API (``{"error", "code"}`` and
``"field"`` where one is at fault, or ``{"code", "errors"}`` for a record's errors), the message as
text for a page. It imports nothing, so any module of the workspace may raise it."""

from __future__ import annotations


class Refusal(Exception):
    """``status`` and ``message``; ``code`` (None: the status's, ``http.CODES``); ``field`` at
    fault; ``errors``: a record's errors (``[{"field", "message"}]``), given instead of one message;
    ``headers`` the answer carries (``Retry-After``)."""

    def __init__(self, status: int, message: str = "", code: str | None = None, field: str | None = None,
                 errors: list | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.field = status, message, code, field
        self.errors, self.headers = errors, dict(headers or {})
