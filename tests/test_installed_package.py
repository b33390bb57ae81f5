"""The package users install is the package tested: the wheel and the sdist are built from this
checkout (``python -m build``: the sdist, then the wheel from the sdist), the wheel is installed with
the web extra into a fresh virtual environment of each supported Python found here (3.11, 3.12, 3.13:
``VELVOITE_TEST_PYTHONS`` names them, else ``python3.X`` on PATH or under pyenv), and every command
runs from a folder outside the checkout, with nothing of the checkout on ``sys.path``.

On the Python running the suite every command runs in Finnish and in Swedish; on the others, once,
in one of them (the Python a language is tried on differs: fi on 3.12, sv on 3.13). The files the
package reads at run time (rule packs, the year clock, templates, catalogues, the registry) are
found by the installed package or the command fails, as it did for ``yearclock.yaml``.
"""

from __future__ import annotations

import csv
import glob
import http.cookiejar
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-29"
SUPPORTED = ("3.11", "3.12", "3.13")
PASSWORD = "kunnan-salasana-2026"
pytest.importorskip("build", reason="the test extra's build is not installed (pip install 'velvoite[test]')")


def _version(python: str) -> str | None:
    try:
        done = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def pythons() -> list[tuple[str, str]]:
    """(version, interpreter) of each supported Python found, the one running the suite first."""
    found = {f"{sys.version_info[0]}.{sys.version_info[1]}": sys.executable}
    given = os.environ.get("VELVOITE_TEST_PYTHONS")
    candidates = given.split(os.pathsep) if given else [
        c for v in SUPPORTED for c in (shutil.which(f"python{v}"),
                                       *sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{v}.*/bin/python{v}"))))
        if c]
    for candidate in candidates:
        version = _version(candidate)
        if version in SUPPORTED and version not in found:
            found[version] = candidate
    return list(found.items())


PYTHONS = pythons()
MAIN = PYTHONS[0][0]


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel, as ``python -m build`` makes them for a release."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,), (sdist,) = out.glob("velvoite-*.whl"), out.glob("velvoite-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def _package_files() -> set[str]:
    """The files of velvoite/ in the checkout that are not Python (what git tracks, where it can tell)."""
    listed = subprocess.run(["git", "ls-files", "velvoite"], cwd=ROOT, capture_output=True, text=True)
    names = listed.stdout.split() if listed.returncode == 0 and listed.stdout else [
        str(p.relative_to(ROOT)) for p in (ROOT / "velvoite").rglob("*") if p.is_file()]
    return {n for n in names if not n.endswith((".py", ".pyc")) and "__pycache__" not in n}


def test_the_wheel_holds_every_file_the_package_reads_and_the_licence(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    missing = _package_files() - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    assert "velvoite/rules/yearclock.yaml" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    assert all(f"Classifier: Programming Language :: Python :: {v}" in metadata for v in SUPPORTED)


def test_the_sdist_holds_the_licence_and_every_file_the_package_reads(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        names = {n.removeprefix(top + "/") for n in sdist.getnames()}
        licence = sdist.extractfile(f"{top}/LICENSE").read().decode()
    assert "LICENSE" in names and "velvoite/rules/yearclock.yaml" in names
    assert licence.startswith("MIT License") and "velvoite contributors" in licence
    assert not _package_files() - names


class Installed:
    """velvoite installed from the wheel in a virtual environment of its own, run from ``work``."""

    def __init__(self, venv: Path, work: Path, version: str):
        self.venv, self.work, self.version = venv, work, version
        self.bin = venv / "bin"
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        self.env["PATH"] = f"{self.bin}{os.pathsep}{self.env.get('PATH', '')}"

    def run(self, *args: str, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / "velvoite"), *args], cwd=self.work, env=self.env, input=input,
                              capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module", params=[v for v, _ in PYTHONS], ids=lambda v: f"python{v}")
def installed(request, dist, tmp_path_factory) -> Installed:
    version = request.param
    python = dict(PYTHONS)[version]
    base = tmp_path_factory.mktemp(f"installed-{version}")
    venv, work = base / "venv", base / "work"
    done = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                           f"{dist['wheel']}[web]"], capture_output=True, text=True, timeout=1200, cwd=base)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    work.mkdir()
    shutil.copytree(ROOT / "examples" / "records", work / "records")
    return Installed(venv, work, version)


