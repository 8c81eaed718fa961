"""The package's layout holds: no import cycle, each folder imports only the ones below it,
nothing but the faces at the top, and every import path README documents works.

Imports are read with ``ast`` from the source, at module level and inside functions
alike (a function-level import is still a dependency, only a later one), and under
``TYPE_CHECKING`` too. A package's ``__init__`` importing its own modules is not a
cycle: Python runs the parent first whichever is imported, so the implicit import of
a module's parent package is not counted.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner.core.tomlcompat import tomllib
from tests.conftest import ROOT

PACKAGE = ROOT / "cleaner"

#: What each part of cleaner may import besides itself: the picture of
#: docs/ARCHITECTURE.md. A part is a folder of cleaner/ or a module at its top
#: ("cleaner" is the package's own __init__).
MAY_IMPORT: dict[str, set[str]] = {
    "text": set(),
    "models": set(),
    "core": {"text"},
    "rules": {"core", "text"},
    "passes": {"core", "rules", "text"},
    "api": {"core", "passes"},
    "corpus": {"api", "core", "passes", "rules"},
    "check": {"cleaner", "api", "core", "corpus", "rules"},
    "views": {"core", "corpus"},
    "integrations": {"api", "core"},
    "cli": {"api", "check", "core", "corpus", "passes", "rules", "views"},
    "datatrove": {"integrations"},
    "cleaner": {"api", "core", "passes"},
    "__main__": {"cli"},
}

#: The modules that may sit at the top of cleaner/; any other needs its reason in
#: docs/ARCHITECTURE.md.
FACES = {"__init__", "__main__", "api"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that module ``name`` imports (``from a import b`` counts
    ``a.b`` when that is a module, else ``a``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {target for target in found if target in known and target != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, ..., a]``, or ``None`` when the graph has none."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once fully explored
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def part_of(name: str) -> str:
    """``cleaner.core.edits`` -> ``core``, ``cleaner.api`` -> ``api``, ``cleaner`` itself."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_imports_inside_functions_and_of_modules_by_name_count(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from cleaner.core import edits, registry\n    import json\n")
    known = {"cleaner.core", "cleaner.core.edits"}
    assert imports_of("cleaner.m", source, known) == {"cleaner.core.edits", "cleaner.core"}


def test_the_graph_sees_imports_of_every_kind() -> None:
    graph = import_graph()
    assert "cleaner.core.registry" in graph["cleaner.core.pipeline"]  # from cleaner.core import x
    assert "cleaner.text.plausibility" in graph["cleaner.passes.decode"]
    assert "cleaner.passes" in graph["cleaner"]  # from cleaner import passes, in __init__
    assert "cleaner" in graph["cleaner.check.cache"]  # import cleaner
    assert graph["cleaner.text.paragraphs"] == set()


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_allowed_imports_point_one_way() -> None:
    graph = {part: set(targets) for part, targets in MAY_IMPORT.items()}
    cycle = find_cycle(graph)
    assert cycle is None, "MAY_IMPORT has a cycle: " + " -> ".join(cycle or [])


def test_each_part_imports_only_the_parts_below_it() -> None:
    wrong = [
        f"{name} imports {target}"
        for name, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if part_of(target) != part_of(name) and part_of(target) not in MAY_IMPORT[part_of(name)]
    ]
    assert not wrong, "\n".join(wrong)


def test_every_part_is_described() -> None:
    parts = {part_of(name) for name in modules()}
    assert parts == set(MAY_IMPORT)


def test_core_imports_nothing_above_it_and_only_cli_imports_cli() -> None:
    graph = import_graph()
    for name, targets in graph.items():
        parts = {part_of(target) for target in targets}
        if part_of(name) == "core":
            assert parts <= {"core", "text"}, f"{name} imports {parts - {'core', 'text'}}"
        if part_of(name) not in ("cli", "__main__"):
            assert "cli" not in parts, f"{name} imports the command line"


def test_the_top_of_the_package_holds_only_the_faces_or_says_why() -> None:
    architecture = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top >= FACES
    for stem in sorted(top - FACES):
        assert f"`cleaner/{stem}.py`" in architecture, f"cleaner/{stem}.py: no reason given"


def test_architecture_shows_every_folder() -> None:
    architecture = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    folders = sorted(
        path.parent.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("__init__.py")
    )
    missing = [f for f in folders if f"{f}/" not in architecture]
    assert not missing, f"docs/ARCHITECTURE.md does not show {missing}"


_DOCUMENTED = re.compile(r"from (cleaner[\w.]*) import ([\w, ]+)|`@?(cleaner(?:\.\w+)+)")


def documented_paths() -> list[str]:
    """Every ``from cleaner... import ...`` and every `` `cleaner.x.y` `` in README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths: set[str] = set()
    for match in _DOCUMENTED.finditer(readme):
        module, names, dotted = match.groups()
        if module:
            paths.update(f"{module}.{n.strip()}" for n in names.split(",") if n.strip())
        elif not dotted.endswith(".toml"):  # cleaner.toml is a file name
            paths.add(dotted)
    return sorted(paths)


def resolve(path: str) -> Any:
    """The object a dotted path names: the longest importable module, then attributes."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        module_path = ".".join(parts[:end])
        try:
            found: Any = importlib.import_module(module_path)
        except ModuleNotFoundError as error:
            if error.name != module_path:
                raise
            continue
        for attribute in parts[end:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(path)


def test_readme_documents_the_paths_it_promises() -> None:
    promised = {
        "cleaner.Cleaner",
        "cleaner.Config",
        "cleaner.Limits",
        "cleaner.datatrove.CleanerStep",
        "cleaner.passes.register",
    }
    assert promised <= set(documented_paths())


@pytest.mark.parametrize("path", documented_paths())
def test_documented_import_path_works(path: str) -> None:
    assert resolve(path) is not None


@pytest.mark.parametrize("name", cleaner.__all__)
def test_public_names_are_exported(name: str) -> None:
    assert getattr(cleaner, name) is resolve(f"cleaner.{name}")


def test_moved_paths_are_the_same_objects() -> None:
    from cleaner.integrations.datatrove import CleanerStep

    assert resolve("cleaner.datatrove.CleanerStep") is CleanerStep
    assert resolve("cleaner.passes.register") is resolve("cleaner.core.registry.register")


def test_entry_points_resolve() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for name, target in project["scripts"].items():
        module, _, attribute = target.partition(":")
        assert callable(getattr(importlib.import_module(module), attribute)), name


def test_a_pipeline_built_from_names_finds_the_built_in_passes() -> None:
    """Core imports no pass; importing any module of cleaner registers them all first."""
    code = (
        "from cleaner.core.pipeline import DEFAULT_PASSES, Pipeline\n"
        "from cleaner.core import registry\n"
        "print(sorted(set(DEFAULT_PASSES) - {'decode'} - set(registry.registered())))\n"
        "print(Pipeline().run('K\\u00c3\\u00b6ln\\n'.encode()).text, end='')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout == "[]\nKöln\n"
