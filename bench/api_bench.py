"""API benchmark: gunicorn (2 workers) under wrk, logging tasks vs a trivial endpoint of the same app.

    python -m bench.api_bench                      # the embedded SQLite
    python -m bench.api_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

POST /api/v1/tasks is authenticated (bearer token), validated, classified by the rules, and books a
debit under the account lock; GET /api/v1/health returns a constant. Tasks are logged twice: spread over
five customers (writers to different accounts; the usual load) and all on one customer (every request
queues for the same row lock: the worst case). All run against the same server in the same run, so each
ratio is the cost of the real work. wrk is Debian's `wrk` package.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine

from bench.common import default_database_url, engine_label, print_table
from ledger.config import ROOT

#: Each wrk thread sends the bodies in turn, so the customers share the load evenly.
WRK_POST = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
local bodies = {{{bodies}}}
local sent = 0
request = function()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[sent % #bodies + 1])
end
"""
ACCOUNTS = 5
_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) from `wrk --latency` output."""
    latencies = {percent: _to_ms(value, unit) for percent, value, unit in _LATENCY.findall(output)}
    rate = _RATE.search(output)
    if rate is None or set(latencies) != {"50", "99"}:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return {"rps": float(rate.group(1)), "p50": latencies["50"], "p99": latencies["99"]}


def _database(url: str | None, folder: Path) -> tuple[str, str | None]:
    """(URL for the server, schema to drop afterwards): a new SQLite file, or a new PostgreSQL schema."""
    if url and url.startswith("postgresql"):
        schema = f"bench_api_{uuid.uuid4().hex[:8]}"
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}options=-csearch_path%3D{schema}", schema
    return f"sqlite:///{folder / 'bench.db'}", None


def _flask(environment: dict[str, str], *arguments: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", *arguments], cwd=ROOT, env=environment, input=stdin,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def prepare(environment: dict[str, str]) -> str:
    """Migrate and create a staff user; return its API token."""
    _flask(environment, "db", "upgrade")
    _flask(environment, "users", "create", "bench@servicekonto.example", "--role", "staff", "--name", "Bench Bänk", stdin="bench-password\n")
    return _flask(environment, "users", "token", "bench@servicekonto.example")


def create_customer(base: str, token: str, number: int = 0) -> int:
    """A customer who pays for exact time (no overdraft limit), created through the API."""
    request = urllib.request.Request(
        f"{base}/api/v1/customers", method="POST",
        data=json.dumps({"name": f"Bench {number} AB", "org_number": f"bench-{number}", "country": "NO",
                         "hourly_rate": "950.00", "monthly_fee": "1499.00"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["id"]


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict[str, float]:
    """Run wrk with 2 threads for `seconds` against `url`."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    return parse_wrk(subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout)


def _post_script(path: Path, token: str, customer_ids: list[int]) -> Path:
    """A wrk script that logs a debited task for each customer in turn."""
    bodies = [json.dumps({"customer_id": customer_id, "category": "installation", "minutes": 30,
                          "work_date": time.strftime("%Y-%m-%d"), "description": "Benchmark task"})
              for customer_id in customer_ids]
    path.write_text(WRK_POST.format(token=token, bodies=", ".join(f"[[{body}]]" for body in bodies)), encoding="utf-8")
    return path


def _figures(measured: dict[str, float]) -> str:
    return f"{measured['rps']:,.0f} req/s, p50 {measured['p50']:.1f} ms, p99 {measured['p99']:.1f} ms"


def run(database_url: str | None, seconds: int, connections: int) -> list[tuple[str, str]]:
    """Start gunicorn, load the trivial endpoint, then tasks on five accounts and on one; return the figures."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian package wrk); install it to run this benchmark")
    with tempfile.TemporaryDirectory(prefix="servicekonto-api-bench-") as folder:
        url, schema = _database(database_url, Path(folder))
        environment = {**os.environ, "DATABASE_URL": url, "SERVICEKONTO_ENV": "development",
                       "SECRET_KEY": "bench", "FLASK_APP": "app.py"}
        token = prepare(environment)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level",
             "warning", "app:app"], cwd=ROOT, env=environment)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            customers = [create_customer(base, token, number) for number in range(ACCOUNTS)]
            spread = _post_script(Path(folder) / "spread.lua", token, customers)
            hot = _post_script(Path(folder) / "hot.lua", token, customers[:1])
            trivial = wrk(f"{base}/api/v1/health", seconds, connections)
            tasks_spread = wrk(f"{base}/api/v1/tasks", seconds, connections, spread)
            tasks_hot = wrk(f"{base}/api/v1/tasks", seconds, connections, hot)
            verify = _flask(environment, "ledger", "verify")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            if schema:
                with create_engine(database_url, isolation_level="AUTOCOMMIT").connect() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    return [
        ("engine", engine_label(database_url)),
        ("server", f"gunicorn, 2 workers; wrk 2 threads, {connections} connections, {seconds} s each"),
        ("GET /api/v1/health", _figures(trivial)),
        (f"POST /api/v1/tasks, {ACCOUNTS} accounts", _figures(tasks_spread)),
        (f"tasks {ACCOUNTS} accounts / trivial (ratio)", f"{tasks_spread['rps'] / trivial['rps']:.3f}"),
        ("POST /api/v1/tasks, 1 hot account", _figures(tasks_hot)),
        ("tasks 1 account / trivial (ratio)", f"{tasks_hot['rps'] / trivial['rps']:.3f}"),
        ("ledger verify afterwards", verify),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url(), help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--seconds", type=int, default=10, help="load per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.seconds, args.connections)
    print_table("API benchmark", rows)
    return rows


if __name__ == "__main__":
    main()
