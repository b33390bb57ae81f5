"""Django configured for one database workspace: ``configure(DIR)`` before any model is used.

Everything a deployment may change is in the workspace's ``workspace.toml`` or the environment
(``VELVOITE_DATABASE_URL``, ``VELVOITE_SECRET_KEY``), never in code:

    [database]
    url = "sqlite:///velvoite.sqlite3"       # or "postgresql://velvoite@db.example.fi/velvoite"
    [server]
    allowed_hosts = ["velvoite.example.fi"]  # the names the server answers to (besides loopback)
    behind_tls_proxy = true                  # cookies only over HTTPS; trust X-Forwarded-Proto
    trusted_proxies = ["127.0.0.1", "::1"]   # the proxies (addresses or networks) whose X-Forwarded-For
                                             # says who the client is (login throttling counts by client)
    compute_processes = 2                    # velvoite serve: audits and reports in 2 processes of their
                                             # own (0: in the server's interpreter; web/compute.py)
    compute_queue = 16                       # requests that may wait for one (more: 503 at once)
    compute_timeout = 300                    # seconds a computation may take (then 503, process replaced)
    [feeds]
    public = true                            # login-free calendar feeds, without the records' notes
                                             # (otherwise each user's secret address only)
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from velvoite.errors import InputError, VelvoiteError, did_you_mean
from velvoite.i18n import LANGUAGES, _
from velvoite.web import WORKSPACE_FILE

NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}  # each language in its own words (the language menu)

SECRET_FILE = "secret_key"
COMPUTE = {"compute_processes": ("processes", 0, 64), "compute_queue": ("queue", 0, 10_000),
           "compute_timeout": ("timeout", 1, 86_400)}  # [server] setting: (its name in web.compute, low, high)
KEYS = {"database": ("url",), "server": ("allowed_hosts", "behind_tls_proxy", "trusted_proxies", *COMPUTE),
        "feeds": ("public",)}  # what workspace.toml may say
SQLITE_DEFAULT = "sqlite:///velvoite.sqlite3"
_configured: list[Path] = []


def database(url: str, folder: Path, where: str) -> dict:
    """Django's DATABASES entry for a URL: ``sqlite:///relative/or/absolute.sqlite3`` or
    ``postgresql://user[:password]@host[:port]/name`` (a password is better in PGPASSWORD or
    ~/.pgpass, which libpq reads)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = Path(unquote(parts.path)[1:])  # sqlite:///name is relative, sqlite:////abs/name absolute
        path = name if name.is_absolute() else folder / name
        # WAL with synchronous=FULL: a write acknowledged is on disk (kill -9 the next instant loses
        # nothing); IMMEDIATE transactions: writers wait for each other instead of failing
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                            "PRAGMA foreign_keys=ON;",
                            "transaction_mode": "IMMEDIATE", "timeout": 20}}
    if parts.scheme in ("postgresql", "postgres"):
        if not parts.path.strip("/"):
            raise InputError(where, None, "database.url", _("name the database: postgresql://user@host/NAME"))
        return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(parts.path.strip("/")),
                "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "", "PORT": str(parts.port or ""), "CONN_MAX_AGE": 60,
                "OPTIONS": {"connect_timeout": 10}}
    raise InputError(where, None, "database.url", _("{url} is not sqlite:///FILE or postgresql://USER@HOST/NAME").format(
        url=repr(url.split("@")[-1])))


