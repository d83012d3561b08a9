"""Chromium (Debian's, through Playwright) on an emulated slow 3G line: the sign-in page until usable, and the
htmx live search from typing a surname into the search box to the results shown. Also what a first and a repeat visit transfer."""
from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
SIGN_IN_BUDGET_MS = 3000
SEARCH_BUDGET_MS = 1500

NAVIGATION = """() => { const n = performance.getEntriesByType('navigation')[0];
  return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ttfb: n.responseStart}; }"""
ARM = """() => { window.__benchDone = new Promise(resolve => document.body.addEventListener(
  'htmx:afterSettle', () => resolve(performance.now()), {once: true})); return performance.now(); }"""


class Transfers:
    """Bytes on the wire per response (CDP Network events), and whether each came from the cache."""

    def __init__(self, cdp) -> None:
        self.responses: dict[str, dict] = {}
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._cached)

    def _received(self, event) -> None:
        response = event["response"]
        self.responses[event["requestId"]] = {
            "url": response["url"], "type": event.get("type", ""), "bytes": 0,
            "cached": bool(response.get("fromDiskCache") or response.get("fromMemoryCache")
                           or response.get("fromPrefetchCache")),
            "encoding": {k.lower(): v for k, v in response.get("headers", {}).items()}.get("content-encoding", ""),
        }

    def _cached(self, event) -> None:
        self.responses.setdefault(event["requestId"], {"url": "", "type": "", "bytes": 0})["cached"] = True

    def _finished(self, event) -> None:
        entry = self.responses.setdefault(event["requestId"], {"url": "", "type": "", "cached": False})
        entry["bytes"] = int(event.get("encodedDataLength", 0))

    def take(self) -> list[dict]:
        taken, self.responses = list(self.responses.values()), {}
        return taken


def _summary(responses: list[dict]) -> dict:
    document = sum(r["bytes"] for r in responses if r["type"] == "Document")
    static = sum(r["bytes"] for r in responses if r["type"] != "Document" and not r.get("cached"))
    return {"document_bytes": document, "static_bytes": static, "total_bytes": document + static,
            "requests": [{k: r.get(k) for k in ("url", "type", "bytes", "cached", "encoding")} for r in responses]}


def measure(base: str, cookie: tuple[str, str], surname: str, runs: int = 3) -> dict:
    """Slow 3G timings (median of `runs`, each in a fresh browser context, so nothing is cached) and the
    unthrottled first and repeat visit as Chromium transfers them (bytes include HTTP headers)."""
    from playwright.sync_api import sync_playwright

    results: dict = {"sign_in_ms": [], "sign_in_dcl_ms": [], "search_ms": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", SLOW_3G)
                page.goto(base + "/sign-in", wait_until="load")
                page.wait_for_selector("input[name=username]", state="visible")
                timing = page.evaluate(NAVIGATION)
                results["sign_in_ms"].append(timing["load"])
                results["sign_in_dcl_ms"].append(timing["dcl"])
                context.close()

                context = browser.new_context()
                context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base, "httpOnly": True}])
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", SLOW_3G)
                page.goto(base + "/claims", wait_until="load")
                field = page.locator("input[name=q]")  # the one search box (name, claim or rent reference)
                field.wait_for(state="visible")
                started = page.evaluate(ARM)
                field.fill(surname)
                settled = page.evaluate("window.__benchDone")
                results["search_ms"].append(settled - started)
                shown = page.locator("#claim-results").inner_text()
                results.setdefault("search_found_surname", surname.lower() in shown.lower())
                context.close()

            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            transfers = Transfers(cdp)
            page.goto(base + "/sign-in", wait_until="load")
            page.wait_for_timeout(300)
            results["first_visit"] = _summary(transfers.take())
            page.goto(base + "/accessibility", wait_until="load")  # another page: a same-URL visit is a reload
            page.wait_for_timeout(300)
            results["repeat_visit"] = _summary(transfers.take())
            context.close()
        finally:
            browser.close()
    for key in ("sign_in_ms", "sign_in_dcl_ms", "search_ms"):
        values = sorted(results[key])
        results[key + "_all"] = values
        results[key] = values[len(values) // 2]
    results["sign_in_met"] = results["sign_in_ms"] < SIGN_IN_BUDGET_MS
    results["search_met"] = results["search_ms"] < SEARCH_BUDGET_MS
    return results
