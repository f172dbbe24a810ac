"""tests/ and bench/ share their helpers through ``huibian.testkit`` only: no test
imports a benchmark module, no benchmark imports a test module, and neither edits
the module search path (the bench scripts run as ``python bench/NAME.py`` and find
``huibian`` through the installed package, siblings through their own folder)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATH_EDIT = re.compile(r"\bsys\s*\.\s*path\s*(\.\s*(insert|append|extend)\b|\+=|=[^=])")


def python_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def imported_tops(path: Path) -> list[tuple[str, int]]:
    """(first part of every absolute module name imported, line)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name.split(".")[0], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module.split(".")[0], node.lineno))
    return out


def imports_of(folder: str, top: str) -> list[str]:
    return [f"{p.relative_to(ROOT)}:{line}" for p in python_files(folder)
            for name, line in imported_tops(p) if name == top]


def path_edits(folder: str) -> list[str]:
    """Lines that change ``sys.path``, in code or in code kept in strings."""
    return [f"{p.relative_to(ROOT)}:{k}" for p in python_files(folder)
            for k, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if PATH_EDIT.search(line)]


def test_the_files_are_found():
    assert len(python_files("tests")) > 50
    assert len(python_files("bench")) > 10


def test_no_test_imports_bench():
    assert imports_of("tests", "bench") == []


def test_no_bench_imports_tests():
    assert imports_of("bench", "tests") == []


def test_neither_edits_the_module_search_path():
    assert path_edits("tests") == []
    assert path_edits("bench") == []


def test_the_checks_catch_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nsys.path.insert(0, 'x')\nfrom bench.corpus import a\n"
                   "import tests.conftest\nsys.path += ['y']\n", encoding="utf-8")
    assert imported_tops(bad) == [("sys", 1), ("bench", 3), ("tests", 4)]
    lines = bad.read_text(encoding="utf-8").splitlines()
    assert [k for k, line in enumerate(lines, 1) if PATH_EDIT.search(line)] == [2, 5]
    assert not PATH_EDIT.search("if sys.path == before:")


def test_testkit_imports_neither():
    assert imports_of("testkit", "tests") == []
    assert imports_of("testkit", "bench") == []
