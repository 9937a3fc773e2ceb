"""The bench's report: a Markdown table per database, the goals, and a JSON twin."""

import json
from pathlib import Path

GOAL_PAGES = {"members", "institutions", "home", "program", "API organizations"}
MAX_QUERIES = 8
# The streamed downloads, by their key in a result (bench/probe.py names them).
DOWNLOADS = {"csv": "CSV download", "api_csv": "API CSV download"}


def _ratio(value: float) -> str:
    return f"{value:.3f}×"


def _row(row: dict) -> str:
    cached = row.get("cached")
    cached_cells = (
        f"{cached['rps']} | {_ratio(cached['floor_ratio'])}" if cached else "– | –"
    )
    lang = f" ({row['lang']})" if row["lang"] else ""
    return (
        f"| {row['name']}{lang} | `{row['path']}` | {row['rps']} | {row['p50_ms']} | "
        f"{row['p99_ms']} | {row['errors']}/{row['timeouts']} | "
        f"{_ratio(row['floor_ratio'])} | {row['queries_small']}→{row['queries']} | "
        f"{row['db_ms']} | {row.get('cpu_ms', '–')} | {cached_cells} |"
    )


def goals(result: dict) -> list[tuple[str, bool, str]]:
    """(goal, met, what was measured) for every goal the bench can measure."""
    rows = result["urls"]
    by_name = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    pages = [row for row in rows if row["name"] in GOAL_PAGES]
    found = []

    worst = min(pages, key=lambda r: r["floor_ratio"])
    found.append(
        (
            "main pages and first API page, uncached ≥ 0.10× floor",
            worst["floor_ratio"] >= 0.10,
            f"lowest {_ratio(worst['floor_ratio'])} ({worst['path']})",
        )
    )
    if all(row.get("cached") for row in pages):
        worst = min(pages, key=lambda r: r["cached"]["floor_ratio"])
        found.append(
            (
                "the same from the page cache ≥ 0.50× floor",
                worst["cached"]["floor_ratio"] >= 0.50,
                f"lowest {_ratio(worst['cached']['floor_ratio'])} ({worst['path']})",
            )
        )
    searches = [row for row in rows if row["name"].startswith("search")]
    searches += by_name.get("API search quantum", [])
    worst = min(searches, key=lambda r: r["floor_ratio"])
    slowest = max(searches, key=lambda r: r["db_ms"])
    found.append(
        (
            "every search, uncached ≥ 0.05× floor",
            worst["floor_ratio"] >= 0.05,
            f"lowest {_ratio(worst['floor_ratio'])} ({worst['path']})",
        )
    )
    found.append(
        (
            "every search ≤ 50 ms in the database",
            slowest["db_ms"] <= 50,
            f"slowest {slowest['db_ms']} ms ({slowest['path']})",
        )
    )
    first_api = by_name["API organizations"][0]
    deep_api = next(r for r in rows if r["name"].startswith("API organizations, deep"))
    first_html = by_name["members"]
    last_html = by_name["members, last page"]
    pairs = [(deep_api, first_api), *zip(last_html, first_html, strict=True)]

    def slower(pair):
        return pair[0]["p50_ms"] / max(pair[1]["p50_ms"], 0.1)

    worst_deep = max(pairs, key=slower)
    factor = slower(worst_deep)
    found.append(
        (
            "API page 1000 and the last HTML page: p50 ≤ 2× page 1's",
            factor <= 2,
            f"worst {factor:.2f}× ({worst_deep[0]['path']})",
        )
    )
    most = max(rows, key=lambda r: r["queries"])
    grown = [
        r
        for r in rows
        if r["queries_small"] is not None and r["queries"] != r["queries_small"]
    ]
    found.append(
        (
            f"≤ {MAX_QUERIES} queries per page or API list, the same at both sizes",
            most["queries"] <= MAX_QUERIES and not grown,
            f"most {most['queries']} ({most['path']}); "
            + (f"{len(grown)} differ between sizes" if grown else "none differ"),
        )
    )
    for key, name in DOWNLOADS.items():
        csv = result.get(key)
        if csv is None:  # A report written before the API's CSV was measured.
            continue
        found.append(
            (
                f"{name}: first byte ≤ 1 s",
                csv["first_byte_s"] <= 1,
                f"{csv['first_byte_s']} s for {csv['rows']} rows "
                f"({csv['total_s']} s in all)",
            )
        )
        found.append(
            (
                f"{name}: the worker grows by ≤ 50 MB",
                csv["worker_growth_mb"] <= 50,
                f"{csv['worker_growth_mb']} MB",
            )
        )
    export = result["export_open_data"]
    found.append(
        (
            "export_open_data ≤ 60 s, peak memory ≤ 300 MB",
            export["ok"] and export["seconds"] <= 60 and export["peak_mb"] <= 300,
            f"{export['seconds']} s, {export['peak_mb']} MB",
        )
    )
    crowd = result["crowd_64"]
    found.append(
        (
            "64 connections on /members/: 0 errors, 0 timeouts",
            crowd["requests"] > 0 and not crowd["errors"] and not crowd["timeouts"],
            f"{crowd['errors']} errors, {crowd['timeouts']} timeouts, "
            f"{crowd['rps']} req/s",
        )
    )
    return found


