"""The floors of the product, checked on its source with ``ast``: every import of a
project module goes to the same floor or one below, so no two top-level packages
import each other (no import cycle), and the app's pages hold no SQL."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# floor -> rank; an import may go to its own floor or to a lower rank, never sideways
RANK = {
    "core": 0,
    "store": 1, "ingest": 1, "nlp": 1,
    "search": 2, "similarity": 2, "volume": 2,
    "pipeline": 3,
    "services": 4, "evaluation": 4,
    "cli": 5, "app": 5, "api": 5,
    "testkit": 6,  # test and bench utilities: may use any floor, nothing uses them
}
FOLDERS = {"core", "store", "ingest", "nlp", "search", "similarity", "volume", "pipeline",
           "services", "evaluation", "api", "testkit"}


def floor_of_file(rel: Path) -> str | None:
    top = rel.parts[0]
    if top in FOLDERS:
        return top
    if top == "app_pages" or rel.as_posix() == "app.py":
        return "app"
    if top == "huibian":
        return "cli"
    return None


def floor_of_module(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "huibian" or len(parts) < 2:
        return None
    if parts[1] in FOLDERS:
        return parts[1]
    return "app" if parts[1] == "app_pages" else "cli"


def product_files() -> list[Path]:
    out = [ROOT / "app.py"]
    for top in sorted(FOLDERS | {"huibian", "app_pages"}):
        out += sorted(p for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts)
    return out


def imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            yield name, node.lineno


def edges() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in product_files():
        rel = path.relative_to(ROOT)
        here = floor_of_file(rel)
        for name, line in imports(path):
            there = floor_of_module(name)
            if there and there != here:
                out[(here, there)].append(f"{rel}:{line}")
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return comps


def test_the_product_files_are_found():
    files = product_files()
    assert len(files) > 100
    assert all(floor_of_file(p.relative_to(ROOT)) for p in files)


def test_no_import_cycle_between_top_level_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges():
        graph[a].add(b)
    assert cycles(graph) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_import_goes_down_or_stays_on_its_floor():
    wrong = {f"{a} -> {b}": where[:3] for (a, b), where in edges().items()
             if RANK[b] >= RANK[a]}
    assert wrong == {}


SQL = re.compile(r"\.execute\(|SELECT |INSERT ")


def test_no_sql_in_the_app():
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py"))]:
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{k}")
    assert found == []


def test_an_import_inside_a_function_says_why():
    """Project modules are imported at the top of a module; one imported inside a
    function is there for start-up time (or a name clash) and a comment on the line
    or the line above says so."""
    silent = []
    for path in product_files():
        lines = path.read_text(encoding="utf-8").split("\n")
        tree = ast.parse("\n".join(lines))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if not (name or "").startswith("huibian"):
                    continue
                here, above = lines[node.lineno - 1], lines[node.lineno - 2]
                if "#" not in here and not above.strip().startswith("#"):
                    silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert silent == []
