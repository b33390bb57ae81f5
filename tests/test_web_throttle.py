"""Login throttling as a real deployment meets it (issue "The shared workspace holds under attack"):
behind the proxy every request comes from the proxy's address, so failures are counted by the
client the trusted proxies name; a guesser at one address does not lock out the editor at another;
a burst of wrong passwords sent at once checks no more of them than the limit allows."""

from __future__ import annotations

import ipaddress
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.test_web_server import EMAIL, Browserless, free_port, start, start_gunicorn, workspace  # noqa: E402
from tests.web_helpers import PASSWORD, USERS, velvoite  # noqa: E402

PROXY = "127.0.0.1"
GUESSER, EDITOR_AT, OFFICE = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def proxies(*networks: str):
    from django.test import override_settings

    return override_settings(VELVOITE_TRUSTED_PROXIES=tuple(ipaddress.ip_network(n) for n in networks))


@pytest.fixture
def behind_proxy(ws):
    """The in-process workspace as deploy/ runs it: nginx on 127.0.0.1 in front; no failures yet."""
    from velvoite.web.workspace.models import LoginFailure

    LoginFailure.objects.all().delete()
    with proxies("127.0.0.1", "::1"):
        yield
    LoginFailure.objects.all().delete()


def login(username: str, password: str, client_at: str, path: str = "/api/login"):
    """A login through the proxy: REMOTE_ADDR the proxy's, the client's address appended by it."""
    from django.test import Client

    c = Client(HTTP_HOST="localhost")
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{client_at}"}
    if path == "/api/login":
        return c.post(path, {"username": username, "password": password}, content_type="application/json",
                      **extra).status_code
    return c.post(path, {"username": username, "password": password}, **extra).status_code


def test_a_guesser_behind_the_proxy_does_not_lock_out_the_editor(behind_proxy):
    for n in range(21):  # more than the address limit, many usernames
        assert login(f"arvaus{n}@example.fi", "wrong", GUESSER) == 401
    assert login(USERS["editor"][0], PASSWORD, EDITOR_AT) == 200  # today: 429 for 15 minutes
    assert login(USERS["other_editor"][0], PASSWORD, EDITOR_AT, "/login/") == 302


def test_failures_count_by_user_and_address_together(behind_proxy):
    email = USERS["other_editor"][0]
    for _ in range(5):
        assert login(email, "wrong", GUESSER) == 401
    assert login(email, PASSWORD, GUESSER) == 429  # the guesser's combination is locked, right password or not
    assert login(email, PASSWORD, GUESSER, "/login/") == 429
    assert login(email, PASSWORD, EDITOR_AT) == 200  # the user from their own address is not
    assert login(email, "wrong", GUESSER) == 429  # and logging in there did not reset the guesser's count


def test_an_address_over_its_limit_still_lets_in_a_user_without_failures(behind_proxy, monkeypatch):
    from velvoite.web import throttle

    monkeypatch.setattr(throttle, "LIMIT_ADDRESS_HARD", 24)
    for n in range(20):  # colleagues at the office's address, mistyping
        assert login(f"kollega{n % 10}@example.fi", "wrong", OFFICE) == 401
    assert login("kollega0@example.fi", PASSWORD, OFFICE) == 429  # failed there before: no more tries
    assert login(USERS["editor"][0], PASSWORD, OFFICE) == 200  # no failures: the right password is taken
    assert login("uusi@example.fi", "wrong", OFFICE) == 401  # one try for a name not yet failed there
    assert login("uusi@example.fi", "wrong", OFFICE) == 429
    for n in range(4):
        login(f"muu{n}@example.fi", "wrong", OFFICE)
    assert login(USERS["coordinator"][0], PASSWORD, OFFICE) == 429  # past the hard limit: every attempt


def test_a_guess_spread_over_many_addresses_is_limited_for_the_user(behind_proxy, monkeypatch):
    from velvoite.web import throttle

    monkeypatch.setattr(throttle, "LIMIT_USER", 6)
    email = USERS["analyst"][0]
    for n in range(6):
        assert login(email, "wrong", f"203.0.113.{n + 10}") == 401
    assert login(email, "wrong", "203.0.113.99") == 429


