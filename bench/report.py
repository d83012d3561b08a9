"""bench/report.md from the results of a run: every figure, the machine and settings, each budget met or not."""
from __future__ import annotations

from pathlib import Path

from bench import browser, bulk, weight

REPORT = Path(__file__).resolve().parent / "report.md"
P95_BUDGET_MS = 50
RATIO_BUDGET = 0.35
CPU_BUDGET_MS = 3.0
BUDGET_CONNECTIONS = "32"


def verdict(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "**not met**")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def write(results: dict) -> Path:
    lines: list[str] = []
    add = lines.append
    m = results["machine"]
    add("# lp benchmark report")
    add("")
    add("Written by `python -m bench` (`make bench`); see docs/performance.md for what each figure means and "
        "how to run it. Figures are from the run (or the runs listed) on the machine below; on a shared machine they vary.")
    add("")
    add(f"- **Date**: {m['date']}; **commit**: {m['commit']}")
    add(f"- **Machine**: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory; {m['platform']}; "
        f"Python {m['python']}")
    add(f"- **Load average** before the run: {', '.join(f'{x:.1f}' for x in m['load_before'])}"
        + (f"; after: {', '.join(f'{x:.1f}' for x in m['load_after'])}" if m.get("load_after") else "")
        + " (other work on the machine competes with the server and wrk for the 2 cores)")
    o = results["options"]
    add(f"- **Options**: quick={o['quick']}, db={o['db']}, {o['seconds']} s per page and concurrency, "
        f"connections {', '.join(map(str, o['connections']))}; parts: {', '.join(o['parts'])}"
        + (f"; took {results['minutes']:.1f} minutes" if results.get("minutes") else ""))
    if len(results.get("runs", [])) > 1:
        add("- **Runs combined here** (a partial run, `--only`, keeps the figures of the parts it does not measure):")
        for run in results["runs"]:
            add(f"  - {run['date']}, commit {run['commit']}, db={run['db']}: {', '.join(run['parts'])}"
                + (f" at {', '.join(map(str, run['connections']))} connections" if "load" in run["parts"] else "")
                + (f" ({run['note']})" if run.get("note") else ""))
    s = results["server"]
    add(f"- **Server**: `{s['command']}` with " + ", ".join(f"`{k}={v}`" for k, v in s["environment"].items()))
    add(f"- **Load generator**: {s['load_generator']}")
    add("")
    _budgets(results, add)
    _cpu(results, add)
    _load(results, add)
    _weight(results, add)
    _browser(results, add)
    _bulk(results, add)
    _plans(results, add)
    REPORT.write_text("\n".join(lines) + "\n")
    return REPORT


