"""``velvoite harvest`` attacked as a hostile or careless user would (issue 30): sources that are
not minutes files (a pipe, a device, another scheme, an address with a password), wrong encodings,
entity bombs, HTML nested without end, servers that trickle, never answer or redirect where
robots.txt forbids, and -o onto what the run reads. Each is one located line, exit status 2,
nothing written; the server is on 127.0.0.1 only."""

from __future__ import annotations

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.errors import InputError
from velvoite.harvest import propose
from velvoite.harvest.fetch import PoliteFetcher

DATA = Path(__file__).parent / "data" / "harvest"
ATTACKS = Path(__file__).parent / "data" / "harvest_attacks"
PAGE = DATA / "dynasty_jamsa_kv_hyvinvointikertomus.html"


def run(*args):
    return CliRunner().invoke(main, [str(args[0]), "--lang", "en", *map(str, args[1:])])


def refused(result, *words):
    """Exit 2, one line naming what it should, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_output_onto_the_source_is_refused_and_the_source_kept(tmp_path):
    page = tmp_path / "x.html"
    page.write_bytes(PAGE.read_bytes())
    refused(run("harvest", page, "-o", page), "x.html", "nothing was written")
    assert page.read_bytes() == PAGE.read_bytes()
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "a.html").write_bytes(PAGE.read_bytes())
    refused(run("harvest", folder, "--format", "json", "-o", folder / "out.json"), "minutes")
    assert sorted(p.name for p in folder.iterdir()) == ["a.html"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_is_not_read(tmp_path):
    fifo = tmp_path / "minutes.html"
    os.mkfifo(fifo)
    started = time.monotonic()
    refused(run("harvest", fifo), "minutes.html", "not a regular file")
    assert time.monotonic() - started < 10  # not blocked waiting for a writer
    if Path("/dev/zero").exists():
        refused(run("harvest", "/dev/zero"), "/dev/zero", "not a regular file")


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://127.0.0.1/minutes.html", "gopher://x/1"])
def test_only_http_and_https_addresses(address):
    refused(run("harvest", address), address, "only http and https")


def test_an_address_with_a_password_is_refused_without_showing_it():
    result = run("harvest", "http://someone:s3cret@127.0.0.1:9/minutes.html")
    line = refused(result, "http://127.0.0.1:9/minutes.html", "user name or password")
    assert "s3cret" not in result.output and "someone" not in line


def test_utf16_with_its_byte_order_mark_reads_as_utf8_does(tmp_path):
    [plain] = propose([PAGE])
    [wide] = propose([ATTACKS / "utf16_bom.html"])
    assert (wide.title, wide.date, wide.section, wide.decision, wide.kind) == (
        plain.title, plain.date, plain.section, plain.decision, plain.kind)
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\xff\xfe" + "<p>Kaupunginvaltuusto 1.1.2024 § 1</p>".encode("utf-16-le") + b"\x00\xd8")
    refused(run("harvest", broken), "broken.html", "UTF-16")


def test_latin1_minutes_are_read(tmp_path):
    page = tmp_path / "tweb.html"
    page.write_bytes(PAGE.read_text("utf-8").replace("charset=utf-8", "charset=iso-8859-1").encode(
        "latin-1", "replace"))
    [p] = propose([page])
    assert (p.section, p.date.isoformat(), p.decision) == ("45", "2023-06-12", "approved")


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff" * 100, os.urandom(4096)])
def test_empty_or_binary_files_are_named(tmp_path, content):
    page = tmp_path / "junk.html"
    page.write_bytes(content)
    refused(run("harvest", page), "junk.html")


@pytest.mark.parametrize("name", ["billion_laughs.rss", "external_entity.rss"])
def test_entities_in_a_feed_are_refused_not_expanded(name):
    result = run("harvest", ATTACKS / name, "--format", "json")
    refused(result, name)
    assert "root:" not in result.output and "aaaaaaaaaa" not in result.output


def test_html_nested_without_end_is_read_in_bounded_time(tmp_path):
    page = tmp_path / "deep.html"
    body = "<div class='d{0}'>x".format
    page.write_text("<html><body>" + "".join(body(i) for i in range(150_000)) +
                    "<p>Kaupunginvaltuusto 1.1.2024 § 1 Hyvinvointikertomus</p></body></html>", "utf-8")
    started = time.monotonic()
    refused(run("harvest", page, "--format", "json"), "deep.html", "more than 50,000 lines")
    assert time.monotonic() - started < 30


def test_a_feed_of_too_many_items_is_refused(tmp_path):
    feed = tmp_path / "huge.rss"
    item = "<item><title>Kaupunginvaltuusto 1.1.2024 § {0} Asia</title><link>https://x/{0}</link></item>".format
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Kajaanin kaupunki</title>' +
                    "".join(item(i) for i in range(10_001)) + "</channel></rss>", "utf-8")
    started = time.monotonic()
    refused(run("harvest", feed), "huge.rss", "at most 10,000")
    assert time.monotonic() - started < 60


class _Site(BaseHTTPRequestHandler):
    """robots.txt forbids /private/; /trickle sends a byte at a time; /silent never answers;
    /to-file and /to-private redirect."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            return self._send(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/silent":
            time.sleep(3)
            return None
        if self.path in ("/to-file", "/to-private"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd" if self.path == "/to-file" else "/private/x.html")
            self.end_headers()
            return None
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"<p>")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        if self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>x</p>" * 8192)
            except OSError:
                return None
        return self._send(PAGE.read_bytes(), "text/html; charset=utf-8")

    def _send(self, data, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetcher(**options):
    return PoliteFetcher(**{"interval": 0.0, "timeout": 1.0, **options})


def test_a_server_that_trickles_is_cut_at_the_deadline(site):
    started = time.monotonic()
    with pytest.raises(InputError, match="no whole answer within 1 seconds"):
        fetcher(deadline=1.0)(site + "/trickle")
    assert time.monotonic() - started < 4


def test_a_server_that_never_answers_times_out(site):
    started = time.monotonic()
    with pytest.raises(InputError, match="cannot be fetched"):
        fetcher(timeout=0.5)(site + "/silent")
    assert time.monotonic() - started < 3


def test_an_endless_body_is_cut_at_the_limit(site, monkeypatch):
    from velvoite.harvest import fetch

    monkeypatch.setattr(fetch, "MAX_BYTES", 1 << 20)
    with pytest.raises(InputError, match="more than 1,048,576 bytes"):
        fetcher()(site + "/endless")


def test_redirects_to_a_file_or_where_robots_forbid_are_not_followed(site):
    with pytest.raises(InputError, match="redirects elsewhere|answered 302"):
        fetcher()(site + "/to-file")
    with pytest.raises(InputError, match="robots.txt"):
        fetcher()(site + "/private/x.html")
    with pytest.raises(InputError, match="robots.txt does not allow"):
        fetcher()(site + "/to-private")
    assert fetcher()(site + "/minutes.html").data == PAGE.read_bytes()


def test_unknown_org_suggests_the_nearest():
    refused(run("harvest", PAGE, "--org", "Kajaanix"), "Kajaanix", "Kajaani")


def test_output_onto_the_workspace_is_refused_before_anything_is_queued(ws, tmp_path):
    pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")
    from velvoite.web.workspace.models import Proposal

    database = next((ws / name for name in ("velvoite.sqlite3", "db.sqlite3") if (ws / name).exists()), None)
    targets = [ws / "workspace.toml"] + ([database] if database else [])
    before = Proposal.objects.count()
    for target in targets:
        kept = target.read_bytes()
        refused(run("harvest", PAGE, "--org", "Jämsä", "--into", ws, "--format", "json", "-o", target),
                target.name, "nothing was written")
        assert target.read_bytes() == kept
    assert Proposal.objects.count() == before


def _pdf_repeating_one_stream(pages: int, size: int) -> bytes:
    """A small PDF whose pages all show one compressed content stream of ``size`` bytes."""
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf 10 10 Td (Kaupunginvaltuusto 1.1.2024 \xa7 1) Tj ET\n" * (size // 60), 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream"]
    objs += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 3 0 R /Resources << /Font << /F1 "
             f"{4 + pages} 0 R >> >> >>".encode()] * pages
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_a_pdf_bomb_is_refused_before_its_text_is_extracted(tmp_path):
    pytest.importorskip("pypdf", reason="the harvest extra is not installed")
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_pdf_repeating_one_stream(500, 2_000_000))  # 85 kB: 1 GB of page contents
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    refused(run("harvest", bomb), "bomb.pdf", "more than 67,108,864 bytes")
    assert time.monotonic() - started < 30


