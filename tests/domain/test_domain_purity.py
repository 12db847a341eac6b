"""petitions/domain stays pure Python: no web framework, no database, no wall clock."""

import ast
from pathlib import Path

import pytest

import petitions.domain

DOMAIN = Path(petitions.domain.__file__).parent
MODULES = sorted(DOMAIN.rglob("*.py"))
FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "jinja2", "petitions"}
ALLOWED_INTERNAL = "petitions.domain"


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _label(path: Path) -> str:
    return str(path.relative_to(DOMAIN))


def test_the_domain_package_has_modules_to_check():
    assert {p.name for p in MODULES} >= {"__init__.py", "calendar.py", "deadlines.py"}


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_a_domain_module_imports_no_framework_or_database(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [
        name
        for name in _imports(tree)
        if name.split(".")[0] in FORBIDDEN and not name.startswith(ALLOWED_INTERNAL)
    ]
    assert bad == [], f"{_label(path)} imports {bad}; the domain must stay pure Python"


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_a_domain_module_never_reads_the_clock(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls = [
        f"{node.func.value.id}.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"date", "datetime", "time"}
        and node.func.attr in {"today", "now", "utcnow", "time"}
    ]
    assert calls == [], f"{_label(path)} calls {calls}; take today= as an argument instead"


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_a_domain_module_starts_with_a_one_line_docstring(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and "\n" not in docstring.strip()
