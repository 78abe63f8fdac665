"""The layout rules of DESIGN.md, checked so that they stay true."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "website": ROOT / "site",
    "programmes": ROOT / "programmes",
    "groceries": ROOT / "groceries",
    "holiday_play": ROOT / "holiday_play",
}
# Dependencies point one way: website → holiday_play, groceries → programmes.
FORBIDDEN = {
    "programmes": {"website", "groceries", "holiday_play"},
    "groceries": {"website", "holiday_play"},
    "holiday_play": {"website", "groceries"},
    "website": set(),
}


def imported_top_level_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_the_apps_it_may_depend_on(app):
    offending = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in APPS[app].rglob("*.py")
        for module in imported_top_level_modules(path)
        if module in FORBIDDEN[app]
    }
    assert not offending


def test_site_folder_is_the_website_package_and_site_stays_the_standard_library():
    import site

    import website

    assert Path(website.__file__).parent == ROOT / "site"
    assert Path(site.__file__).parent != ROOT / "site"
    assert not any(Path(p).name == "site" for p in sys.path)
