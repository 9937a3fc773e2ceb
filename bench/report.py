"""The bench's report: a Markdown table per database, the goals, and a JSON twin."""

import json
from pathlib import Path

# The uncached lists measured against the plain-Django peer (bench/peer.py):
# each ≥ PEER_MULTIPLE × the peer's first page and ≥ LIST_FLOOR_RATIO × floor.
PEER_GOAL_PAGES = {"members", "institutions", "API organizations"}
PEER_MULTIPLE = 5
LIST_FLOOR_RATIO = 0.05
# The other pages of the former uncached goal (≥ 0.10× floor for all five).
OTHER_GOAL_PAGES = {"home", "program"}
OTHER_FLOOR_RATIO = 0.10
# The pages whose cached copies are measured against the floor.
GOAL_PAGES = PEER_GOAL_PAGES | OTHER_GOAL_PAGES
PEER = "peer members"
# The page numbers measured besides the first (bench/probe.py, PAGE_NUMBERS).
PAGE_NUMBERS = ("2", "100", "1000", "1999")
# The goals in seconds hold on a machine whose floor reaches this many req/s;
# on a slower one they are scaled by REFERENCE_FLOOR / floor.
REFERENCE_FLOOR = 2500
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


def time_scale(result: dict) -> float:
    """How much longer the goals in seconds allow on this run's machine: 1 when
    its floor reaches REFERENCE_FLOOR req/s, else REFERENCE_FLOOR / floor."""
    return max(1.0, REFERENCE_FLOOR / result["floor"]["rps"])


def _limit(goal: float, unit: str, scale: float) -> str:
    """A goal in seconds or milliseconds, and what it is at this floor."""
    if scale == 1:
        return f"{goal:g} {unit}"
    return f"{goal:g} {unit} × {scale:.2f} = {goal * scale:.3g} {unit}"


def _named(rows: list[dict]) -> dict:
    """The rows by name, then language: {"members": {"en": row, "zh": row}}."""
    found: dict = {}
    for row in rows:
        found.setdefault(row["name"], {})[row["lang"]] = row
    return found


def peer_row(result: dict) -> dict | None:
    """The plain-Django peer's first page, if the run measured it."""
    return _named(result["urls"]).get(PEER, {}).get("en")


def peer_ratio(row: dict, peer: dict) -> float:
    return row["rps"] / max(peer["rps"], 0.1)


def page_pairs(result: dict) -> list[tuple[str, dict, dict]]:
    """(label, page, its list's first page) for every page number measured:
    HTML in English (and the last in Chinese), the API, and the peer. The label
    says the list and the page's number at 100,000 organizations."""
    named = _named(result["urls"])
    found = []
    for label, first, lang in (
        ("HTML", "members", "en"),
        ("API", "API organizations", ""),
        ("peer", PEER, "en"),
    ):
        page_one = named.get(first, {}).get(lang)
        if page_one is None:
            continue
        for number in (*PAGE_NUMBERS, "last"):
            name = (
                f"{first}, last page" if number == "last" else f"{first}, page {number}"
            )
            row = named.get(name, {}).get(lang)
            if row is not None:
                page = "last page" if number == "last" else f"page {number}"
                found.append((f"{label}, {page}", row, page_one))
    zh_first = named.get("members", {}).get("zh")
    zh_last = named.get("members, last page", {}).get("zh")
    if zh_first and zh_last:
        found.append(("HTML (zh), last page", zh_last, zh_first))
    return found


def _slower(pair: tuple[str, dict, dict]) -> float:
    return pair[1]["p50_ms"] / max(pair[2]["p50_ms"], 0.1)