def test_the_package_imported_is_the_installed_one(installed):
    done = subprocess.run([str(installed.bin / "python"), "-c", "import sys, velvoite; print(velvoite.__file__); "
                           "print('%d.%d' % sys.version_info[:2]); print(sys.path)"],
                          cwd=installed.work, env=installed.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    where, version, path = done.stdout.splitlines()
    assert Path(where).is_relative_to(installed.venv) and version == installed.version
    assert str(ROOT) not in path


def _audit_checks(name: str, out: Path) -> bool:
    text = out.read_text("utf-8")
    if name == "json":
        assert json.loads(text)["findings"]
    elif name == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) > 100
    elif name == "md":
        assert text.count("\n|") > 50
    elif name == "junit":
        assert len(ET.fromstring(text).findall(".//testcase")) > 100
    elif name == "sarif":
        results = json.loads(text)["runs"][0]["results"]
        assert results and all("physicalLocation" in loc for r in results for loc in r["locations"])
    else:
        assert "Jyväskylä" in text
    return True


def commands(lang: str) -> list[tuple[tuple[str, ...], object]]:
    """(arguments, check of the output folder and the standard output) for every command."""
    region = ("--region", "hva-15", "--as-of", AS_OF, "--lang", lang)
    out: list = [((("audit", "records", *region, "--format", fmt, "-o", f"audit-{lang}.{fmt}"),
                   lambda w, _, fmt=fmt: _audit_checks(fmt, w / f"audit-{lang}.{fmt}")))
                 for fmt in ("table", "json", "csv", "md", "junit", "sarif")]
    out += [(("report", "records", *region, "-o", f"report-{lang}.{fmt}"),
             lambda w, _, fmt=fmt: (w / f"report-{lang}.{fmt}").stat().st_size > 1000)
            for fmt in ("html", "md", "csv", "xlsx", "json")]
    out += [
        (("calendar", "records", *region, "-o", f"deadlines-{lang}.ics"),
         lambda w, _: "BEGIN:VEVENT" in (w / f"deadlines-{lang}.ics").read_text("utf-8")),
        (("report", "records", "--national", "--as-of", AS_OF, "--lang", lang, "-o", f"national-{lang}/"),
         lambda w, _: len(list((w / f"national-{lang}").glob("*.html"))) > 20),
        (("yearclock", "records", *region, "-o", f"yearclock-{lang}.html"),
         lambda w, _: "<svg" in (w / f"yearclock-{lang}.html").read_text("utf-8")),
        (("template", "--region", "hva-15", "--from", "2025-01-01", "--until", AS_OF, "--lang", lang,
          "-o", f"template-{lang}.xlsx"), lambda w, _: zipfile.is_zipfile(w / f"template-{lang}.xlsx")),
        (("rules", "--lang", lang), lambda w, stdout: "hyte-annual-report" in stdout),
        (("rules", "hyte-annual-report", "--lang", lang), lambda w, stdout: "612/2021" in stdout),
        (("test",), lambda w, stdout: "passed" in stdout),
        (("schema",), lambda w, stdout: json.loads(stdout)["title"] == "Record"),
        (("validate", "records"), lambda w, stdout: f"{_example_records()} " in stdout),
        (("orgs", "--region", "hva-15", "--lang", lang), lambda w, stdout: "Jyväskylä" in stdout),
        (("diff", "records", "--region", "hva-15", "--from-date", "2025-06-30", "--to-date", AS_OF),
         lambda w, stdout: stdout.strip()),
        # the packs' law locks and the harvest words are package data: read from the wheel, not the checkout
        (("law", "check", "--source", str(ROOT / "tests" / "data" / "law" / "current"), "--as-of", AS_OF,
          "--format", "json", "--lang", lang),
         lambda w, stdout: "612/2021" in json.loads(stdout)["checked"] and not json.loads(stdout)["changes"]),
        (("harvest", str(ROOT / "tests" / "data" / "harvest" / "dynasty_jamsa_kv_hyvinvointikertomus.html"),
          "--format", "json", "--lang", lang),
         lambda w, stdout: [p["kind"] for p in json.loads(stdout)["proposals"]] == ["welfare_report_and_plan"]),
        (("report", "records", *region, "--from", "2025-01-01", "--trend", "quarterly", "--format", "json",
          "-o", f"trend-{lang}.json"),
         lambda w, _: len(json.loads((w / f"trend-{lang}.json").read_text("utf-8"))["trend"]) >= 5),
    ]
    return out


def _example_records() -> int:
    """How many records examples/records holds, as the checkout reads them."""
    from velvoite.records import load_records
    from velvoite.registry import load_registry

    return len(load_records([str(ROOT / "examples" / "records")], load_registry()))


def _languages(version: str) -> list[str]:
    return ["fi", "sv"] if version == MAIN else [["fi", "sv"][SUPPORTED.index(version) % 2]]


