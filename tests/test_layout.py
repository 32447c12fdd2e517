"""The package's layout holds: every module imports on its own, imports between cleaner's
modules form no cycle, and they go one way: the batch layer (cleaner/batch/) and the engine
hooks (cleaner/integrations/) use the pipeline, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner

# The package as imported: the source tree, or an installed wheel.
PACKAGE = Path(cleaner.__file__).resolve().parent
ON_TOP = ("cleaner.batch", "cleaner.integrations")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(_name(p) for p in PACKAGE.rglob("*.py"))


def _imports(path: Path, module_level_only: bool) -> set[str]:
    """The cleaner modules `path` imports (module level only: what loading it runs)."""
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cleaner"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("cleaner"):
                continue
            for alias in node.names:       # `from . import spans` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != module}


def test_the_modules_are_found():
    assert {"cleaner", "cleaner.core", "cleaner.batch.cli", "cleaner.batch.records",
            "cleaner.integrations.spark"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, check=False,
                          text=True, cwd=PACKAGE.parent, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_no_import_cycle():
    graph = {_name(p): _imports(p, module_level_only=False) for p in PACKAGE.rglob("*.py")}
    # A package imports its own __init__ first, which is no cycle of the code's own making.
    for module, deps in graph.items():
        deps.difference_update(m for m in list(deps) if module.startswith(m + "."))
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path + [module, dep]))
            if dep not in state:
                visit(dep, path + [module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_imports_go_one_way():
    for path in PACKAGE.rglob("*.py"):
        module = _name(path)
        if module.startswith(ON_TOP) or module == "cleaner.__main__":
            continue
        upward = {m for m in _imports(path, module_level_only=False) if m.startswith(ON_TOP)}
        assert not upward, f"{module} imports {sorted(upward)}: the pipeline must not"


def test_import_cleaner_loads_no_batch_or_engine_module():
    code = ("import sys, cleaner; print(sorted(m for m in sys.modules if m.startswith("
            "('cleaner.batch', 'cleaner.integrations', 'fastwarc', 'tqdm', 'orjson', "
            "'zstandard', 'pyspark', 'datatrove'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=PACKAGE.parent, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
