"""Rows written on the hot paths with one Core statement each, then known to the session as loaded.

A unit-of-work flush of one new row cost about twice as much CPU as running its INSERT (pyinstrument,
bench/README.md), and every booked entry and logged task writes several. These helpers run the statement
and hand back the same ORM object a flush would have left, without the flush's bookkeeping.
"""
from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Insert, Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

Model = TypeVar("Model")


@cache
def _insert_of(table: Table) -> Insert:
    return insert(table)


@cache
def _update_of(table: Table) -> Update:
    return update(table).where(table.c.id == bindparam("row_id"))


def _complete(table: Table, columns: dict[str, Any]) -> dict[str, Any]:
    """Every column's value: a missing one takes its scalar default, as the INSERT would store it.

    :raise TypeError: a missing column whose default is computed (a callable or the server's): this shortcut
        would store NULL where a flush stores the default, so such a column must be given.
    """
    row = dict(columns)
    for column in table.columns:
        if column.key in row or column.primary_key:
            continue
        default = column.default
        if column.server_default is not None or (default is not None and not default.is_scalar):
            raise TypeError(f"insert_row needs a value for {table.name}.{column.key}: its default is computed")
        row[column.key] = default.arg if default is not None else None  # type: ignore[union-attr]
    return row


def insert_row(session: Session, model: type[Model], columns: dict[str, Any], **loaded: Any) -> Model:
    """INSERT one row of `model` and return it as a persistent, unmodified object (`loaded`: relationships
    already known, such as an empty collection, so that reading them asks nothing)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    session.flush()  # what the caller changed earlier reaches the database first, as with a flush
    row = _complete(table, columns)
    row_id = session.connection().execute(_insert_of(table), row).inserted_primary_key[0]
    instance = model(id=row_id, **row, **loaded)
    make_transient_to_detached(instance)  # type: ignore[arg-type]
    session.add(instance)
    return instance


def update_row(session: Session, instance: Any, **values: Any) -> None:
    """UPDATE columns of one persistent object's row and set them on it as loaded, not as changes to flush."""
    session.connection().execute(_update_of(instance.__table__), {"row_id": instance.id, **values})
    for name, value in values.items():
        set_committed_value(instance, name, value)


@cache
def _insert_then_update(table: Table, target: Table, names: tuple[str, ...]) -> Update:
    """PostgreSQL: the INSERT as a data-modifying CTE of the UPDATE of `target`'s row (columns `names`), one
    statement and one round trip; it answers the inserted row's id. The INSERT's values are bound as `new_<column>`."""
    added = (insert(table).values({column.key: bindparam(f"new_{column.key}") for column in table.columns
                                   if not column.primary_key})
             .returning(table.c.id).cte("added"))
    return (update(target).where(target.c.id == bindparam("row_id"))
            .values({name: bindparam(f"set_{name}") for name in names})
            .returning(select(added.c.id).scalar_subquery())
            .add_cte(added))


def insert_row_and_update(session: Session, model: type[Model], columns: dict[str, Any], instance: Any,
                          **values: Any) -> Model:
    """`insert_row(session, model, columns)` then `update_row(session, instance, **values)`, the same rows and
    triggers: on PostgreSQL as one statement (a data-modifying CTE), elsewhere as two."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        added = insert_row(session, model, columns)
        update_row(session, instance, **values)
        return added
    table: Table = model.__table__  # type: ignore[attr-defined]
    session.flush()
    row = _complete(table, columns)
    statement = _insert_then_update(table, instance.__table__, tuple(sorted(values)))
    parameters = {"row_id": instance.id, **{f"new_{key}": value for key, value in row.items()},
                  **{f"set_{name}": value for name, value in values.items()}}
    row_id = connection.execute(statement, parameters).scalar_one()
    added = model(id=row_id, **row)
    make_transient_to_detached(added)  # type: ignore[arg-type]
    session.add(added)
    for name, value in values.items():
        set_committed_value(instance, name, value)
    return added
