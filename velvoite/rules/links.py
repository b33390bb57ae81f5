"""A link a rule or a pack's citation template may give: a web address a reader may follow."""

from __future__ import annotations

from velvoite.errors import short
from velvoite.i18n import _


def web_address(url: str) -> str:
    """A link a reader may follow: https or http and a host, nothing else (no javascript:, file:)."""
    scheme, sep, rest = url.partition("://")
    if scheme.lower() not in ("https", "http") or not sep or not rest.split("/")[0] or any(c.isspace() for c in url):
        raise ValueError(_("{url} is not a web address: a link starts with https:// (or http://) and a host").format(
            url=short(url)))
    return url
