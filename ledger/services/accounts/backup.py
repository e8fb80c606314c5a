"""Online backup of the embedded SQLite database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ledger.domain.errors import DomainError
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db

MESSAGES = define_messages({
    "backup_unsupported": N_("`flask ledger backup` copies the embedded SQLite database; on PostgreSQL use "
                             "pg_dump --format=custom --file=PATH \"$DATABASE_URL\" instead."),
    "backup_exists": N_("%(path)s already exists; choose a new file so that no backup is overwritten."),
})


def backup_database(path: Path) -> int:
    """Copy the live SQLite database to `path` with SQLite's online backup; return the pages copied.

    :raise DomainError: not on SQLite, or `path` already exists.
    """
    if db.engine.dialect.name != "sqlite":
        raise DomainError(code="backup_unsupported")
    if path.exists():
        raise DomainError(code="backup_exists", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = [0]

    def progress(_status: int, _remaining: int, total: int) -> None:
        pages[0] = total

    raw = db.engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        try:
            raw.driver_connection.backup(target, pages=1024, progress=progress)
        finally:
            target.close()
    finally:
        raw.close()
    return pages[0]
