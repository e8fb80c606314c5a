"""A jobs worker process for the crash tests: a Huey consumer (one thread) on the given database and queue.

    python -m tests.robustness.jobs_worker DATABASE_URL JOBS_URL_OR_SQLITE_PATH QUEUE_NAME
"""
from __future__ import annotations

import sys

from ledger import create_app
from ledger.jobs import run_worker


def main(database_url: str, queue: str, queue_name: str) -> None:
    """Consume until killed; prints "ready" once the app is built."""
    config = {"SERVICEKONTO_ENV": "testing", "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
              "JOBS_IMMEDIATE": False, "JOBS_QUEUE_NAME": queue_name, "JOBS_STALE_SECONDS": 2,
              "MAIL_BACKEND": "locmem"}
    if queue.startswith("redis://"):
        config["JOBS_URL"] = queue
    else:
        config["JOBS_SQLITE_PATH"] = queue
    app = create_app(config)
    with app.app_context():
        print("ready", flush=True)
        run_worker(workers=1, worker_type="thread", periodic=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
