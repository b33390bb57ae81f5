"""The text durable-rules' C engine reads and writes for the durable matcher (``match_durable``).

Facts go in as JSON, each encoded once, with short fields and integer indexes into the caller's
lists; each assertion's facts get ids its engine can tell apart (``EngineIds``); the joined pairs
come back inside the facts' own text (``joined``).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import threading


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """A JSON string, once per distinct organisation or kind id."""
    return json.dumps(text, ensure_ascii=False)


def encode_obligation(i: int, ob: dict) -> str:
    """Obligation fact ``i`` (``match.obligation_fact``) as the engine's JSON, without the id it is
    given in its batch (``batch_text``): o organisation, s..e window (day ordinals), a as-of, n 1
    when evidence must be the organisation's own."""
    return (f'{{"t":"ob","i":{i:d},"o":{_quoted(ob["org"])},"s":{ob["start"]:d},"e":{ob["end"]:d},'
            f'"a":{ob["asof"]:d},"n":{ob["need_org"]:d}}}')


def encode_fact(i: int, f) -> str:
    """Evidence fact ``i`` as the engine's JSON (without its id, as above): k kind, o organisation
    it counts for, g 1 when that organisation organised it, d its day, l..h the days it is in effect."""
    return (f'{{"t":"f","i":{i:d},"k":{_quoted(f.kind)},"o":{_quoted(f.org)},"g":{f.organiser:d},'
            f'"d":{f.day:d},"l":{f.lo:d},"h":{f.hi:d}}}')


def fnv1a_32(text: str) -> int:
    """durable-rules' ``fnv1Hash32`` of an ASCII string: the hash by which its C engine knows a fact."""
    h = 0x811C9DC5
    for byte in text.encode("ascii"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


class EngineIds:
    """Fact ids for one assertion, told apart by durable-rules' 32-bit hash.

    The C engine knows a fact by the 32-bit FNV hash of its id (of the whole fact when it has no
    id): a second fact with the same hash in a session is taken for the first one *observed again*
    and silently dropped (``storeMessage`` in state.c). Among the 1.9 million facts of a national
    audit of 1 000 000 records, ids of any kind collide that way (measured: a fact dropped). Facts
    are asserted a batch at a time, so the ids of a batch need only differ from each other and from
    the session's own state message (``sid-0``): position k of a batch takes the k-th decimal
    string whose hash no earlier one has."""

    def __init__(self):
        self.ids: list[str] = []
        self.seen = {fnv1a_32("sid-0")}
        self.candidate = itertools.count()
        self.lock = threading.Lock()  # audits of a server's threads may make batches at once

    def first(self, n: int) -> list[str]:
        with self.lock:
            while len(self.ids) < n:
                text = str(next(self.candidate))
                h = fnv1a_32(text)
                if h not in self.seen:
                    self.seen.add(h)
                    self.ids.append(text)
            return self.ids[:n]


ENGINE_IDS = EngineIds()


def batch_text(encoded: list[str]) -> str:
    """Encoded facts (``encode_*``) as one JSON array, each given its id in the batch."""
    ids = ENGINE_IDS.first(len(encoded))
    return "[" + ",".join(f'{{"id":"{k}",{text[1:]}' for k, text in zip(ids, encoded)) + "]"


# A joined pair in an action's frames, which durable-rules writes as the facts' own text:
# {"ob":{"id":"3","t":"ob","i":12,...},"f":{"id":"9","t":"f","i":40,...}}. The ids and indexes come
# before any string a user wrote (the organisation), and inside a JSON string a quote is escaped,
# so the pattern can only match the structure itself.
FRAME = re.compile(r'\{"ob":\{"id":"\d+","t":"ob","i":(\d+),[^{}]*\},"f":\{"id":"\d+","t":"f","i":(\d+),')
FRAME_START = '{"ob":{"id":"'


def joined(frames: str) -> list[tuple[int, int]]:
    """The (obligation, fact) index pairs of one action's frames: read by ``FRAME`` (a national
    audit's 30 MB of frames took 1 s to parse as JSON), or parsed as JSON when the pattern did not
    find every frame (a brace in an organisation's id)."""
    pairs = FRAME.findall(frames)
    if len(pairs) == frames.count(FRAME_START):
        return [(int(o), int(f)) for o, f in pairs]
    return [(frame["ob"]["i"], frame["f"]["i"])  # {rule name: [{"ob": ..., "f": ...}, ...]}
            for batch in json.loads(frames).values() for frame in batch]