def test_every_command_runs_from_the_installed_package(installed):
    jobs = [(args, check) for lang in _languages(installed.version) for args, check in commands(lang)]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda job: installed.run(*job[0]), jobs))
    failed = []
    for (args, check), done in zip(jobs, runs):
        if done.returncode != 0 or "Traceback" in done.stderr:
            failed.append(f"velvoite {' '.join(args)}: exit {done.returncode}: {done.stderr[-1500:]}")
        elif not check(installed.work, done.stdout):
            failed.append(f"velvoite {' '.join(args)}: the output is not what it should be: {done.stdout[-500:]}")
    assert not failed, "\n".join(failed)


HELP = [(c,) for c in ("audit", "calendar", "report", "yearclock", "template", "rules", "test", "schema", "diff",
                       "validate", "orgs", "serve", "db", "users", "harvest")] + \
    [("db", c) for c in ("init", "import", "export")] + [("users", c) for c in ("add", "list", "passwd", "remove")] + [("law", c) for c in ("check", "pin")]


def _description(help_text: str) -> str:
    """The command's own words in its help: the paragraph after the usage line."""
    return help_text.split("\n\n")[1]


def test_every_commands_help_is_in_the_language_of_the_locale(installed):
    """On Python 3.13, which compiles docstrings without their indentation, the help of three commands
    fell back to English while the catalogue held the indented texts."""
    langs = {"en": "C.UTF-8", "fi": "fi_FI.UTF-8", "sv": "sv_FI.UTF-8"}
    wanted = ["en", *_languages(installed.version)]
    jobs = [(lang, command) for command in HELP for lang in wanted]

    def help_of(job):
        lang, command = job
        env = {**installed.env, "LC_ALL": langs[lang]}
        env.pop("LANGUAGE", None)
        return subprocess.run([str(installed.bin / "velvoite"), *command, "--help"], cwd=installed.work, env=env,
                              capture_output=True, text=True, timeout=120)

    with ThreadPoolExecutor(2) as pool:
        shown = dict(zip(jobs, pool.map(help_of, jobs)))
    refused = [(job, done.stderr) for job, done in shown.items() if done.returncode]
    assert not refused, refused
    falls_back = [(lang, command) for lang in wanted[1:] for command in HELP
                  if _description(shown[(lang, command)].stdout) == _description(shown[("en", command)].stdout)]
    assert not falls_back, f"help shown in English: {falls_back}"


def test_diff_of_two_audits_from_the_installed_package(installed):
    for as_of in ("2025-06-30", AS_OF):
        done = installed.run("audit", "records", "--region", "hva-15", "--as-of", as_of, "--format", "json",
                             "-o", f"old-{as_of}.json")
        assert done.returncode == 0, done.stderr
    done = installed.run("diff", "old-2025-06-30.json", f"old-{AS_OF}.json")
    assert done.returncode == 0 and done.stdout.strip(), done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_workspace_is_made_and_served_by_the_installed_package(installed):
    folder = installed.work / "ws"
    for args, given in ((("db", "init", str(folder)), None), (("db", "import", str(folder), "records"), None),
                        (("users", "add", str(folder), "koordinaattori@hyvaks.fi", "--role", "coordinator",
                          "--org", "hva-15", "--password-stdin"), PASSWORD + "\n")):
        done = installed.run(*args, input=given)
        assert done.returncode == 0, f"velvoite {' '.join(args)}: {done.stderr}"
    assert "koordinaattori@hyvaks.fi" in installed.run("users", "list", str(folder)).stdout
    port = _free_port()
    proc = subprocess.Popen([str(installed.bin / "velvoite"), "serve", str(folder), "--port", str(port), "--quiet"],
                            cwd=installed.work, env=installed.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = urllib.request.Request(f"http://127.0.0.1:{port}/api/login", method="POST",
                                       data=json.dumps({"username": "koordinaattori@hyvaks.fi",
                                                        "password": PASSWORD}).encode(),
                                       headers={"Content-Type": "application/json"})
        with opener.open(login, timeout=60) as answer:
            assert answer.status == 200
        for lang, word in (("fi", 'lang="fi"'), ("sv", 'lang="sv"')):  # the report page reads the year clock
            with opener.open(f"http://127.0.0.1:{port}/report/?region=hva-15&lang={lang}", timeout=120) as answer:
                page = answer.read().decode("utf-8")
            assert answer.status == 200 and word in page and "<svg" in page
    finally:
        proc.terminate()
        proc.wait(timeout=60)
