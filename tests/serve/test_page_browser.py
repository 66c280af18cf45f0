"""The query page in a real browser: it runs a named query and shows the rows, loads nothing from
elsewhere, and its Content-Security-Policy lets its own script run. A page on another origin
cannot read answers from the endpoint."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kg.query.library import find_query

from .conftest import Served


def test_the_page_runs_a_named_query_and_shows_its_rows(served: Served, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed (make system-packages)")
    requested: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{served.url}/", wait_until="load")
        page.locator("button[data-example]", has_text="summary-sources").click()
        assert page.locator("#query").input_value() == find_query("summary-sources").text
        page.locator("button[type=submit]").click()
        page.wait_for_selector("#results tbody tr", timeout=20_000)
        rows = page.locator("#results tbody tr").count()
        headers = page.locator("#results th").all_inner_texts()
        status = page.locator("#status").inner_text()
        page.screenshot(path=str(tmp_path / "page.png"))
        # A page from another origin (here: about:blank's opaque origin) cannot read answers.
        other = browser.new_page()
        blocked = other.evaluate(
            """async (url) => {
                try { await fetch(url + "/query?query=ASK%7B%7D"); return "read"; }
                catch (error) { return "blocked"; }
            }""",
            served.url,
        )
        browser.close()
    answer = httpx.post(
        f"{served.url}/query", data={"query": find_query("summary-sources").text}
    ).json()
    assert problems == []
    assert headers == answer["head"]["vars"] and rows == len(answer["results"]["bindings"]) >= 5
    assert f"{rows} rows" in status
    assert all(url.startswith(served.url) for url in requested), requested
    assert blocked == "blocked"
