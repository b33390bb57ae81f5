"""Translations: every message, help text, error and note of the command line in Finnish, Swedish
and English, through gettext catalogues (``velvoite/locale/{fi,sv}/LC_MESSAGES/velvoite.po``,
compiled to ``.mo``; ``make messages`` extracts, updates and compiles them with Babel).

The English text is the message id; a string is marked where it is written:

- ``_("unknown kind {kind}").format(kind=...)`` translates into the language of the run;
- ``ngettext("{n} record", "{n} records", n)`` chooses the plural form by the language's rules;
- ``N_("...")`` marks a text translated later, where it is shown (click help texts);
- ``tr(lang, "...")`` and ``ntr(lang, "...", "...", n)`` translate into a language given
  explicitly (a finding's explanation is in the language of its output, not of the run);
- ``NC_("status", "met")`` marks a word whose English has another meaning elsewhere, told apart by
  its context (gettext's ``msgctxt``), and ``ptr(lang, "status", "met")`` translates it;
- ``Words({...})`` is a table of the outputs' words (statuses, headings, column names), its
  English marked with ``N_`` or ``NC_``, translated once per language: ``STATUS[lang]["met"]``.

``LANGUAGES`` are the languages velvoite speaks (the one list; English is the message ids), and
``resolve`` the one rule choosing among them: an explicit option, then the configuration, then the
locale, then the face's own default (the command line: English; the workspace: Finnish).

The language of the messages is a context variable, not a process global: the command line sets it
once (``activate``: ``--lang``, then ``lang`` in velvoite.toml, then the locale ``LC_ALL``,
``LC_MESSAGES``, ``LANG``, then English), and the workspace per request (``speaking``), so requests
served at once by different threads each speak their own language without a lock. Nothing below
the faces chooses it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "velvoite"
LANGUAGES = ("fi", "sv", "en")  # the languages velvoite speaks, English last (its message ids)
TRANSLATED = LANGUAGES[:-1]  # the languages of the catalogues

_active: contextvars.ContextVar[str] = contextvars.ContextVar("velvoite_language", default="en")


def resolve(option: str | None = None, config: str | None = None, locale: str | None = None,
            default: str = "en") -> str:
    """The language of a run or a request: the explicit option, then the configuration, then the
    locale, each when it names a language velvoite speaks; else the face's ``default``."""
    for lang in (option, config, locale):
        if lang in LANGUAGES:
            return lang
    return default


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English: the message ids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def activate(lang: str) -> tuple:
    """Make ``lang`` the language of the run's messages, also for click's own words (the standard
    ``gettext`` module's default domain and its ``LANGUAGE``); returns what ``restore`` needs."""
    lang = resolve(lang)
    previous = (_active.set(lang), gettext.textdomain(), os.environ.get("LANGUAGE"))
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    return previous


def restore(previous: tuple) -> None:
    """Back to the language before ``activate`` (a test runs many command lines in one process)."""
    token, domain, env = previous
    _active.reset(token)
    gettext.textdomain(domain)
    if env is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = env


@contextlib.contextmanager
def speaking(lang: str):
    """velvoite's messages in ``lang`` while the block runs, in this thread or task only (a request
    of the workspace; click's own words are the command line's and stay as they are)."""
    token = _active.set(resolve(lang))
    try:
        yield
    finally:
        _active.reset(token)


def run_language(args: list[str], default_config: str) -> str:
    """The language of a command line: ``--lang``, then ``lang`` in the workspace file (``--config``
    or ``default_config`` when present), then the locale, then English. A config that cannot be read
    here says so later, in the language found so far."""
    option = next((lang for lang in _values(args, "--lang") if lang in LANGUAGES), None)
    return resolve(option, None if option else _config_language(args, default_config), locale_language())


def _values(args: list[str], option: str):
    """The values given to ``option`` on a command line (``--option VALUE`` or ``--option=VALUE``), in order."""
    for i, arg in enumerate(args):
        if arg == option and i + 1 < len(args):
            yield args[i + 1]
        elif arg.startswith(option + "="):
            yield arg[len(option) + 1:]


def _config_language(args: list[str], default_config: str) -> str | None:
    """``lang`` in the workspace file of a command line, read leniently (before click parses it)."""
    config = next((args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--config"),
                  next((arg[9:] for arg in args if arg.startswith("--config=")), default_config))
    try:
        if os.path.isfile(config):  # not a device or a pipe: reading one might not end
            import tomllib  # here: without a velvoite.toml the start does without it (3 ms of --help, --version)

            with open(config, "rb") as fh:
                return tomllib.load(fh).get("lang")
    except (OSError, ValueError, AttributeError, RecursionError):  # said by the command that reads it
        pass
    return None


def language() -> str:
    return _active.get()


def _(message: str) -> str:
    return catalogue(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_active.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for translation where it is shown."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:
    """Mark a text for translation in a context (``msgctxt``), where it is shown (``Words``)."""
    return context, message


def tr(lang: str, message: str) -> str:
    return catalogue(lang).gettext(message)


def ptr(lang: str, context: str, message: str) -> str:
    return catalogue(lang).pgettext(context, message)


class Words(dict):
    """A table of words for people, by language: ``table[lang]`` is the table in that language.

    ``english`` is the table in English, its texts marked ``N_(text)`` or, where one English word
    needs two translations, ``NC_(context, text)``: the English text is the message id and the
    catalogues (velvoite/locale) hold the Finnish and Swedish. A table may be one text, a list or a
    dict of them (nested). A language's table is built on its first use (an English run loads no
    catalogue) and kept in this dict, so ``STATUS[lang]["met"]`` is two plain dict lookups, as
    before the words moved; iterating the table gives its languages, each built.
    """

    def __init__(self, english, languages: tuple[str, ...] = LANGUAGES):
        super().__init__()
        self.english, self.languages = english, languages

    def __missing__(self, lang: str):
        if lang not in self.languages:
            raise KeyError(lang)
        built = self[lang] = _translated(self.english, catalogue(lang))
        return built

    def __contains__(self, lang) -> bool:
        return lang in self.languages

    def __iter__(self):
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def get(self, lang, default=None):
        return self[lang] if lang in self.languages else default

    def keys(self):
        return list(self.languages)

    def values(self):
        return [self[lang] for lang in self.languages]

    def items(self):
        return [(lang, self[lang]) for lang in self.languages]

    def messages(self) -> list[tuple[str | None, str]]:
        """The table's (context, English text) pairs, in order (context None where it has none)."""
        def walk(value):
            if isinstance(value, tuple):
                yield value
            elif isinstance(value, str):
                yield None, value
            else:
                for item in value.values() if isinstance(value, dict) else value:
                    yield from walk(item)
        return list(walk(self.english))


def _translated(value, catalogue_: gettext.NullTranslations):
    if isinstance(value, tuple):
        return catalogue_.pgettext(*value)
    if isinstance(value, str):
        return catalogue_.gettext(value)
    if isinstance(value, dict):
        return {key: _translated(item, catalogue_) for key, item in value.items()}
    return [_translated(item, catalogue_) for item in value]


def ntr(lang: str, singular: str, plural: str, n: int) -> str:
    return catalogue(lang).ngettext(singular, plural, n)


def locale_language(environ=os.environ) -> str | None:
    """fi or sv when the locale says so (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``), else None."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value[:2] in TRANSLATED:
            return value[:2]
        if value:
            return None
    return None
