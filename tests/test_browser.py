"""End to end: a real headless Chromium (Debian's ``chromium``, driven by Playwright) on the pages of a real
``kg serve`` over the seeded store, on loopback.

Every page must load with no console error and no request leaving loopback (any such request is refused and
reported). Screenshots of every page are saved in ``KG_TEST_ARTIFACTS`` (``test-artifacts/`` by default). The tests
skip, saying why, where Chromium or Playwright is missing, unless ``KG_TEST_REQUIRE_BROWSER=1`` (``.ci/run``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import ROOT

ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "screenshots"
PAGES = [
    "/",
    "/search?q=Goita",
    "/timeline",
    "/timeline?type=Coup",
    "/claims",
    "/query",
    "/entity/mali",
    "/dumps/",
    "/ontology",
]


def _chromium() -> str | None:
    for name in (os.environ.get("KG_TEST_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    required = os.environ.get("KG_TEST_REQUIRE_BROWSER") == "1"
    binary = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")
    if binary is None:
        if required:
            pytest.fail("KG_TEST_REQUIRE_BROWSER=1 but no Chromium: apt-get install chromium")
        pytest.skip("Chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, headless=True, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


class Visit:
    """A page opened in the browser, with what it logged and what it asked for beyond loopback."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="networkidle")

    def _route(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-') or 'home'}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: str) -> Visit:
        page = Visit(browser, server + path)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def _article_path(server: str) -> str:
    answer = httpx.post(
        f"{server}/sparql",
        data={"query": "SELECT ?a WHERE { ?a a <https://kg.example.org/ontology#Article> } LIMIT 1"},
        headers={"Accept": "application/sparql-results+json"},
    )
    return urlsplit(answer.json()["results"]["bindings"][0]["a"]["value"]).path


def test_every_page_loads_without_console_errors_or_requests_leaving_loopback(visit: Any, server: str) -> None:
    for path in [*PAGES, _article_path(server)]:
        page = visit(path)
        shot = page.screenshot(f"page {path}")
        assert shot.stat().st_size > 1000
        assert not page.errors, f"{path}: console errors {page.errors}"
        assert not page.outside, f"{path}: requests leaving loopback {page.outside}"
        assert page.page.locator("h1, .yasgui").first.is_visible(), f"{path} shows nothing"


def test_the_timeline_shows_the_coups_at_month_precision(visit: Any) -> None:
    page = visit("/timeline?type=Coup").page
    months = page.locator('li[data-precision="month"]')
    shown = [months.nth(i).locator("time").inner_text() for i in range(months.count())]
    assert "August 2020" in shown and "May 2021" in shown, shown
    widths = [months.nth(i).locator(".axis span").bounding_box()["width"] for i in range(months.count())]
    assert all(w > 0 for w in widths) and max(widths) - min(widths) < 2, f"months of 31 days, one width: {widths}"


def test_claims_show_both_sides_of_the_wagner_claim_in_mali(visit: Any) -> None:
    opened = visit("/claims")
    claim = opened.page.locator("article.claim", has_text="Wagner Group").filter(has_text="Mali").first
    assert claim.locator("section.affirms li").first.is_visible()
    assert claim.locator("section.denies li").first.is_visible()
    assert "Government of Mali" in claim.locator("section.denies").inner_text()
    claim.scroll_into_view_if_needed()
    opened.screenshot("claims wagner in mali")


def test_a_search_for_goita_typed_with_the_keyboard_finds_assimi_goita(visit: Any) -> None:
    opened = visit("/")
    page = opened.page
    for _ in range(20):  # the search box is reached with the keyboard alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("Goita")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    found = page.get_by_role("link", name="Assimi Goïta")
    assert found.count() >= 1, page.content()[:2000]
    opened.screenshot("search goita")
    with page.expect_navigation():
        found.first.click()
    assert page.locator("h1").inner_text() == "Assimi Goïta"


def test_the_article_view_highlights_every_statement(visit: Any, server: str) -> None:
    path = _article_path(server)
    opened = visit(path)
    covered = opened.page.evaluate(
        """() => [...document.querySelectorAll("mark.statement[data-start]")].map(
            (m) => [Number(m.dataset.start), Number(m.dataset.start) + m.textContent.length])"""
    )
    marked = {i for start, end in covered for i in range(int(start), int(end))}
    spans = httpx.post(
        f"{server}/sparql",
        data={
            "query": f"""PREFIX kg: <https://kg.example.org/ontology#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?start ?end WHERE {{ ?s a kg:Statement ; <http://www.w3.org/ns/prov#wasDerivedFrom>
              <https://kg.example.org{path}> ; kg:evidence [ nif:beginIndex ?start ; nif:endIndex ?end ] }}"""
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    assert spans
    for span in spans:
        start, end = int(span["start"]["value"]), int(span["end"]["value"])
        assert set(range(start, end)) <= marked, f"the statement at {start}–{end} is not highlighted"
    assert opened.page.locator("mark.statement").first.is_visible()
    assert opened.page.locator("mark.actor").count() > 5, "the names of the story's actors are marked"
    assert opened.page.locator("aside h2", has_text="Actors named").is_visible()
    opened.screenshot("article view")


def test_an_entity_page_draws_who_speaks_about_whom(visit: Any) -> None:
    opened = visit("/entity/mali")
    picture = opened.page.locator("#network-picture canvas")
    picture.first.wait_for(state="attached", timeout=10_000)
    assert picture.count() >= 1, "the network is drawn"
    assert opened.page.locator("table", has_text="speaks about").is_visible(), "and given as a table"
    assert not opened.errors, opened.errors
    opened.page.locator("#network").scroll_into_view_if_needed()
    opened.screenshot("entity mali network")