def goals(result: dict) -> list[tuple[str, bool, str]]:
    """(goal, met, what was measured) for every goal the bench can measure."""
    rows = result["urls"]
    by_name = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    scale = time_scale(result)
    found = []

    lists = [row for row in rows if row["name"] in PEER_GOAL_PAGES]
    peer = peer_row(result)
    if peer is not None:
        worst = min(lists, key=lambda r: r["rps"])
        found.append(
            (
                f"`/members/`, `/institutions/` and the first API page, uncached "
                f"≥ {PEER_MULTIPLE}× the plain-Django peer",
                all(peer_ratio(r, peer) >= PEER_MULTIPLE for r in lists),
                f"lowest {peer_ratio(worst, peer):.2f}× ({worst['path']}); "
                f"the peer {peer['rps']} req/s",
            )
        )
    worst = min(lists, key=lambda r: r["floor_ratio"])
    found.append(
        (
            f"the same ≥ {LIST_FLOOR_RATIO:.2f}× floor",
            worst["floor_ratio"] >= LIST_FLOOR_RATIO,
            f"lowest {_ratio(worst['floor_ratio'])} ({worst['path']})",
        )
    )
    others = [row for row in rows if row["name"] in OTHER_GOAL_PAGES]
    worst = min(others, key=lambda r: r["floor_ratio"])
    found.append(
        (
            f"home and program pages, uncached ≥ {OTHER_FLOOR_RATIO:.2f}× floor",
            worst["floor_ratio"] >= OTHER_FLOOR_RATIO,
            f"lowest {_ratio(worst['floor_ratio'])} ({worst['path']})",
        )
    )
    pages = [row for row in rows if row["name"] in GOAL_PAGES]
    if all(row.get("cached") for row in pages):
        worst = min(pages, key=lambda r: r["cached"]["floor_ratio"])
        found.append(
            (
                "these five from the page cache ≥ 0.50× floor",
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
            f"every search ≤ {_limit(50, 'ms', scale)} in the database",
            slowest["db_ms"] <= 50 * scale,
            f"slowest {slowest['db_ms']} ms ({slowest['path']})",
        )
    )
    pairs = [pair for pair in page_pairs(result) if not pair[0].startswith("peer")]
    worst_page = max(pairs, key=_slower)
    found.append(
        (
            "pages 2, 100, 1000, 1999 and the last, HTML and API: p50 ≤ 2× page 1's",
            _slower(worst_page) <= 2,
            f"worst {_slower(worst_page):.2f}× ({worst_page[1]['path']})",
        )
    )
    product = [r for r in rows if r["kind"] != "peer"]
    most = max(product, key=lambda r: r["queries"])
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
                f"{name}: first byte ≤ {_limit(1, 's', scale)}",
                csv["first_byte_s"] <= 1 * scale,
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
            f"export_open_data ≤ {_limit(60, 's', scale)}, peak memory ≤ 300 MB",
            export["ok"]
            and export["seconds"] <= 60 * scale
            and export["peak_mb"] <= 300,
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


