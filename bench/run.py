"""The registry's benchmark: a scratch database, gunicorn, and wrk.

    python bench/run.py            # 100,000 organizations; writes docs/benchmarks/
    python bench/run.py --smoke    # 10,000; fails on errors, timeouts, growing queries

For each database (SQLite always; PostgreSQL when DATABASE_URL names one) it
migrates a scratch database, loads the seed and a small batch of synthetic
organizations, counts every URL's queries, loads the rest, counts again, then
serves the site with gunicorn and drives every URL with wrk, beside a floor
(/robots.txt) measured the same way in the same run. It also measures the CSV
downloads, the pages' and the API's (first byte, the worker's memory), and
`export_open_data` (time, peak memory). Ratios to the floor are what compare
across machines and runs.

The server runs with bench.settings: the project's settings and URLs plus the
plain-Django peer of /members/ (bench/peer.py) under /bench-peer/, so the peer
is measured in the same processes, with the same middleware and database, in
the same run; the registry's uncached lists are reported as multiples of it.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from report import DOWNLOADS  # bench/report.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WORK = ROOT / "var" / "bench"
LUA = Path(__file__).with_name("wrk_report.lua")
SMALL = 1000  # synthetic organizations when queries are first counted
FLOOR = "/robots.txt"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def scratch_databases() -> list[tuple[str, str]]:
    """(label, DATABASE_URL) of every scratch database to run on."""
    found = [("SQLite", f"sqlite:///{WORK / 'bench.sqlite3'}")]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        name = urllib.parse.urlsplit(url).path.lstrip("/")
        if not re.search(r"bench|scratch", name):
            sys.exit(
                f"DATABASE_URL names {name!r}: the bench drops and recreates its "
                "database, so it only uses one whose name says bench or scratch."
            )
        found.append(("PostgreSQL", url))
    return found


def reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(urllib.parse.urlsplit(url).path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, *, page_cache: bool) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_DEBUG")
    }
    env.update(
        DATABASE_URL=url,
        # The project's settings with the peer's URLs (bench/settings.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-not-a-secret",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REGISTRY_API_ANON_RATE="1000000000/second",
        REGISTRY_OPEN_DATA_DIR=str(WORK / "opendata"),
        REGISTRY_PAGE_CACHE_SECONDS="300" if page_cache else "0",
        # Production settings refuse to start without mail and an https address;
        # the bench sends no mail and its pages link nowhere.
        REGISTRY_EMAIL_DISABLED="1",
        # A JSON line per request on stdout would be measured too, and would mix
        # with the probe's own answer.
        REGISTRY_LOG_LEVEL="WARNING",
        REGISTRY_SITE_URL="https://registry.bench.invalid",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def probe(env: dict) -> dict:
    out = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("probe.py"))],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


class Server:
    """gunicorn with 5 sync workers, as the issue's measurements used."""

    def __init__(self, env: dict, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [GUNICORN, "pudong_registry.wsgi", "--workers", "5", "--preload", "--bind",
             f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url(FLOOR), timeout=2).read()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer within a minute")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def drain(server: Server, workers: int = 5) -> None:
    """Wait until the requests a previous run left queued are answered.

    wrk stops at its deadline, but the requests still queued in the listen
    backlog are served afterwards: without this, a slow URL's leftovers would
    be measured as the next URL's latency. One floor request per worker, sent
    together, returns only once the queue ahead of them is empty.
    """

    def floor(_):
        return urllib.request.urlopen(server.url(FLOOR), timeout=600).read()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(floor, range(workers)))


def wrk(server: Server, path: str, *, seconds: float, connections: int = 16) -> dict:
    drain(server)
    out = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections),
         "--duration", f"{int(seconds)}s", "--timeout", "10s", "--script", str(LUA),
         server.url(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    raw = json.loads(out.split("BENCH_JSON", 1)[1])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "requests": raw["requests"],
        "errors": raw["connect"] + raw["read"] + raw["write"] + raw["status"],
        "timeouts": raw["timeout"],
    }


def memory_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+)", status, re.M).group(1))


def csv_download(server: Server, path: str) -> dict:
    """First byte, whole time, rows, and how far the serving worker's memory grew."""
    before = {}
    for pid in server.workers():
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak (VmHWM)
        before[pid] = memory_kb(pid, "VmRSS")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    started = time.monotonic()
    connection.request("GET", path)
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.monotonic() - started
    body = first + response.read()
    total = time.monotonic() - started
    connection.close()
    growth = max(memory_kb(pid, "VmHWM") - rss for pid, rss in before.items())
    return {
        "status": response.status,
        "first_byte_s": round(first_byte, 3),
        "total_s": round(total, 2),
        "rows": body.count(b"\n") - 1,
        "megabytes": round(len(body) / 1e6, 1),
        "worker_growth_mb": round(growth / 1024, 1),
    }


def export_open_data(env: dict) -> dict:
    shutil.rmtree(WORK / "opendata", ignore_errors=True)
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "export_open_data", "--include-synthetic"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "ok": process.returncode == 0,
        "seconds": round(time.monotonic() - started, 1),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
    }