def _budgets(results: dict, add) -> None:
    add("## Budgets")
    add("")
    add("| budget | measured | verdict |")
    add("|---|---|---|")
    hello = results.get("hello", {}).get(BUDGET_CONNECTIONS)
    for db, entry in results["databases"].items():
        if "missing" in entry:
            add(f"| {db}: pages | not measured: {entry['missing']} | — |")
            continue
        cpu = entry.get("cpu")
        for row in cpu["uncached"] if cpu else []:
            if row["path"] in _load_tested(entry):
                add(f"| {db}: {row['name']}: ≤ {CPU_BUDGET_MS:g} ms a request uncached, one thread | "
                    f"{row['ms']:.2f} ms ({row['cpu_ms']:.2f} ms CPU in lp) | {verdict(row['ms'] <= CPU_BUDGET_MS)} |")
        for page, runs in entry.get("load", {}).items():
            run = runs.get(BUDGET_CONNECTIONS)
            if not run:
                continue
            add(f"| {db}: {page}: p95 < {P95_BUDGET_MS} ms at 32 connections | {run['p95_ms']:.1f} ms "
                f"({run['errors']} errors) | {verdict(run['p95_ms'] < P95_BUDGET_MS and run['errors'] == 0)} |")
            if hello:
                ratio = run["rps"] / hello["rps"]
                add(f"| {db}: {page}: repeat views ≥ {RATIO_BUDGET} × hello world | {run['rps']:.0f} req/s = "
                    f"{ratio:.2f} × {hello['rps']:.0f} | {verdict(ratio >= RATIO_BUDGET)} |")
    w = results.get("weight")
    if w:
        pages = [p for p in w["pages"] if p["kind"] == "page"]
        fragments = [p for p in w["pages"] if p["kind"] == "fragment"]
        biggest = max(pages, key=lambda p: p["compressed"])
        add(f"| every full page ≤ 14 KB compressed ({len(pages)} pages) | largest: {biggest['name']} "
            f"{kb(biggest['compressed'])} | {verdict(all(p['met'] for p in pages))} |")
        biggest = max(fragments, key=lambda p: p["compressed"])
        add(f"| every fragment ≤ 4 KB compressed ({len(fragments)} fragments) | largest: {biggest['name']} "
            f"{kb(biggest['compressed'])} | {verdict(all(p['met'] for p in fragments))} |")
        for visit in w["visits"]:
            add(f"| first visit of {visit['path']} ≤ 60 KB | {kb(visit['first_visit'])} | "
                f"{verdict(visit['first_met'])} |")
            add(f"| repeat visit of {visit['path']}: 0 static bytes | {visit['repeat_static']} B static "
                f"(HTML {kb(visit['html'])}) | {verdict(visit['repeat_met'])} |")
    b = results.get("browser")
    if b:
        add(f"| slow 3G: sign-in usable < 3 s | {b['sign_in_ms']:.0f} ms | {verdict(b['sign_in_met'])} |")
        add(f"| slow 3G: surname typed → results < 1.5 s | {b['search_ms']:.0f} ms | {verdict(b['search_met'])} |")
    for db, entry in results.get("bulk", {}).items():
        e = entry.get("export")
        if e:
            add(f"| {db}: CSV export ≥ 100,000 lines/s | {e['lines_per_s']:,.0f} lines/s ({e['lines']:,} lines) | "
                f"{verdict(e['rate_met'])} |")
            add(f"| {db}: CSV export < 50 MB extra memory | {e['peak_extra_bytes'] / 1048576:.1f} MB | "
                f"{verdict(e['memory_met'])} |")
        for label, run in entry.get("import", {}).get("runs", {}).items():
            applies = db == "sqlite"
            add(f"| {db}: import of 1M lines, {label} < {run['budget_s']:.0f} s"
                f"{'' if applies else ' (budget is for SQLite)'} | {run['seconds']:.1f} s ({run['status']}) | "
                f"{verdict(run['met']) if applies else '—'} |")
    add("")


def _load_tested(entry: dict) -> set[str]:
    """The load-tested pages (issue 14's key pages and the API's two), not the fixed-cost yardsticks."""
    return {row["path"] for row in entry["cpu"]["uncached"] if not row["name"].startswith("/")}


def _cpu(results: dict, add) -> None:
    measured = {db: e["cpu"] for db, e in results["databases"].items() if e.get("cpu")}
    if not measured:
        return
    add("## Time per request, one thread (`python -m bench.fixed_cost`)")
    add("")
    add("The Flask test client against the council dataset in one thread, without the network: wall ms "
        "per request (with PostgreSQL this includes the database server's work) and the CPU ms of lp's own "
        "process; uncached (the render cache off) and repeated (on, the same request again).")
    add("")
    add("| database | page | uncached ms | uncached CPU ms | repeated ms | repeated CPU ms |")
    add("|---|---|---|---|---|---|")
    for db, cpu in measured.items():
        add(f"| — | hello world | {cpu['hello']['ms']:.2f} | {cpu['hello']['cpu_ms']:.2f} | | |")
        repeated = {row["name"]: row for row in cpu["repeated"]}  # names are unique; a fragment shares its path
        for row in cpu["uncached"]:
            again = repeated.get(row["name"], {})
            add(f"| {db} | {row['name']} | {row['ms']:.2f} | {row['cpu_ms']:.2f} | {again.get('ms', 0):.2f} | "
                f"{again.get('cpu_ms', 0):.2f} |")
    add("")


def _by_connections(runs: dict) -> list:
    return sorted(runs.items(), key=lambda item: int(item[0]))


