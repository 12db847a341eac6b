"""Every setting lives in config.Defaults with its default, and README.md lists it."""

import ast
from pathlib import Path

import pytest

import petitions
from petitions import config

PACKAGE = Path(petitions.__file__).parent
README = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")


def _is_config(node: ast.expr) -> bool:
    """`app.config`, `current_app.config` or a local named `config`."""
    return (isinstance(node, ast.Attribute) and node.attr == "config") or (
        isinstance(node, ast.Name) and node.id == "config"
    )


def keys_read(source: str) -> set[str]:
    """The setting names a module reads: config["X"], config.get("X"), config.setdefault("X")."""
    keys = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and _is_config(node.value)
            and isinstance(node.slice, ast.Constant)
        ):
            keys.add(node.slice.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "setdefault"}
            and _is_config(node.func.value)
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            keys.add(node.args[0].value)
    return keys


def test_the_key_reader_sees_reads_and_not_writes():
    source = (
        'a = current_app.config["A"]\n'
        'b = app.config.get("B", 1)\n'
        "config = current_app.config\n"
        'c = config["C"]\n'
        'app.config["WRITTEN"] = 1\n'
    )
    assert keys_read(source) == {"A", "B", "C"}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_every_setting_a_module_reads_has_its_default_in_defaults(path):
    unknown = keys_read(path.read_text(encoding="utf-8")) - set(config.SETTINGS)
    assert unknown == set(), f"add {sorted(unknown)} to config.Defaults, with a comment"


@pytest.mark.parametrize("name", config.SETTINGS)
def test_every_setting_is_in_the_readme(name):
    assert f"`{name}`" in README


def test_an_environment_variable_takes_the_type_of_its_default():
    settings = config.from_environment(
        {
            "PETITIONS_BACKUP_KEEP": "3",
            "PETITIONS_RATELIMIT_HEADERS_ENABLED": "false",
            "PETITIONS_SECURE_COOKIES": "on",
            "PETITIONS_TRACKING_PREFIX": "007",
        }
    )
    assert settings == {
        "BACKUP_KEEP": 3,
        "RATELIMIT_HEADERS_ENABLED": False,
        "SECURE_COOKIES": True,
        "TRACKING_PREFIX": "007",
    }
