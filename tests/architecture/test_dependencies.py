"""The apps depend on each other one way only (docs/architecture.md): a new import against the
arrows fails here instead of tangling the apps."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "krami": set(),
    "participants": {"krami"},
    # agreements and participants are siblings: what both need of a person (Gender) lives in krami.
    "agreements": {"krami"},
    "intake": {"krami", "participants", "agreements"},
    "reporting": {"krami", "participants", "agreements", "intake"},
    "privacy": {"krami", "participants", "intake"},
    # scale runs reporting's month-end job over the generated history (scale/closing.py).
    "scale": {"krami", "participants", "agreements", "intake", "reporting"},
}


def imported_apps(app: str) -> dict[str, str]:
    """Every other project app that `app` imports (migrations excluded), with one file that does."""
    found: dict[str, str] = {}
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".", 1)[0]
                if top in ALLOWED and top != app:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {other: where for other, where in imported_apps(app).items() if other not in ALLOWED[app]}
    assert wrong == {}, f"{app} imports against the arrows of docs/architecture.md: {wrong}"


def test_the_check_sees_imports():
    # Guard against a check that passes because it reads nothing.
    assert set(imported_apps("reporting")) == {"krami", "participants", "agreements", "intake"}
