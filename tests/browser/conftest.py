"""Headless Chromium (Debian's, never a downloaded build) driven by Playwright.

`make test` installs chromium and axe-core where it can. Where it cannot, these
tests skip with a loud message; under CI=true a missing browser fails instead,
so a green CI always means the pages were really driven.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KANSEN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_missing = []


def _unavailable(reason):
    _missing.append(reason)
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"!!! BROWSER TEST SKIPPED: {reason}")


def pytest_terminal_summary(terminalreporter):
    if _missing:
        banner = "!" * 78
        terminalreporter.write_line(banner, red=True, bold=True)
        terminalreporter.write_line(
            f"!!! Browser tests were SKIPPED: {sorted(set(_missing))[0]}. Run `make test` as root "
            "(installs Debian's chromium and npm's axe-core) to drive the real pages.",
            red=True,
            bold=True,
        )
        terminalreporter.write_line(banner, red=True, bold=True)


@pytest.fixture(scope="session")
def browser(playwright):
    if not CHROMIUM:
        _unavailable("Debian's chromium is not installed")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def axe_source():
    if not AXE.exists():
        _unavailable("axe-core is not installed (npm ci)")
    return AXE.read_text()


def _new_page(browser, **options):
    context = browser.new_context(locale="nl-BE", **options)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    return context, page


@pytest.fixture
def page(browser, live_server, home):
    """A phone-sized page on the live server, with the demo home tree."""
    context, page = _new_page(browser, viewport={"width": 360, "height": 740})
    page.base_url = live_server.url
    yield page
    assert not page.csp_violations, page.csp_violations
    context.close()


@pytest.fixture
def audited_page(browser, live_server, home):
    """A page that lets axe-core be injected despite our Content-Security-Policy."""
    context, page = _new_page(browser, viewport={"width": 360, "height": 740}, bypass_csp=True)
    page.base_url = live_server.url
    yield page
    context.close()


def assert_accessible(page, axe_source):
    """Fail on serious or critical WCAG 2.1 A/AA violations, naming each one."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}" for v in serious
    )
    return result


def assert_focused(page, element_id, message=""):
    """Fail unless the element gets the focus. Chromium applies `autofocus` at
    the next rendering update, which can come after the load event, so a page
    just loaded gets a moment (2 s) before the test reads the focus."""
    try:
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.id === id", arg=element_id, timeout=2000
        )
    except PlaywrightTimeout:
        focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
        raise AssertionError(f"#{element_id} does not have the focus but {focused} {message}".rstrip()) from None


# The user journeys save what they show here (`make test`); the best ones are
# copied by hand to docs/screenshots/ for the README.
SCREENSHOTS = Path(os.environ.get("KANSEN_SCREENSHOTS", ROOT / "build" / "screenshots"))


def save_screenshot(page, name):
    """Save the whole page as build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
