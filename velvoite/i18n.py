"""Translations: every message, help text, error and note of the command line in Finnish, Swedish
and English, through gettext catalogues (``velvoite/locale/{fi,sv}/LC_MESSAGES/velvoite.po``,
compiled to ``.mo``; ``make messages`` extracts, updates and compiles them with Babel).

The English text is the message id; a string is marked where it is written:

- ``_("unknown kind {kind}").format(kind=...)`` translates into the language of the run;
- ``ngettext("{n} record", "{n} records", n)`` chooses the plural form by the language's rules;
- ``N_("...")`` marks a text translated later, where it is shown (click help texts);
- ``tr(lang, "...")`` and ``ntr(lang, "...", "...", n)`` translate into a language given
  explicitly (a finding's explanation is in the language of its output, not of the run).

The language of the run is set once, by the command line (``activate``): ``--lang``, then
``lang`` in velvoite.toml, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then English.
Nothing below the command line chooses it.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "velvoite"
LANGS = ("fi", "sv", "en")

_active = {"lang": "en"}


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: the message ids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def activate(lang: str) -> tuple:
    """Make ``lang`` the language of the run's messages, also for click's own words (the standard
    ``gettext`` module's default domain and its ``LANGUAGE``); returns what ``restore`` needs."""
    previous = (_active["lang"], gettext.textdomain(), os.environ.get("LANGUAGE"))
    _active["lang"] = lang if lang in LANGS else "en"
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _active["lang"]
    return previous


def restore(previous: tuple) -> None:
    """Back to the language before ``activate`` (a test runs many command lines in one process)."""
    lang, domain, env = previous
    _active["lang"] = lang
    gettext.textdomain(domain)
    if env is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = env


def run_language(args: list[str], default_config: str) -> str:
    """The language of a command line: ``--lang``, then ``lang`` in the workspace file (``--config``
    or ``default_config`` when present), then the locale, then English. A config that cannot be read
    here says so later, in the language found so far."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    config = next((args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--config"),
                  next((arg[9:] for arg in args if arg.startswith("--config=")), default_config))
    try:
        import tomllib

        if os.path.isfile(config):  # not a device or a pipe: reading one might not end
            with open(config, "rb") as fh:
                lang = tomllib.load(fh).get("lang")
            if lang in LANGS:
                return lang
    except (OSError, ValueError, AttributeError, RecursionError):  # said by the command that reads it
        pass
    return locale_language() or "en"


def language() -> str:
    return _active["lang"]


def _(message: str) -> str:
    return catalogue(_active["lang"]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_active["lang"]).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for translation where it is shown."""
    return message


def tr(lang: str, message: str) -> str:
    return catalogue(lang).gettext(message)


def ntr(lang: str, singular: str, plural: str, n: int) -> str:
    return catalogue(lang).ngettext(singular, plural, n)


def locale_language(environ=os.environ) -> str | None:
    """fi or sv when the locale says so (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``), else None."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value[:2] in ("fi", "sv"):
            return value[:2]
        if value:
            return None
    return None
