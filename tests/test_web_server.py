"""The workspace server as people run it: ``velvoite serve DIR`` in a process of its own, a record
acknowledged with 201 that survives ``kill -9`` the next instant, and the PostgreSQL path against
a real PostgreSQL started here (Debian's ``postgresql``; skipped with a message where it cannot
start)."""

from __future__ import annotations

import glob
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.debian import _install  # noqa: E402
from tests.web_helpers import PASSWORD, velvoite  # noqa: E402

EMAIL = "editori@jyvaskyla.fi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workspace(folder, *init_args: str) -> None:
    for args, given in ((("db", "init", str(folder), *init_args), None),
                        (("users", "add", str(folder), EMAIL, "--role", "editor", "--org", "kunta-179",
                          "--password-stdin"), PASSWORD + "\n")):
        done = velvoite(*args, input=given)
        assert done.returncode == 0, done.stderr


class Browserless:
    """A JSON client with a cookie jar, as a script or another system would talk to the API."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def send(self, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"{}"), dict(answer.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}"), dict(exc.headers)


def start(folder, port: int, *options: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "velvoite.cli", "serve", str(folder), "--port", str(port), *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read())
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start")


def test_loopback_only_and_a_record_acknowledged_survives_kill_9(tmp_path):
    folder = tmp_path / "ws"
    workspace(folder)
    port = free_port()
    proc = start(folder, port)
    try:
        api = Browserless(f"http://127.0.0.1:{port}")
        status, answer, headers = api.send("POST", "/api/login", {"username": EMAIL, "password": PASSWORD})
        assert status == 200, answer
        assert headers.get("Server") == "velvoite"  # nothing about the machine or the software's version
        api.csrf = answer["csrf_token"]
        with socket.create_connection(("127.0.0.1", port)) as s:  # a host name the workspace does not answer to
            s.sendall(b"GET /api/records HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            assert s.recv(4096).decode("latin-1").startswith("HTTP/1.1 400")
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if listening.returncode == 0 and listening.stdout.strip():  # loopback only, unless --host says otherwise
            assert {line.split()[3] for line in listening.stdout.splitlines()} == {f"127.0.0.1:{port}"}
        taken = velvoite("serve", str(folder), "--port", str(port), timeout=60)  # the port is this server's
        assert taken.returncode == 2 and "Traceback" not in taken.stderr
        assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
        status, answer, _ = api.send("POST", "/api/records", {"org": "Jyväskylä", "kind": "hyte_negotiation",
                                                               "date": "2026-02-01", "reference": "Kh 1.2.2026 § 5"})
        assert status == 201, answer
        os.kill(proc.pid, signal.SIGKILL)  # the next instant
    finally:
        proc.kill()
        proc.wait(timeout=30)
    exported = velvoite("db", "export", str(folder), "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert [r["id"] for r in json.loads(exported.stdout)] == [answer["id"]]


def _postgres_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        why = _install(["postgresql"], ("psql",))
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            pytest.skip(f"PostgreSQL is not available ({why}); install it with: sudo apt-get install postgresql")
    return os.path.dirname(found[-1])


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of its own on a free port (trust authentication, a throwaway folder),
    run as the ``postgres`` user when the tests run as root (PostgreSQL refuses root)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'velvoite[web]')")
    import tempfile
    from pathlib import Path

    bin_dir = _postgres_bin()
    home = Path(tempfile.mkdtemp(prefix="velvoite-pg-"))  # (pytest's folders are closed to other users)
    data = home / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: PostgreSQL cannot start")
        as_user = ["runuser", "-u", "postgres", "--"]
        home.chmod(0o777)
    port = free_port()
    run = lambda *args: subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)  # noqa: E731
    done = run(f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    if done.returncode != 0:
        pytest.skip(f"initdb failed: {done.stderr.strip()[-300:]}")
    done = run(f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(data.parent / "log"), "-o",
               f"-p {port} -k {data.parent} -c listen_addresses=127.0.0.1 -c fsync=on", "start")
    if done.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {done.stderr.strip()[-300:]}")
    try:
        made = run(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "velvoite")
        assert made.returncode == 0, made.stderr
        yield f"postgresql://postgres@127.0.0.1:{port}/velvoite"
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def test_a_postgresql_workspace_audits_like_the_files(postgres, tmp_path):
    folder = tmp_path / "ws"
    workspace(folder, "--database", postgres)
    done = velvoite("db", "import", str(folder), "examples/records")
    assert done.returncode == 0, done.stderr
    stored = velvoite("audit", str(folder), "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json")
    files = velvoite("audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json")
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout == files.stdout
    exported = velvoite("db", "export", str(folder), "-o", str(tmp_path / "out.yaml"))
    assert exported.returncode == 0, exported.stderr
    # the history is append-only in PostgreSQL too
    check = subprocess.run([sys.executable, "-c", (
        "import sys; from velvoite.web.store import open_workspace; open_workspace(sys.argv[1]);"
        "from django.db import connection, DatabaseError\n"
        "try:\n    connection.cursor().execute(\"UPDATE workspace_change SET actor = 'x'\")\n"
        "except DatabaseError as e:\n    print('refused:', str(e).splitlines()[0])\n"), str(folder)],
        capture_output=True, text=True, timeout=60)
    assert "refused: the history is append-only" in check.stdout, check.stdout + check.stderr


WSGI_REQUEST = """
import io, json, sys
from velvoite.web.wsgi import application
body = json.dumps({"username": sys.argv[1], "password": sys.argv[2]}).encode()
environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/login", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
           "HTTP_HOST": "localhost", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
           "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
