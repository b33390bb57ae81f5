"""durable-rules' C engine, checked where it went wrong: under AddressSanitizer, and by its hash.

The durable matcher once crashed now and then inside ``assert_facts``. Built with AddressSanitizer,
durable-rules showed why: when the last test of a rule's ``$and`` fails, it reads past the end of
its expression array. Every rule of ours now ends with a test that cannot fail
(``match_durable.SENTINEL``). The first test here builds durable-rules' own C sources (the sdist of
the version installed, from the package index) with AddressSanitizer and runs the matcher on it:
clean as written, and caught when the sentinel is replaced by a test that can fail last.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.engine.durable_text import ENGINE_IDS, batch_text, encode_fact, encode_obligation, fnv1a_32
from velvoite.engine.facts import Fact
from velvoite.engine.match_durable import DurableEngine, available

pytestmark = pytest.mark.skipif(not available(), reason="durable-rules is not installed")
ROOT = Path(__file__).resolve().parent.parent

# One organisation's batch: an obligation and evidence around its window, one record after the
# as-of date (the last real test, day <= as-of, fails for it), and one of another organisation.
SCENARIO = """
import sys
from velvoite.engine import match_durable as md
if sys.argv[1] == "mutated":  # the rules as they were: the last test of the join can fail
    md.SENTINEL = lambda m, c: m.t == "f"  # a test of the fact alone: not in the join
from velvoite.engine.facts import Fact
ob = md.encode_obligation(0, {"org": "kunta-1", "start": 100, "end": 200, "asof": 150, "need_org": 0})
def fact(org, day):
    return Fact("r", "annual_welfare_report", day, day, day, org, 1, frozenset())
facts = [fact("kunta-1", d) for d in (90, 120, 149, 150, 151, 180, 250)] + [fact("kunta-2", 120)]
batch = md.batch_text([ob] + [md.encode_fact(i, f) for i, f in enumerate(facts)])
engine = md.DurableEngine()
for _ in range(50):  # the same session again and again, as an audit uses it
    pairs = engine.match_batches([(("annual_welfare_report",), batch)])
print(sorted(pairs[0]))
"""


@functools.cache
def libasan() -> str | None:
    cc = shutil.which("gcc")
    if cc is None:
        return None
    path = subprocess.run([cc, "-print-file-name=libasan.so"], capture_output=True, text=True).stdout.strip()
    return path if os.path.isabs(path) and Path(path).exists() else None


@pytest.fixture(scope="module")
def asan_engine(tmp_path_factory) -> Path:
    """durable-rules' C engine of the installed version, built with AddressSanitizer."""
    if libasan() is None:
        pytest.skip("gcc with AddressSanitizer (libasan) is not available")
    version = metadata.version("durable-rules")
    work = tmp_path_factory.mktemp("asan")
    got = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                          f"durable-rules=={version}", "-d", str(work)], capture_output=True, text=True)
    archives = list(work.glob("durable_rules-*.tar.gz"))
    if got.returncode or not archives:
        pytest.skip(f"could not download durable-rules {version} sources: {got.stderr.strip()[-200:]}")
    shutil.unpack_archive(str(archives[0]), work)
    src = next(work.glob("durable_rules-*/src"))
    import sysconfig

    out = work / "build"
    out.mkdir()
    name = "durable_rules_engine" + sysconfig.get_config_var("EXT_SUFFIX")
    sources = [str(p) for p in sorted((src / "rules").glob("*.c"))] + [str(src / "rulespy" / "rules.c")]
    subprocess.run(["gcc", "-shared", "-fPIC", "-g", "-O1", "-w", "-fsanitize=address", "-fno-omit-frame-pointer",
                    f"-I{sysconfig.get_paths()['include']}", f"-I{src / 'rules'}", *sources, "-o", str(out / name)],
                   check=True)
    return out


def run_under_asan(engine_dir: Path, variant: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LD_PRELOAD": libasan(), "ASAN_OPTIONS": "detect_leaks=0",
           "PYTHONPATH": os.pathsep.join([str(engine_dir), str(ROOT)])}
    return subprocess.run([sys.executable, "-c", SCENARIO, variant], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_durable_matcher_runs_clean_under_address_sanitizer(asan_engine):
    clean = run_under_asan(asan_engine, "as written")
    assert clean.returncode == 0, clean.stderr[-2000:]
    # the obligation (0) joins its organisation's facts in the window up to the as-of date
    assert clean.stdout.strip() == "[(0, 1), (0, 2), (0, 3)]"
    broken = run_under_asan(asan_engine, "mutated")
    assert broken.returncode != 0 and "heap-buffer-overflow" in broken.stderr, \
        "without the sentinel durable-rules reads past its expression array"
    assert "reduceExpressionSequence" in broken.stderr


def test_durable_rules_knows_a_fact_by_a_32_bit_hash_and_a_batch_never_repeats_one():
    """Two facts whose ids share durable's 32-bit hash: the second is taken for the first and
    dropped. The ids a batch is given never share one, so a large batch is joined whole."""
    import durable_rules_engine

    engine = DurableEngine()
    handle = engine.ruleset(("annual_welfare_report",))
    body = '"t":"f","i":1,"k":"annual_welfare_report","o":"x","g":1,"d":1,"l":1,"h":1}'
    a, b = "x496069", "x1035124"
    assert fnv1a_32(a) == fnv1a_32(b)
    for ids, code in (((a, b), 2), ((a, "x496070"), 0)):  # 2: "observed" (the second dropped); 0: both kept
        text = "[" + ",".join(f'{{"id":"{i}",{body}' for i in ids) + "]"
        assert durable_rules_engine.assert_facts(handle, text)[0] == code
        durable_rules_engine.retract_facts(handle, text)
    ids = ENGINE_IDS.first(5000)
    assert len({fnv1a_32(i) for i in ids} | {fnv1a_32("sid-0")}) == 5001

    fact = Fact("r", "annual_welfare_report", 120, 120, 120, "kunta-1", 1, frozenset())
    ob = encode_obligation(0, {"org": "kunta-1", "start": 100, "end": 200, "asof": 150, "need_org": 0})
    batch = batch_text([ob] + [encode_fact(i, fact) for i in range(4999)])
    pairs = engine.match_batches([(("annual_welfare_report",), batch)])
    assert sorted(pairs[0]) == [(0, i) for i in range(4999)]


@settings(max_examples=200, deadline=None)
@given(orgs=st.lists(st.text(max_size=12), min_size=1, max_size=6),
       indexes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=6))
def test_the_joined_pairs_are_read_from_the_frames_whatever_the_organisations_are_called(orgs, indexes):
    """The frames of an action, as durable-rules writes them (the facts' own text): the pairs read
    by the pattern equal the JSON's, also when an organisation's id holds braces, quotes or
    something that looks like a frame."""
    import json

    from velvoite.engine.durable_text import joined

    frames = []
    for n, (o, f) in enumerate(indexes):
        org = orgs[n % len(orgs)]
        ob = encode_obligation(o, {"org": org, "start": 1, "end": 9, "asof": 9, "need_org": 0})
        fact = encode_fact(f, Fact("r", "annual_welfare_report", 5, 5, 5, org, 1, frozenset()))
        frames.append(f'{{"ob":{{"id":"{n}",{ob[1:]},"f":{{"id":"{n + 1}",{fact[1:]}}}')
    text = '{"r_0":[' + ",".join(frames) + "]}"
    by_json = [(fr["ob"]["i"], fr["f"]["i"]) for fr in json.loads(text)["r_0"]]
    assert by_json == list(indexes)
    assert joined(text) == by_json
