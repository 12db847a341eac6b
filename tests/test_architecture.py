"""The package's shape: no import cycle between its modules, and no function-local import of
petitions.* unless a comment on the line above says why it cannot be at the top."""

import ast
from pathlib import Path

import pytest

import petitions

PACKAGE = Path(petitions.__file__).parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in SOURCES}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: outside functions and TYPE_CHECKING."""
    found = []
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
        else:
            pending.extend(ast.iter_child_nodes(node))
    return found


def imported_modules(node: ast.Import | ast.ImportFrom, importer: str) -> set[str]:
    """The petitions modules an import statement loads (``from p import m`` loads p.m)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = importer.split(".")
            if MODULES[importer].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        names = set()
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            names.add(submodule if submodule in MODULES else base)
    return {name for name in names if name in MODULES}


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules its top-level imports load. Importing a module also runs its
    parents' __init__ first; that edge is left out, or every module would import petitions,
    whose create_app wires them all."""
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {
            target
            for node in top_level_imports(tree)
            for target in imported_modules(node, name)
            if target != name
        }
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_cycle_finder_finds_a_cycle_and_only_that():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c"]]


def test_the_import_graph_sees_the_package():
    graph = import_graph()
    assert "petitions.deadlines.settings" in graph["petitions.cases.timing"]
    assert "petitions.permissions" in graph["petitions.accounts.models"]


def test_no_import_cycle_between_modules():
    cycles = find_cycles(import_graph())
    assert cycles == [], "modules that import each other (directly or through others): " + (
        "; ".join(" <-> ".join(cycle) for cycle in cycles)
    )


def unexplained_local_imports(source: str) -> list[str]:
    """Function-local imports of petitions.* without a comment on the line above."""
    tree = ast.parse(source)
    lines = source.splitlines()
    top = set(map(id, top_level_imports(tree)))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top:
            continue
        if isinstance(node, ast.ImportFrom):
            relative, names = node.level > 0, [node.module or ""]
        else:
            relative, names = False, [alias.name for alias in node.names]
        ours = relative or any(
            name == "petitions" or name.startswith("petitions.") for name in names
        )
        if ours and not lines[node.lineno - 2].strip().startswith("#"):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return sorted(found)


def test_an_unexplained_local_import_is_found_and_an_explained_one_is_not():
    source = (
        "import json\n"
        "def f():\n"
        "    import os\n"
        "    from petitions import clock\n"
        "    # why: petitions.cli imports this module\n"
        "    from petitions import cli\n"
    )
    assert unexplained_local_imports(source) == ["line 4: from petitions import clock"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_a_function_local_import_of_the_package_says_why(path):
    unexplained = unexplained_local_imports(path.read_text(encoding="utf-8"))
    assert unexplained == [], (
        "import these at the top of the module, or say on the line above why not: "
        + "; ".join(unexplained)
    )