def markdown(report: dict) -> str:
    lines = [
        "# Benchmark",
        "",
        f"Written by `make bench` on {report['generated_at']} at commit "
        f"`{report['commit']}`: {report['organizations']:,} organizations, gunicorn "
        f"with 5 sync workers, wrk with {report['connections']} connections for "
        f"{report['seconds_per_url']} s per URL, on {report['cpus']} CPUs "
        f"(load average before the run {report['load_average'][0]:.1f}).",
        "",
        "Ratios to the floor (`/robots.txt`, through the same stack in the same run) "
        "are what compare across runs; absolute figures move with whatever else the "
        "machine is doing. *Queries* is small→large: one request's SQL queries with "
        "1,000 synthetic organizations, then with all of them. *DB ms* is the time the "
        "database spent on one request's queries, and *CPU ms* the processor time the "
        "request cost the Django process (SQLite's work included, PostgreSQL's not); "
        "both the fastest of three, in process, outside gunicorn.",
    ]
    for result in report["results"]:
        floor = result["floor"]
        cached_floor = result.get("cached_floor")
        lines += [
            "",
            f"## {result['database']}",
            "",
            f"Floor: {floor['rps']} req/s uncached run"
            + (f", {cached_floor['rps']} req/s cached run." if cached_floor else "."),
            "",
            "| URL | path | req/s | p50 ms | p99 ms | errors/timeouts | × floor | "
            "queries | DB ms | CPU ms | cached req/s | cached × floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
            *(_row(row) for row in result["urls"]),
            "",
            "| goal | met | measured |",
            "|---|---|---|",
            *(
                f"| {goal} | {'yes' if met else '**no**'} | {measured} |"
                for goal, met, measured in goals(result)
            ),
            *limits(result),
        ]
    return "\n".join(lines) + "\n"


def database_time(result: dict, db_ms: float) -> str:
    """SQLite works inside the Django process, PostgreSQL in its own."""
    if result["database"] == "SQLite":
        return f"{db_ms} ms of it in the database"
    return f"and the database server {db_ms} ms more"


def limits(result: dict) -> list[str]:
    """What limits the uncached pages, from the probe's CPU times: at a ratio
    r to the floor, a request may cost about 1/r times the floor's CPU."""
    floor_cpu = result.get("floor_cpu_ms")
    rows = [r for r in result["urls"] if r.get("cpu_ms") is not None]
    if not floor_cpu or not rows:
        return []
    pages = [r for r in rows if r["name"] in GOAL_PAGES]
    searches = [r for r in rows if r["name"].startswith("search")]
    lines = ["", "What the uncached requests cost, in process:", ""]
    for label, group, ratio in (
        ("main pages and first API page", pages, 0.10),
        ("searches", searches, 0.05),
    ):
        worst = max(group, key=lambda r: r["cpu_ms"])
        lines.append(
            f"- {label}: at {ratio:.2f}× the floor, about "
            f"{floor_cpu / ratio:.1f} ms of CPU each (the floor costs "
            f"{floor_cpu} ms); the costliest, `{worst['path']}`, takes "
            f"{worst['cpu_ms']} ms, {database_time(result, worst['db_ms'])}."
        )
    lines.append(
        "- where that time goes, and what would change it: `docs/ARCHITECTURE.md`, "
        "*What an uncached page costs*."
    )
    return lines


def write_report(report: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    for result in report["results"]:
        result["goals"] = [
            {"goal": goal, "met": met, "measured": measured}
            for goal, met, measured in goals(result)
        ]
    out.with_suffix(".json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    out.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