def peer_table(result: dict) -> list[str]:
    """The uncached lists as multiples of the peer's first page, same run."""
    peer = peer_row(result)
    if peer is None:
        return []
    lists = [r for r in result["urls"] if r["name"] in PEER_GOAL_PAGES]
    lines = [
        "",
        "The uncached lists against the plain-Django peer (`bench/peer.py`: a "
        "`ListView` of the same members, 25 a page, Django's `Paginator`, "
        "`select_related`/`prefetch_related`, a plain template), measured in the "
        "same server processes in the same run:",
        "",
        "| list | path | req/s | p50 ms | × peer | × floor | CPU ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in [peer, *lists]:
        lang = f" ({row['lang']})" if row["lang"] and row is not peer else ""
        lines.append(
            f"| {row['name']}{lang} | `{row['path']}` | {row['rps']} | "
            f"{row['p50_ms']} | {peer_ratio(row, peer):.2f}× | "
            f"{_ratio(row['floor_ratio'])} | {row.get('cpu_ms', '–')} |"
        )
    return lines


def pages_table(result: dict) -> list[str]:
    """p50 of each page number against page 1's, HTML, API and the peer."""
    pairs = page_pairs(result)
    if not pairs:
        return []
    lines = [
        "",
        "Pages in the middle of the lists, p50 against page 1's (page numbers at "
        "100,000 organizations; a smaller run reads the pages at the same places, "
        "which the paths say). p50 moves with the machine's load while wrk runs; "
        "*CPU ms* and *DB ms*, the fastest of three in process, say what the page "
        "itself costs against page 1:",
        "",
        "| list, page | path | p50 ms | × page 1 | req/s | queries | DB ms | CPU ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    shown = set()
    for label, row, first in pairs:
        if id(first) not in shown:
            shown.add(id(first))
            lines.append(
                f"| {label.rsplit(', ', 1)[0]}, page 1 | `{first['path']}` | "
                f"{first['p50_ms']} | 1.00× | {first['rps']} | {first['queries']} | "
                f"{first['db_ms']} | {first.get('cpu_ms', '–')} |"
            )
        lines.append(
            f"| {label} | `{row['path']}` | {row['p50_ms']} | "
            f"{_slower((label, row, first)):.2f}× | {row['rps']} | "
            f"{row['queries']} | {row['db_ms']} | {row.get('cpu_ms', '–')} |"
        )
    return lines


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
        "both the fastest of three, in process, outside gunicorn. *peer members* is "
        "the plain-Django peer of `/members/` (`bench/peer.py`), served by the same "
        "processes under `bench.settings`; it is measured uncached only.",
    ]
    for result in report["results"]:
        floor = result["floor"]
        cached_floor = result.get("cached_floor")
        lines += [
            "",
            f"## {result['database']}",
            "",
            f"Floor: {floor['rps']} req/s uncached run"
            + (f", {cached_floor['rps']} req/s cached run." if cached_floor else ".")
            + load_note(result),
            "",
            "| URL | path | req/s | p50 ms | p99 ms | errors/timeouts | × floor | "
            "queries | DB ms | CPU ms | cached req/s | cached × floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
            *(_row(row) for row in result["urls"]),
            *peer_table(result),
            *pages_table(result),
            "",
            time_note(result),
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


def load_note(result: dict) -> str:
    """The machine's load (1-minute average) when the database's run began and
    ended: the machine may be shared, and the absolute figures move with it."""
    load = result.get("load_average")
    if not load:
        return ""
    return (
        f" Load average {load['before']:.1f} when this database's run began, "
        f"{load['after']:.1f} when it ended, on {result.get('cpus', '?')} CPUs."
    )


def time_note(result: dict) -> str:
    floor = result["floor"]["rps"]
    scale = time_scale(result)
    if scale == 1:
        return (
            f"The goals in seconds hold as written: the floor reached {floor} req/s, "
            f"at least the {REFERENCE_FLOOR:,} they assume."
        )
    return (
        f"The goals in seconds (CSV first byte, export time, a search's database "
        f"time) hold on a machine whose floor reaches {REFERENCE_FLOOR:,} req/s; "
        f"this floor reached {floor}, so they are scaled by {REFERENCE_FLOOR:,}/"
        f"{floor} = {scale:.2f}."
    )


def limits(result: dict) -> list[str]:
    """What limits the uncached requests, from the probe's CPU times: at a
    ratio r to the floor, a request may cost about 1/r times the floor's CPU;
    at m times the peer, about 1/m of the peer's."""
    floor_cpu = result.get("floor_cpu_ms")
    rows = [r for r in result["urls"] if r.get("cpu_ms") is not None]
    if not floor_cpu or not rows:
        return []
    lists = [r for r in rows if r["name"] in PEER_GOAL_PAGES]
    others = [r for r in rows if r["name"] in OTHER_GOAL_PAGES]
    searches = [r for r in rows if r["name"].startswith("search")]
    lines = ["", "What the uncached requests cost, in process:", ""]
    peer = peer_row(result)
    if peer is not None and peer.get("cpu_ms") is not None:
        worst = max(lists, key=lambda r: r["cpu_ms"])
        floor_budget = floor_cpu / LIST_FLOOR_RATIO
        budget = min(floor_budget, peer["cpu_ms"] / PEER_MULTIPLE)
        lines.append(
            f"- the lists: at {PEER_MULTIPLE}× the peer, about {budget:.1f} ms of "
            f"CPU each, 1/{PEER_MULTIPLE} of what the peer's page costs "
            f"({peer['cpu_ms']} ms, {database_time(result, peer['db_ms'])}; at "
            f"{LIST_FLOOR_RATIO:.2f}× the floor alone, {floor_budget:.1f} ms); the "
            f"costliest, `{worst['path']}`, takes {worst['cpu_ms']} ms, "
            f"{database_time(result, worst['db_ms'])}. The peer reads the same rows "
            f"through the same ORM and template engine, so {PEER_MULTIPLE}× it means "
            f"doing 1/{PEER_MULTIPLE} of that work per uncached request."
        )
    for label, group, ratio in (
        ("home and program pages", others, OTHER_FLOOR_RATIO),
        ("searches", searches, 0.05),
    ):
        worst = max(group, key=lambda r: r["cpu_ms"])
        lines.append(
            f"- {label}: at {ratio:.2f}× the floor, about "
            f"{floor_cpu / ratio:.1f} ms of CPU each (the floor costs "
            f"{floor_cpu} ms); the costliest, `{worst['path']}`, takes "
            f"{worst['cpu_ms']} ms, {database_time(result, worst['db_ms'])}."
        )
    pairs = [pair for pair in page_pairs(result) if not pair[0].startswith("peer")]
    if pairs:
        _label, page, first = max(pairs, key=_slower)
        lines.append(
            f"- the slowest page number against its page 1, `{page['path']}`: "
            f"{page['cpu_ms']} ms ({page['db_ms']} ms in the database, "
            f"{page['queries']} queries) against {first['cpu_ms']} ms "
            f"({first['db_ms']} ms, {first['queries']} queries)."
        )

        def cost(row):  # SQLite's time is in the process's CPU, PostgreSQL's not
            extra = 0 if result["database"] == "SQLite" else row["db_ms"]
            return row["cpu_ms"] + extra

        _label, page, first = max(pairs, key=lambda p: cost(p[1]) - cost(p[2]))
        lines.append(
            f"- the costliest page number in process, `{page['path']}`: "
            f"{cost(page):.1f} ms ({page['db_ms']} ms in the database) against page "
            f"1's {cost(first):.1f} ms. A page in the first half skips its OFFSET "
            f"over the sorted list's keys and one in the second half reads from the "
            f"other end (`registry/paging.py`), so the middle of the list, farthest "
            f"from both ends, costs most."
        )
    lines.append(
        "- where that time goes, and what would change it: `docs/performance.md`, "
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
