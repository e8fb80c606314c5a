"""Background jobs on Huey (docs/jobs-and-mail.md): each task runs one use case inside the app.

The queue is only a hint of what to do next; the database is the source of truth. Every task is idempotent
and keyed by what it works on, and the sweep queues again whatever was queued but did not finish, so a
worker that dies mid-task delays work but never loses or doubles it.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey

from ledger.extensions import db
from ledger.jobs.queue import build_huey

EXTENSION = "servicekonto.jobs"
log = logging.getLogger(__name__)


class Jobs:
    """The app's Huey instance and its tasks by name."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.huey: Huey = build_huey(app.config, Path(app.instance_path))
        self.tasks: dict[str, Any] = {}
        _register(self)

    def task(self, name: str, function: Callable[..., object], **options: Any) -> None:
        """Register `function` as the task `name`, run inside the app with a session of its own."""
        self.tasks[name] = self.huey.task(name=name, **options)(_in_app(self.app, function))

    def periodic(self, name: str, when: Any, function: Callable[..., object]) -> None:
        """Register `function` to run on the schedule `when` (a huey crontab)."""
        self.tasks[name] = self.huey.periodic_task(when, name=name)(_in_app(self.app, function))

    def enqueue(self, name: str, *args: Any) -> None:
        """Queue the task `name` with `args` (at once in immediate mode)."""
        self.tasks[name](*args)

    def enqueue_in(self, seconds: int, name: str, *args: Any) -> None:
        """Queue the task `name` with `args` to run `seconds` from now (kept in the schedule in immediate mode)."""
        self.tasks[name].schedule(args=args, delay=seconds)


def _in_app(app: Flask, function: Callable[..., object]) -> Callable[..., object]:
    @functools.wraps(function)
    def run(*args: Any) -> object:
        with app.app_context():
            try:
                return function(*args)
            finally:
                db.session.remove()

    return run


def jobs() -> Jobs:
    """The current app's jobs."""
    return current_app.extensions[EXTENSION]


def enqueue(name: str, *args: Any) -> None:
    """Queue the task `name` of the current app."""
    jobs().enqueue(name, *args)


def _register(registry: Jobs) -> None:
    from ledger.jobs import tasks

    tasks.register(registry)


def init_jobs(app: Flask) -> None:
    """Build the app's queue and tasks (cheap: no connection is opened until a task is queued)."""
    app.extensions[EXTENSION] = Jobs(app)


def run_worker(*, workers: int = 1, worker_type: str = "process", periodic: bool = True) -> None:
    """Consume the current app's queue until stopped; every worker opens database connections of its own."""
    registry = jobs()
    app = registry.app

    @registry.huey.on_startup()
    def fresh_connections() -> None:  # a forked worker must not share its parent's pooled connections
        with app.app_context():
            db.engine.dispose(close=False)

    consumer = registry.huey.create_consumer(workers=workers, worker_type=worker_type, periodic=periodic,
                                             initial_delay=0.05, max_delay=1.0, check_worker_health=True)
    log.info("jobs worker: %s %s worker(s) on %s", workers, worker_type, type(registry.huey).__name__)
    consumer.run()
