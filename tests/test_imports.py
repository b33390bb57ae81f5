"""The import graph of velvoite has no circle: arrows point down (ARCHITECTURE.md, "Dependencies").

Every ``import`` and ``from ... import`` of a velvoite module counts, at module level and inside
functions alike (a lazy import hides a circle, it does not remove it). The arrows that still point
up are listed in ``UPWARD`` with why; with them left out the graph must be acyclic, and each of
them must still exist (remove a line here when its arrow is gone: the list only shrinks). Nothing
below the faces (``cli``, ``commands``, the gunicorn entry ``web.wsgi``) imports a face.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "velvoite"
FACES = ("velvoite.cli", "velvoite.commands")

# from -> to: why the arrow still points up (ARCHITECTURE.md lists them by group)
UPWARD = {
    # the kinds vocabulary below the rule packs that declare it
    ("velvoite.records.kinds", "velvoite.rules.manifest"): "the built-in vocabulary is read from the built-in "
                                                           "packs' pack.yaml (Vocabulary.standard)",
    ("velvoite.records.fields", "velvoite.records.kinds"): "a choice value that is a kind, named in fi/sv/en",
}
FACE_IMPORTS = {"velvoite.web.wsgi": "gunicorn's entry: it builds the run's Settings as the command line does",
                "velvoite.i18n_catalogue": "make messages: extracts the command line's help texts"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _target(name: str, modules: dict) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def graph() -> dict[str, set[str]]:
    """Each velvoite module and the velvoite modules it imports anywhere in its text."""
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            out.update(_target(name, modules) for name in names if name.split(".")[0] == "velvoite")
        edges[module] = out - {None, module}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _without_upward(edges):
    return {module: {to for to in targets if (module, to) not in UPWARD} for module, targets in edges.items()}


def test_no_import_circle_besides_the_listed_upward_arrows():
    left = cycles(_without_upward(graph()))
    assert not left, "import circles (break them, or list an arrow in UPWARD with why): " + "; ".join(
        " <-> ".join(c) for c in left)


def test_every_listed_upward_arrow_still_exists():
    edges = graph()
    gone = sorted(f"{a} -> {b}" for a, b in UPWARD if b not in edges.get(a, ()))
    assert not gone, f"no longer imported: remove from UPWARD (and ARCHITECTURE.md): {gone}"


def test_nothing_below_the_faces_imports_them():
    upward = sorted(f"{module} -> {to}" for module, targets in graph().items() if not module.startswith(FACES)
                    and module not in FACE_IMPORTS for to in targets if to.startswith(FACES))
    assert not upward, upward


def test_the_graph_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    package = tmp_path / "velvoite"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "low.py").write_text("def f():\n    from velvoite import high\n", "utf-8")
    (package / "high.py").write_text("from velvoite.sub.leaf import x\nimport velvoite.low\n", "utf-8")
    (package / "sub" / "__init__.py").write_text("", "utf-8")
    (package / "sub" / "leaf.py").write_text("from .. import low\nx = 1\n", "utf-8")
    monkeypatch.setitem(globals(), "ROOT", package)
    edges = graph()
    assert edges["velvoite.low"] == {"velvoite.high"} and edges["velvoite.sub.leaf"] == {"velvoite.low"}
    assert edges["velvoite.high"] == {"velvoite.sub.leaf", "velvoite.low"}
    assert cycles(edges) == [["velvoite.high", "velvoite.low", "velvoite.sub.leaf"]]
