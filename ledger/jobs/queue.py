"""The Huey instance from the configuration: an SQLite file by default, Redis when JOBS_URL says so."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

QUEUE_NAME = "servicekonto"


def build_huey(config: Mapping[str, Any], instance_dir: Path) -> Huey:
    """`JOBS_URL` unset: SqliteHuey in JOBS_SQLITE_PATH (default instance/jobs.sqlite3); `redis://…`: RedisHuey.

    JOBS_IMMEDIATE runs each task at once in the caller (tests and one-off scripts).
    """
    url = config.get("JOBS_URL")
    name = config.get("JOBS_QUEUE_NAME") or QUEUE_NAME
    immediate = bool(config.get("JOBS_IMMEDIATE", False))
    if immediate:
        return MemoryHuey(name, immediate=True, results=False, utc=True)
    if url and str(url).startswith(("redis://", "rediss://", "unix://")):
        huey: Huey = RedisHuey(name, url=url, results=False, utc=True)
    elif url:
        raise RuntimeError(f"JOBS_URL must be a redis:// URL (or unset for the embedded queue), not {url!r}.")
    else:
        path = Path(config.get("JOBS_SQLITE_PATH") or instance_dir / "jobs.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(name, filename=str(path), results=False, utc=True)
    return huey