def test_an_unknown_org_with_a_feed_is_one_line_before_anything_is_fetched(tmp_path):
    result = run("harvest", "--feed", "http://127.0.0.1:9/feed.rss", "--org", "Kajaanix", "--into", tmp_path)
    refused(result, "Kajaanix", "Kajaani")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_a_folder_of_minutes_is_named_not_passed_over(tmp_path):
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "a.html").write_bytes(PAGE.read_bytes())
    os.mkfifo(folder / "b.html")
    refused(run("harvest", folder), "b.html", "not a regular file")


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    listing = Path.iterdir

    def denied(self):
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", denied)  # (chmod 000 does not stop root, who runs CI here)
    refused(run("harvest", folder), "locked", "Permission denied")


class _Hangs(BaseHTTPRequestHandler):
    """Answers pages but drops the connection when asked for robots.txt."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            self.close_connection = True
            return None
        data = PAGE.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_a_site_whose_robots_txt_cannot_be_read_is_not_fetched():
    """RFC 9309 2.3.1.4: a robots.txt unreachable for a network error means complete disallow; the
    message says it could not be read (not that it forbids), and the page is never asked for."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hangs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fetcher = PoliteFetcher(clock=lambda: 0.0, sleep=lambda _s: None)
        with pytest.raises(InputError, match="robots.txt of the site could not be read"):
            fetcher(f"http://127.0.0.1:{server.server_address[1]}/item.html")
    finally:
        server.shutdown()
