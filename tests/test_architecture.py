"""The documented import direction (docs/architecture.md, "Dependency direction"), enforced.

The graph is read from the source with `ast` (every import, including those inside functions),
not by importing the package, so a deferred import cannot hide an edge or a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "plugins" / "disclose"
DOC = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"

# Which top-level package (or module) of disclose may import which. Read downwards: a name may
# import only the names listed after it. A new edge is a design decision: add it here and to the
# table in docs/architecture.md together, or restructure.
ALLOWED: dict[str, set[str]] = {
    "errors": set(), "model": set(), "clock": set(), "orgcode": set(), "svg": set(),
    "inert": set(), "indexno": set(), "procs": set(),
    # The URL scheme: every URL and output path, from the index number or slug alone.
    "urls": {"indexno"},
    "frontmatter": {"errors"},
    # schema.py: options as validator objects (config sections, rule options, dataset descriptors).
    "schema": {"errors"},
    "ledger": {"errors", "indexno"},
    "render": {"errors", "inventory", "svg"},
    # inventory.locate() is the one way a document names a file (render's body links use it).
    "inventory": {"errors", "model", "urls"},
    # review/ needs only the base; `__init__` for the version in reports, opendata.sdc for
    # stats.recoverable (deferred: scipy); schema for the options rules declare.
    "review": {"__init__", "clock", "errors", "inventory", "model", "opendata", "orgcode", "schema"},
    # config builds DISCLOSE.review from the rules' declared options and checks rule ids
    # in DISCLOSE.review.severity against the registry.
    "config": {"errors", "orgcode", "review", "schema"},
    # opendata masks identifiers with review.text in cell values it echoes in messages.
    "opendata": {"config", "errors", "inert", "inventory", "model", "review", "schema", "urls"},
    "reader": {"clock", "config", "errors", "frontmatter", "inert", "inventory", "model", "opendata", "svg"},
    "approval": {"clock", "corpus", "errors", "indexno", "inventory", "model", "review"},
    "corpus": {"approval", "clock", "config", "errors", "frontmatter", "indexno", "inventory", "ledger", "model", "opendata", "reader", "render", "review", "urls"},
    "newdoc": {"clock", "config", "errors", "frontmatter", "indexno", "ledger", "model", "reader"},
    "importer": {"clock", "config", "corpus", "frontmatter", "indexno", "ledger", "newdoc", "reader", "urls"},
    "inspection": {"config", "model", "urls"},
    # report.annual writes the report as a new document (newdoc.create).
    "report": {"clock", "config", "corpus", "errors", "model", "newdoc"},
    # check: one run of `disclose check` (the corpus's findings gathered in a review.report.Report).
    "check": {"config", "corpus", "review"},
    "search": {"corpus", "errors", "model", "opendata", "procs", "urls"},
    "build": {"approval", "clock", "corpus", "errors", "inspection", "procs"},
    # Known upward edges into cli/: cli.argtypes and the Site handle (preview server, desk).
    "site": {"approval", "cli", "clock", "config", "corpus", "inspection", "inventory", "model", "opendata", "search", "svg", "urls"},
    "desk": {"approval", "build", "cli", "corpus", "errors", "model", "reader", "review", "urls"},
    "cli": {"approval", "build", "check", "clock", "config", "corpus", "desk", "errors", "importer",
            "inspection", "model", "newdoc", "reader", "report", "review", "search"},
    "__init__": {"site"},
    "__main__": {"cli"},
}
# Module cycles that exist today (each broken only by a function-level import). None may be added.
KNOWN_CYCLES: list[set[str]] = []


def _modules() -> dict[str, Path]:
    out = {}
    for path in PKG.rglob("*.py"):
        parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _edges(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of disclose it imports (anywhere in the file)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    edges[name].add(full if full in mods else target)
            elif isinstance(node, ast.Import):
                edges[name].update(a.name for a in node.names)
        edges[name] = {t for t in edges[name] if t in mods and t != name}
    return edges


def _cycles(edges: dict[str, set[str]], nodes: set[str]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in nodes:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(comp)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return found


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODS = _modules()
EDGES = _edges(MODS)


def test_the_graph_reader_sees_relative_and_deferred_imports():
    # Oracle: edges read by hand from the source of three modules.
    assert "disclose.review.rules" in EDGES["disclose.review.registry"]  # inside default_registry()
    assert "disclose.review.rule" in EDGES["disclose.review.rules.pii_mobile"]  # from ..rule import
    assert "disclose.opendata.sdc" in EDGES["disclose.review.rules.stats_recoverable"]  # ... three dots
    assert "disclose.errors" in EDGES["disclose.frontmatter"]


def test_package_edges_follow_the_documented_direction():
    wrong = sorted((a, b, _top(a), _top(b)) for a, targets in EDGES.items() for b in targets
                   if _top(a) != _top(b) and _top(b) not in ALLOWED.get(_top(a), set()))
    assert not wrong, "imports against docs/architecture.md (module, import, from, to): " + repr(wrong)


def test_every_allowed_edge_is_used():
    """The table stays exact: a dropped dependency is dropped from it too (and from the doc)."""
    used = defaultdict(set)
    for a, targets in EDGES.items():
        for b in targets:
            if _top(a) != _top(b):
                used[_top(a)].add(_top(b))
    assert {k: v for k, v in ALLOWED.items() if v} == dict(used)


@pytest.mark.parametrize("package", ["review", "frontmatter", "config", "opendata", "importer"])
def test_no_cycle_inside(package):
    nodes = {m for m in MODS if _top(m) == package}
    assert _cycles(EDGES, nodes) == []


def test_rules_import_neither_the_registry_nor_the_engine():
    for name, targets in EDGES.items():
        if name.startswith("disclose.review.rules"):
            assert not targets & {"disclose.review.registry", "disclose.review.engine"}, name


def test_no_new_module_cycle():
    cycles = _cycles(EDGES, set(MODS))
    assert all(c in KNOWN_CYCLES for c in cycles), cycles
    assert len(cycles) == len(KNOWN_CYCLES)  # a known cycle that went away leaves this list too


def test_the_direction_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## Dependency direction"):]
    for package, allowed in ALLOWED.items():
        row = next((line for line in section.splitlines() if line.startswith(f"| `{package}` |")), None)
        assert row is not None, f"{package} missing from the dependency table"
        assert set(row.split("|")[2].replace("`", "").replace(",", " ").split()) == (allowed or {"—"}), row