def read_workspace(folder: Path) -> dict:
    where = str(folder / WORKSPACE_FILE)
    try:
        text = (folder / WORKSPACE_FILE).read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, None, None, _("cannot read: {reason}").format(reason=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib names the line only in its message before Python 3.14 (no exc.lineno): read it there
        line = getattr(exc, "lineno", None) or re.search(r"\(at line (\d+)", str(exc))
        raise InputError(where, line if isinstance(line, int) or line is None else int(line[1]), None,
                         _("not valid TOML: {reason}").format(reason=str(exc).split(" (at ")[0])) from None
    unknown = set(data) - set(KEYS)
    if unknown:
        section = sorted(unknown)[0]
        found = re.search(rf"^[ \t]*\[[ \t]*{re.escape(section)}[ \t]*[\].]", text, re.MULTILINE)
        raise InputError(where, text.count("\n", 0, found.start()) + 1 if found else _line_of(text, section), section,
                         _("unknown section (expected {sections})").format(sections=", ".join(KEYS))
                         + did_you_mean(section, list(KEYS)))
    for section, keys in KEYS.items():
        values = data.get(section, {})
        if not isinstance(values, dict):
            raise InputError(where, None, section, _("expected a section [{name}]").format(name=section))
        for key in sorted(set(values) - set(keys)):  # nothing written there is ignored in silence
            raise InputError(where, _line_of(text, key), f"{section}.{key}", _("unknown setting") + did_you_mean(key, keys))
    return data


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def public_feeds(data: dict, folder: Path) -> bool:
    """``[feeds] public``: whether the login-free feeds are served (without the records' notes);
    true or false, checked (file, line, field)."""
    given = data.get("feeds", {}).get("public", False)
    if not isinstance(given, bool):
        where = folder / WORKSPACE_FILE
        raise InputError(str(where), _line_of(where.read_text("utf-8"), "public"), "feeds.public",
                         _("expected true or false (got {value})").format(value=repr(given)))
    return given


def trusted_proxies(data: dict, folder: Path) -> tuple:
    """``[server] trusted_proxies``: the addresses or networks (``10.0.0.0/8``) of the proxies in
    front of the server, checked (file, line, field)."""
    given = data.get("server", {}).get("trusted_proxies", [])
    where = folder / WORKSPACE_FILE

    def line() -> int | None:  # (the file read again only for an error's line)
        return _line_of(where.read_text("utf-8"), "trusted_proxies") if given != [] else None

    if not isinstance(given, list):
        raise InputError(str(where), line(), "server.trusted_proxies",
                         _('expected a list of addresses, such as ["127.0.0.1", "::1"]'))
    networks = []
    for item in given:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except (TypeError, ValueError):
            raise InputError(str(where), line(), "server.trusted_proxies", _(
                "{value} is not an IP address or network (such as 127.0.0.1, ::1 or 10.0.0.0/8)").format(
                value=repr(item))) from None
    return tuple(networks)


def compute(data: dict, folder: Path) -> dict:
    """``[server] compute_processes``, ``compute_queue``, ``compute_timeout`` (``web.compute``): those
    given, each a whole number within its bounds, checked (file, line, field)."""
    chosen = {}
    for key, (name, low, high) in COMPUTE.items():
        given = data.get("server", {}).get(key)
        if given is None:
            continue
        if isinstance(given, bool) or not isinstance(given, int) or not low <= given <= high:
            where = folder / WORKSPACE_FILE
            raise InputError(str(where), _line_of(where.read_text("utf-8"), key), f"server.{key}",
                             _("expected a whole number from {low} to {high} (got {value})").format(
                                 low=low, high=high, value=str(given).lower() if isinstance(given, bool)
                                 else given.isoformat() if hasattr(given, "isoformat") else repr(given)))  # a TOML date as written
        chosen[name] = given
    return chosen


def secret_key(folder: Path) -> str:
    """The key signing sessions and CSRF tokens: VELVOITE_SECRET_KEY, else the workspace's own file
    (made by ``db init``, readable by its owner only)."""
    if os.environ.get("VELVOITE_SECRET_KEY"):
        return os.environ["VELVOITE_SECRET_KEY"]
    path = folder / SECRET_FILE
    if not path.exists():
        write_secret(path)
    return path.read_text("ascii").strip()


def write_secret(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(50) + "\n")


def private(db: dict, folder: Path) -> dict:
    """A SQLite database's file made readable by its owner only (0600) before SQLite first opens it,
    and the workspace folder it is made in closed to others (0700; another folder that velvoite makes
    for it, too); SQLite gives its -wal and -shm files the database's mode. An existing database
    is left as it is."""
    path = Path(db["NAME"])
    if db["ENGINE"].endswith("sqlite3") and not path.exists():
        made = not path.parent.exists()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if made or path.parent.resolve() == folder:
            path.parent.chmod(0o700)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # (made by another process this instant)
            pass
    return db


def configure(folder: str | Path, hosts: tuple[str, ...] = ()) -> None:
    """Set Django up for the workspace in ``folder`` (once per process: a second, other folder is
    an error)."""
    folder = Path(folder).resolve()
    if _configured:
        if _configured[0] != folder:
            raise VelvoiteError(_("one database workspace per run: {folder} after {first}").format(
                folder=folder, first=_configured[0]))
        return
    try:
        import django
        from django.conf import settings
    except ImportError:
        raise VelvoiteError(_("{folder} is a database workspace: install the web extra "
                              "(pip install 'velvoite[web]') to read it").format(folder=folder)) from None
    data = read_workspace(folder)
    db = data.get("database", {})
    server = data.get("server", {})
    url = os.environ.get("VELVOITE_DATABASE_URL") or db.get("url") or SQLITE_DEFAULT
    behind_tls = bool(server.get("behind_tls_proxy", False))
    proxies = trusted_proxies(data, folder)
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secret_key(folder),
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "[::1]", *server.get("allowed_hosts", []), *hosts],
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                        "velvoite.web.workspace"],
        MIDDLEWARE=["velvoite.web.http.Guard", "django.middleware.security.SecurityMiddleware",
                    "django.contrib.sessions.middleware.SessionMiddleware",
                    "django.middleware.locale.LocaleMiddleware", "velvoite.web.http.Speaking",
                    "django.middleware.common.CommonMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware",
                    "django.middleware.clickjacking.XFrameOptionsMiddleware"],
        ROOT_URLCONF="velvoite.web.urls",
        DATABASES={"default": private(database(url, folder, str(folder / WORKSPACE_FILE)), folder)},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher",
                          "django.contrib.auth.hashers.PBKDF2PasswordHasher"],
        AUTH_PASSWORD_VALIDATORS=[{"NAME": "velvoite.web.passwords.MinimumLength",  # Django's, in fi too
                                   "OPTIONS": {"min_length": 10}},
                                  {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"}],
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_AGE=8 * 3600,
        SESSION_COOKIE_SECURE=behind_tls, CSRF_COOKIE_SECURE=behind_tls,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https") if behind_tls else None,
        SECURE_CONTENT_TYPE_NOSNIFF=True, SECURE_REFERRER_POLICY="same-origin", X_FRAME_OPTIONS="DENY",
        CSRF_FAILURE_VIEW="velvoite.web.views.csrf_failure",
        LANGUAGES=[(lang, NAMES[lang]) for lang in LANGUAGES], LANGUAGE_CODE="fi",
        USE_I18N=True, USE_TZ=True, TIME_ZONE="Europe/Helsinki",
        TEMPLATES=[{"BACKEND": "django.template.backends.jinja2.Jinja2", "APP_DIRS": True,
                    "OPTIONS": {"autoescape": True}}],
        DATA_UPLOAD_MAX_MEMORY_SIZE=1_000_000, DATA_UPLOAD_MAX_NUMBER_FIELDS=200,
        LOGGING_CONFIG=None, VELVOITE_TRUSTED_PROXIES=proxies, VELVOITE_PUBLIC_FEEDS=public_feeds(data, folder),
        VELVOITE_COMPUTE=compute(data, folder),
    )
    django.setup()
    _configured.append(folder)


def migrate(verbosity: int = 0) -> None:
    """Bring the database schema up to date (Django's migrations, versioned with the code)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _back in executor.migration_plan(executor.loader.graph.leaf_nodes())]
