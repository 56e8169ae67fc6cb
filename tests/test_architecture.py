"""The layout holds: no import circle between the package's modules, and no module that crowds the rest.

Every module of ``src/dossier_check`` is parsed with :mod:`ast`; every import counts — at module level,
inside functions, under ``if TYPE_CHECKING``, relative or absolute — because a function-level import is
still a dependency, only a hidden one.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dossier_check"
SIZE_LIMIT = 0.12
"""The largest share of the package's Python source lines one module may hold."""


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` file of the package rooted at ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _owner(name: str, known: dict[str, Path]) -> str | None:
    """The module a dotted name lives in: itself when it is a module, else the nearest enclosing one."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from pkg import sub`` imports the submodule ``pkg.sub``; ``from mod import name``, ``mod``.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        for target in targets:
            owner = _owner(target, known)
            if owner is not None and owner != name:
                found.add(owner)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path per import circle (a strongly connected group of modules), as ``[a, b, …, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path_through(group, graph) for group in groups]


def _path_through(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A circle that starts and ends at the group's first module, for the failure message."""
    start = group[0]
    members = set(group)
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(f"no circle through {start}")  # pragma: no cover - a group always has one


def test_no_import_cycle_between_the_package_modules() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 40, "the package's modules were found"
    assert "dossier_check.rules._context" in graph["dossier_check.engine"], "imports are resolved"
    found = cycles(graph)
    assert not found, "import circles:\n" + "\n".join(" → ".join(c) for c in found)


def test_the_cycle_finder_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("def f():\n    from .sub import b\n    return b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("import pkg.c\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    (pkg / "d.py").write_text("from pkg.sub.b import x\nfrom . import __version__\n")
    graph = import_graph(pkg)
    assert graph["pkg.d"] == {"pkg.sub.b", "pkg"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]


def test_no_module_holds_more_than_twelve_percent_of_the_source() -> None:
    """When the package was split into rooms it had 10,892 lines in 56 modules (wc -l); the largest,
    deadlines.py (813 lines), held 7.5 %. Before, strategies.py alone held 17.7 % (1,846 of 10,402).
    """
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(PACKAGE.rglob("*.py"))}
    total = sum(sizes.values())
    too_big = {
        str(p.relative_to(PACKAGE)): f"{n} lines, {n / total:.1%}"
        for p, n in sizes.items()
        if n > SIZE_LIMIT * total
    }
    assert not too_big, f"modules over {SIZE_LIMIT:.0%} of {total} lines: {too_big}; split them into rooms"