def run_database(label: str, url: str, args) -> dict:
    load_before = os.getloadavg()[0]
    log(f"{label}: scratch database, migrate, seed, {SMALL} synthetic organizations")
    reset_database(url)
    env = environment(url, page_cache=False)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_seed")
    manage(env, "generate_demo_data", "--organizations", str(SMALL),
           "--allow-production", "-v0")  # fmt: skip
    small = probe(env)
    log(f"{label}: {args.organizations - SMALL} more synthetic organizations")
    manage(env, "generate_demo_data", "--organizations",
           str(args.organizations - SMALL), "--allow-production")  # fmt: skip
    large = probe(env)
    small_queries = {(u["name"], u["lang"]): u["queries"] for u in small["urls"]}
    rows = []
    for phase, cached in (("uncached", False), ("cached", True)):
        if cached and args.smoke:
            break
        log(f"{label}: gunicorn, {phase}")
        server = Server(environment(url, page_cache=cached), args.port)
        try:
            wrk(server, FLOOR, seconds=1)  # every worker up and warm
            floor = wrk(server, FLOOR, seconds=args.seconds)
            for i, entry in enumerate(large["urls"]):
                # A second of requests first, so that every worker has served
                # the URL once (its code, templates, cached counts) and the
                # cached run has filled the cache: the measurement is steady.
                if cached and entry["kind"] == "peer":
                    continue  # the peer is measured against uncached pages only
                wrk(server, entry["path"], seconds=1)
                if cached:
                    rows[i]["cached"] = wrk(server, entry["path"], seconds=args.seconds)
                    continue
                measured = wrk(server, entry["path"], seconds=args.seconds)
                rows.append(
                    {**entry, **measured,
                     "queries_small": small_queries.get((entry["name"], entry["lang"])),
                     "floor_ratio": round(measured["rps"] / floor["rps"], 3)}
                )  # fmt: skip
                log(f"  {entry['path']}: {measured['rps']} req/s")
            if cached:
                for row in rows:
                    if row.get("cached"):
                        row["cached"]["floor_ratio"] = round(
                            row["cached"]["rps"] / floor["rps"], 3
                        )
                cached_floor = floor
                continue
            uncached_floor = floor
            crowd = wrk(server, "/members/", seconds=args.crowd_seconds, connections=64)
            downloads = {}
            for key in DOWNLOADS:
                log(f"{label}: {DOWNLOADS[key]}, {large[key]['path']}")
                downloads[key] = csv_download(server, large[key]["path"])
        finally:
            server.stop()
    log(f"{label}: export_open_data")
    export = export_open_data(env)
    return {
        "database": label,
        "facts": large["facts"],
        "floor_cpu_ms": large["floor_cpu_ms"],
        "floor": uncached_floor,
        "cached_floor": cached_floor if not args.smoke else None,
        "urls": rows,
        "crowd_64": crowd,
        **{key: {**downloads[key], "path": large[key]["path"],
                 "queries": large[key]["queries"],
                 "queries_small": small[key]["queries"]} for key in DOWNLOADS},
        "export_open_data": export,
        "cpus": os.cpu_count(),
        "load_average": {"before": load_before, "after": os.getloadavg()[0]},
    }  # fmt: skip


CSV_CHUNK_ROWS = 2000  # registry.lists.streaming.CHUNK_ROWS


def problems(result: dict) -> list[str]:
    """What fails the smoke run: errors, timeouts, queries that grow with the data."""
    found = []
    for row in result["urls"]:
        where = f"{result['database']} {row['path']}"
        if row["errors"] or row["timeouts"] or row["status"] != 200:
            found.append(
                f"{where}: status {row['status']}, {row['errors']} errors, "
                f"{row['timeouts']} timeouts"
            )
        if row["queries_small"] is not None and row["queries"] > row["queries_small"]:
            found.append(
                f"{where}: {row['queries_small']} queries at {SMALL} organizations, "
                f"{row['queries']} with all of them"
            )
    crowd = result["crowd_64"]
    if crowd["errors"] or crowd["timeouts"] or not crowd["requests"]:
        found.append(f"{result['database']} /members/ with 64 connections: {crowd}")
    for key, name in DOWNLOADS.items():
        csv = result[key]
        # A download streams in constant memory, so it reads a chunk of rows at
        # a time: its queries may grow with the chunks, never with the rows.
        chunks = max(1, -(-csv["rows"] // CSV_CHUNK_ROWS))
        if csv["status"] != 200 or csv["queries"] > csv["queries_small"] * chunks:
            found.append(f"{result['database']} {name}: {csv}")
    if not result["export_open_data"]["ok"]:
        found.append(f"{result['database']}: export_open_data failed")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--organizations", type=int)
    parser.add_argument("--seconds", type=int)
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765))
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    args.organizations = args.organizations or (10_000 if args.smoke else 100_000)
    args.seconds = args.seconds or (2 if args.smoke else 5)
    args.crowd_seconds = 3 if args.smoke else 10
    args.out = args.out or (
        WORK / "smoke" if args.smoke else ROOT / "docs" / "benchmarks" / "latest"
    )
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does it).")
    WORK.mkdir(parents=True, exist_ok=True)
    from report import write_report  # bench/report.py, beside this file

    results = []
    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat("T", "seconds"),
        "organizations": args.organizations,
        "seconds_per_url": args.seconds,
        "connections": 16,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "results": results,
    }  # fmt: skip
    # Written after each database, so a long run leaves what it has measured.
    for label, url in scratch_databases():
        results.append(run_database(label, url, args))
        write_report(report, args.out)
        log(f"wrote {args.out}.md and {args.out}.json")
    found = [problem for result in results for problem in problems(result)]
    for problem in found:
        log(f"PROBLEM {problem}")
    return 1 if args.smoke and found else 0


if __name__ == "__main__":
    sys.exit(main())