def _load(results: dict, add) -> None:
    if not results.get("hello") and not any(e.get("load") for e in results["databases"].values()):
        return
    add("## Load (wrk)")
    add("")
    add("p50 / p95 / p99 in ms, requests per second, errors (socket errors and non-2xx answers), and throughput "
        "as a ratio to the hello-world route served the same way.")
    add("")
    add("| database | page | connections | p50 | p95 | p99 | req/s | × hello | errors |")
    add("|---|---|---|---|---|---|---|---|---|")
    hello = results.get("hello", {})
    for c, run in _by_connections(hello):
        add(f"| — | hello world | {c} | {run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
            f"{run['rps']:.0f} | 1.00 | {run['errors']} |")
    for db, entry in results["databases"].items():
        for page, runs in entry.get("load", {}).items():
            for c, run in _by_connections(runs):
                ratio = f"{run['rps'] / hello[c]['rps']:.2f}" if c in hello else "—"
                add(f"| {db} | {page} | {c} | {run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
                    f"{run['rps']:.1f} | {ratio} | {run['errors']} |")
    add("")
    for db, entry in results["databases"].items():
        t = entry.get("targets")
        if t:
            add(f"- {db} dataset: {entry['dataset'].get('claims', 0):,} claims, "
                f"{entry['dataset'].get('payment_lines', 0):,} payment lines; demo-lead has {t['claims']:,} claims. "
                f"Surname searched: {t['surname']} ({t['surname_count']} claims); postcode: {t['postcode']} "
                f"({t['postcode_count']}); suspended: {t['suspended_count']}; claim {t['claim']}; payment id "
                f"{t['payment_id']} ({t['payment_lines']} lines; the largest has {t['biggest_payment_lines']}); "
                f"payments from {t['from']} to {t['to']}. Signed in by: {entry.get('cookie')}.")
        if entry.get("export_http"):
            e = entry["export_http"]
            add(f"- {db}: `/payments/lines.csv?from=&to=` for demo-lead over HTTP: {e['lines']:,} lines in "
                f"{e['seconds']:.1f} s = {e['lines_per_s']:,.0f} lines/s ({e['bytes'] / 1048576:.1f} MB).")
    add("")


def _weight(results: dict, add) -> None:
    w = results.get("weight")
    if not w:
        return
    add("## Page weight")
    add("")
    add(f"Bytes of the body as sent with `Accept-Encoding: {weight.ACCEPT}` (the {w['db']} dataset, demo-lead); "
        "fragments with `HX-Request: true` and their `HX-Target`.")
    add("")
    add("| page or fragment | path | target | raw | compressed | budget | verdict |")
    add("|---|---|---|---|---|---|---|")
    for p in w["pages"]:
        add(f"| {p['name']} | `{p['path']}` | {p.get('target', '')} | {p['raw']:,} | {p['compressed']:,} "
            f"({p['encoding']}) | {kb(p['budget'])} | {verdict(p['met'])} |")
    add("")
    for visit in w["visits"]:
        add(f"First visit of `{visit['path']}`: HTML {visit['html']:,} B + "
            + " + ".join(f"`{a['url']}` {a['bytes']:,} B ({a['encoding']}; `{a['cache_control']}`)"
                         for a in visit["assets"])
            + f" = **{visit['first_visit']:,} B**; repeat visit: HTML + {visit['repeat_static']} B of static files.")
        add("")


def _browser(results: dict, add) -> None:
    b = results.get("browser")
    if not b:
        return
    add("## Chromium on slow 3G")
    add("")
    add(f"Debian's Chromium through Playwright, CDP `Network.emulateNetworkConditions` "
        f"{browser.SLOW_3G['downloadThroughput'] * 8 / 1000:.0f} kbit/s down and up, {browser.SLOW_3G['latency']} ms "
        "latency, cache disabled, a fresh context each time; the median of the runs.")
    add("")
    add(f"- Sign-in page usable (load event: HTML, CSS and deferred JS in): **{b['sign_in_ms']:.0f} ms** "
        f"(DOMContentLoaded {b['sign_in_dcl_ms']:.0f} ms; runs: {', '.join(f'{x:.0f}' for x in b['sign_in_ms_all'])})")
    add(f"- Typing a surname on /claims to the htmx results settled (includes the 300 ms `delay:` of the live "
        f"search): **{b['search_ms']:.0f} ms** (runs: {', '.join(f'{x:.0f}' for x in b['search_ms_all'])}; "
        f"results show the surname: {b.get('search_found_surname')})")
    for key, label in (("first_visit", "First visit"), ("repeat_visit", "Repeat visit (another page)")):
        v = b.get(key)
        if v:
            add(f"- {label}, unthrottled, as Chromium transferred it (bytes include HTTP headers): document "
                f"{v['document_bytes']:,} B, other files {v['static_bytes']:,} B: "
                + ", ".join(f"{r['url'].rsplit('/', 1)[-1] or '/'} {r['bytes']:,} B"
                            f"{' (cache)' if r.get('cached') else ''}" for r in v["requests"]))
    add("")