said = []
answer = b"".join(application(environ, lambda status, headers: said.append(status)))
print(said[0], json.loads(answer)["role"])
"""


def test_the_wsgi_application_for_gunicorn_serves_the_workspace(tmp_path):
    """deploy/ runs ``gunicorn velvoite.web.wsgi``: the module finds its workspace in the environment."""
    folder = tmp_path / "ws"
    workspace(folder)
    done = subprocess.run([sys.executable, "-c", WSGI_REQUEST, EMAIL, PASSWORD], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "VELVOITE_WORKSPACE": str(folder)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "OK", "editor"]


def test_a_setting_workspace_toml_does_not_know_is_an_error(tmp_path):
    folder = tmp_path / "ws"
    workspace(folder)
    toml = folder / "workspace.toml"
    toml.write_text(toml.read_text("utf-8") + "[server]\nallowed_host = [\"velvoite.example.fi\"]\n", "utf-8")
    done = velvoite("users", "list", str(folder))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    line = toml.read_text("utf-8").splitlines().index('allowed_host = ["velvoite.example.fi"]') + 1
    assert f"workspace.toml:{line}: server.allowed_host: unknown setting (did you mean 'allowed_hosts'?)" in done.stderr


def start_gunicorn(folder, port: int) -> subprocess.Popen:
    """gunicorn with two workers serving the workspace in ``folder``, as deploy/ runs it, listening."""
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install 'velvoite[test]')")
    proc = subprocess.Popen([gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "velvoite.web.wsgi"],
                            env={**os.environ, "VELVOITE_WORKSPACE": str(folder)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError("gunicorn did not start") from None
            time.sleep(0.2)


def test_gunicorn_workers_share_the_workspace(tmp_path):
    """As deploy/ runs it: gunicorn with two worker processes; a record saved through one is read
    through the other, and failed logins count across them."""
    folder = tmp_path / "ws"
    workspace(folder)
    port = free_port()
    proc = start_gunicorn(folder, port)
    try:
        writer = Browserless(f"http://127.0.0.1:{port}")
        status, answer, _ = writer.send("POST", "/api/login", {"username": EMAIL, "password": PASSWORD})
        assert status == 200, answer
        writer.csrf = answer["csrf_token"]
        ids = []
        for day in range(1, 7):  # several requests: both workers answer some
            status, answer, _ = writer.send("POST", "/api/records", {"org": "kunta-179", "kind": "hyte_negotiation",
                                                                      "date": f"2026-02-0{day}"})
            assert status == 201, answer
            ids.append(answer["id"])
        for _ in range(4):
            status, answer, _ = Browserless(f"http://127.0.0.1:{port}").send(
                "POST", "/api/login", {"username": EMAIL, "password": "wrong"})
            assert status == 401
        for _ in range(4):  # whichever worker answers, it has seen every record and every failure
            status, answer, _ = writer.send("GET", "/api/records?org=kunta-179")
            assert sorted(r["id"] for r in answer["records"]) == sorted(ids)
        status, _, _ = Browserless(f"http://127.0.0.1:{port}").send(
            "POST", "/api/login", {"username": EMAIL, "password": "wrong"})
        assert status == 401
        status, _, _ = Browserless(f"http://127.0.0.1:{port}").send(
            "POST", "/api/login", {"username": EMAIL, "password": PASSWORD})
        assert status == 429  # five failures, counted across both workers
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_quiet_keeps_the_lines_of_refused_requests_off_the_log(tmp_path):
    """``serve --quiet`` on a workspace: Django's line of a refused request ("Unauthorized:
    /api/records") is not written; without it, it is."""
    folder = tmp_path / "ws"
    workspace(folder)
    logged = {}
    for options in ((), ("--quiet",)):
        port = free_port()
        proc = start(folder, port, *options)
        try:
            assert Browserless(f"http://127.0.0.1:{port}").send("GET", "/api/records")[0] == 401
        finally:
            proc.send_signal(signal.SIGTERM)
            logged[options] = proc.communicate(timeout=30)[1]
    assert "Unauthorized: /api/records" in logged[()]
    assert "Unauthorized" not in logged[("--quiet",)], logged[("--quiet",)]


def test_a_folder_that_is_not_a_workspace_says_how_to_make_one(tmp_path):
    done = velvoite("db", "import", str(tmp_path), "examples/records")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"velvoite: {tmp_path} is not a database workspace (it has no workspace.toml): "
                                   f"make one with velvoite db init {tmp_path}")


def test_slow_clients_of_one_address_do_not_lock_the_workspace(tmp_path):
    """205 connections each trickling a header line (more than the server's 200) took every
    connection of the workspace server, and kept it: one address now holds at most its share (the
    rest get 429), so a normal client is answered at once (tests/test_server_limits.py tries the
    limits themselves)."""
    from tests.servers import connect
    from tests.test_server_limits import Trickle, fetch

    folder = tmp_path / "ws"
    workspace(folder)
    port = free_port()
    proc = start(folder, port)
    slow = Trickle([connect(port, "127.0.0.2") for _ in range(205)], every=1.0)
    try:
        time.sleep(1)
        status, took = fetch(port, "/login/", timeout=8)
    finally:
        slow.stop()
        proc.terminate()
        proc.wait(timeout=30)
    assert status == b"HTTP/1.1 200 OK" and took < 3, (status, took)