def test_the_client_address_is_read_from_the_right_past_trusted_proxies_only(ws):
    from django.test import RequestFactory

    from velvoite.web.throttle import client_address

    factory = RequestFactory()

    def address(remote: str, forwarded: str | None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(factory.get("/", REMOTE_ADDR=remote, **extra))

    with proxies("127.0.0.1", "10.0.0.0/8"):
        assert address("127.0.0.1", f"{EDITOR_AT}") == EDITOR_AT
        assert address("127.0.0.1", f"{OFFICE}, {GUESSER}") == GUESSER  # the client's own header is on the left
        assert address("127.0.0.1", f"{GUESSER}, 10.1.2.3") == GUESSER  # through two proxies
        assert address("127.0.0.1", "10.1.2.3, 10.0.0.9") == "10.1.2.3"  # all trusted: the farthest
        assert address("127.0.0.1", None) == "127.0.0.1"
        assert address(GUESSER, EDITOR_AT) == GUESSER  # not from a trusted proxy: its header is not believed
    with proxies():
        assert address("127.0.0.1", GUESSER) == "127.0.0.1"  # no proxies configured: none believed


def a_burst_checks_five_then_stops(proc, port: int) -> None:
    """``a_burst_checks_five`` against the server ``proc`` listening on ``port``, then stopped."""
    try:
        a_burst_checks_five(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def a_burst_checks_five(base: str) -> None:
    """Twelve wrong logins at once, then one at a time until refused: five passwords checked in all,
    and the right one refused after them."""
    def wrong(_):
        return Browserless(base).send("POST", "/api/login", {"username": EMAIL, "password": "wrong"})[0]
    with ThreadPoolExecutor(12) as pool:
        said = list(pool.map(wrong, range(12)))
    assert set(said) <= {401, 429} and said.count(401) <= 5, said
    while wrong(0) == 401:  # the rest of the limit, one at a time
        said.append(401)
    assert said.count(401) == 5, said  # of all the attempts, five passwords were checked
    assert Browserless(base).send("POST", "/api/login", {"username": EMAIL, "password": PASSWORD})[0] == 429


def test_a_burst_of_wrong_passwords_checks_no_more_than_the_limit(tmp_path):
    """Twelve wrong logins sent at once to velvoite serve (eight threads): the count was read before
    any failure was written, and all twelve were checked."""
    folder = tmp_path / "ws"
    workspace(folder)
    port = free_port()
    a_burst_checks_five_then_stops(start(folder, port), port)


def test_trusted_proxies_in_workspace_toml_are_checked(tmp_path):
    folder = tmp_path / "ws"
    workspace(folder)
    toml = folder / "workspace.toml"
    text = toml.read_text("utf-8")
    toml.write_text(text + '[server]\ntrusted_proxies = ["127.0.0.1", "nginx"]\n', "utf-8")
    done = velvoite("users", "list", str(folder))
    line = text.count("\n") + 2
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"velvoite: {toml}:{line}: server.trusted_proxies: 'nginx' is not an IP address "
                                   "or network (such as 127.0.0.1, ::1 or 10.0.0.0/8)")
    toml.write_text(text + '[server]\ntrusted_proxies = "127.0.0.1"\n', "utf-8")
    done = velvoite("users", "list", str(folder))
    assert done.returncode == 2 and f"{toml}:{line}: server.trusted_proxies: expected a list" in done.stderr


def test_gunicorn_behind_the_proxy_counts_each_client(tmp_path):
    """deploy/ as it runs: gunicorn (two workers) reading trusted_proxies from workspace.toml, the
    client's address in X-Forwarded-For as nginx appends it."""
    folder = tmp_path / "ws"
    workspace(folder)
    with open(folder / "workspace.toml", "a", encoding="utf-8") as fh:
        fh.write('[server]\ntrusted_proxies = ["127.0.0.1", "::1"]\n')
    port = free_port()
    proc = start_gunicorn(folder, port)
    try:
        def send(username: str, password: str, forwarded: str) -> int:
            api = Browserless(f"http://127.0.0.1:{port}")
            api.opener.addheaders = [("X-Forwarded-For", forwarded)]
            return api.send("POST", "/api/login", {"username": username, "password": password})[0]

        for n in range(21):  # the client's own made-up header first, then the address nginx saw
            assert send(f"arvaus{n}@example.fi", "wrong", f"{EDITOR_AT}, {GUESSER}") == 401
        assert send(EMAIL, PASSWORD, EDITOR_AT) == 200
        assert send(EMAIL, "wrong", GUESSER) == 401  # past the address's limit: one try for a name new there
        assert send(EMAIL, PASSWORD, GUESSER) == 429
        assert send(EMAIL, PASSWORD, f"{GUESSER}, {EDITOR_AT}") == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
