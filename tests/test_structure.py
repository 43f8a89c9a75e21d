"""The shape of the code that lets the next capabilities grow: feature packages never import each
other, the kinds of request live in one registry, and test modules share helpers, not each other."""

import ast
from pathlib import Path

from app.models import MODEL_OF_KIND, REQUEST_KINDS, REQUEST_MODELS, HelpRequest
from config import BASE_DIR

APP = BASE_DIR / "app"
FEATURES = ("asks", "places", "public", "staff")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as a dotted name from the project root (relative ones resolved)."""
    return imports_in(path.read_text(), path.relative_to(BASE_DIR).with_suffix("").parts[:-1])


def imports_in(source: str, package: tuple[str, ...]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join((*base, *(node.module.split(".") if node.module else ())))
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_no_feature_package_imports_another():
    crossings = []
    for feature in FEATURES:
        for path in (APP / feature).rglob("*.py"):
            others = {f"app.{other}" for other in FEATURES if other != feature}
            crossings += [(str(path.relative_to(BASE_DIR)), module) for module in imported_modules(path)
                          if any(module == other or module.startswith(other + ".") for other in others)]
    assert crossings == []


def test_the_import_check_resolves_relative_imports():
    """What the check above reads: the staff side importing the wizards' modules would be seen."""
    source = "from ...asks import choices\nfrom ...asks.forms import readable_phone\nfrom ... import geo\n"
    modules = imports_in(source, ("app", "staff", "inbox"))
    assert {"app.asks.choices", "app.asks.forms.readable_phone", "app.geo"} <= modules


def test_every_request_kind_has_one_table_and_every_table_shares_the_base():
    assert set(REQUEST_KINDS) == {"buddy", "go_along", "concern"}
    for kind, model in MODEL_OF_KIND.items():
        assert kind in model.KINDS and issubclass(model, HelpRequest)
    shared = {"reference", "language", "municipality_id", "neighbourhood_id", "postcode", "kiosk_id", "phone",
              "email", "consent_at", "consent_version", "submission_token", "created_at", "status", "priority"}
    for model in REQUEST_MODELS:
        assert shared <= set(model.__table__.c.keys()), model


def test_nothing_outside_the_models_tells_request_kinds_apart_by_class():
    offenders = [str(path.relative_to(BASE_DIR)) for path in APP.rglob("*.py")
                 if path.name != "models.py" and "isinstance(" in path.read_text()
                 and any(f", {name})" in path.read_text() for name in ("Concern", "BuddyRequest"))]
    assert offenders == []


def test_test_modules_share_helpers_not_each_other():
    tests = BASE_DIR / "tests"
    importing = [str(path.relative_to(BASE_DIR)) for path in tests.rglob("test_*.py")
                 if any(module.startswith(("tests.test_", "tests.browser.test_")) for module in imported_modules(path))]
    assert importing == []