def _bulk(results: dict, add) -> None:
    if not results.get("bulk"):
        return
    add("## Bulk: import and export of 1,000,000 payment lines")
    add("")
    add("The extract is written by `bench/make_extract.py --lines 1000000` and imported by `bench/bench_import.py` "
        "into an empty database built by the migrations, then imported again (unchanged). The export streams every "
        "line through `lp.payments.downloads.line_chunks` and `lp.exports.csv_chunks` (what `/payments/lines.csv` "
        "sends), in a process of its own; memory is the peak RSS above the RSS before the export, sampled every "
        "10 ms.")
    add("")
    for db, entry in results["bulk"].items():
        for label, run in entry.get("import", {}).get("runs", {}).items():
            add(f"- {db} import, {label}: {run['status']} in **{run['seconds']:.1f} s** "
                f"({run['lines_per_s']:,} lines/s); timings: {run['timings_ms']}")
        e = entry.get("export")
        if e:
            add(f"- {db} export: {e['lines']:,} lines in {e['seconds']:.1f} s = **{e['lines_per_s']:,.0f} lines/s**, "
                f"{e['bytes'] / 1048576:.0f} MB of CSV, peak extra memory **{e['peak_extra_bytes'] / 1048576:.1f} MB** "
                f"(budgets {bulk.EXPORT_RATE_BUDGET:,} lines/s, {bulk.EXPORT_MEMORY_BUDGET // 1048576} MB)")
    add("")


def _plans(results: dict, add) -> None:
    if not any(e.get("plans") for e in results["databases"].values()):
        return
    add("## Query plans of the key reads")
    add("")
    add("Built by lp's own query functions for demo-lead; the median of 3 executions. A full scan of a large table "
        "is flagged. The plans themselves are in docs/performance.md (and in bench/cache/results.json).")
    add("")
    add("| database | query | ms | full scans |")
    add("|---|---|---|---|")
    for db, entry in results["databases"].items():
        for plan in entry.get("plans", []):
            add(f"| {db} | {plan['name']} | {plan['ms']:.1f} | {'; '.join(plan['scan']) or 'none'} |")
    add("")


DOC = REPORT.parent.parent / "docs" / "performance.md"
START, END = "<!-- plans:start (written by python -m bench) -->", "<!-- plans:end -->"


def write_plans_doc(results: dict) -> Path | None:
    """Put this run's query plans into docs/performance.md between its markers."""
    blocks = []
    for db, entry in results["databases"].items():
        if not entry.get("plans"):
            continue
        how = "EXPLAIN QUERY PLAN" if db == "sqlite" else "EXPLAIN ANALYZE"
        blocks.append(f"### {db} ({how}; demo-lead, {entry['targets']['claims']:,} claims; run of "
                      f"{results['machine']['date']})\n")
        for plan in entry["plans"]:
            blocks.append(f"**{plan['name']}**: {plan['ms']:.1f} ms"
                          + (f"; full scans: {'; '.join(plan['scan'])}" if plan["scan"] else "") + "\n")
            blocks.append("```\n" + plan["plan"] + "\n```\n")
    if not blocks or not DOC.exists():
        return None
    text = DOC.read_text()
    if START not in text:
        return None
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1] if END in rest else ""
    DOC.write_text(before + START + "\n" + "\n".join(blocks) + END + after)
    return DOC
