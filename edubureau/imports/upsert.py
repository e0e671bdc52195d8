"""Set-wise writes of imported rows: one INSERT … ON CONFLICT DO UPDATE per batch.

PostgreSQL: the batch is COPied into a temporary staging table, then inserted from it in one
statement, then the table is ANALYZEd (after the transaction, by the caller: upsert_analyze).
SQLite: the same statement with VALUES, run with executemany. Either way the rows given are
only the new and the changed ones; the caller has already compared with what is stored.
"""
from collections.abc import Callable, Sequence

from django.db import connection, transaction
from django.db.models import Model

BATCH = 5000


def upsert(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    conflict: Sequence[str] | None,
    update: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert `rows` (values in `fields` order, ready for the database) into `model`'s table;
    a row whose `conflict` columns match a stored row updates that row's `update` columns.
    conflict None: rows known to be new, a plain INSERT (PostgreSQL: COPY straight into the table)."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    target = None if conflict is None else [meta.get_field(name).column for name in conflict]
    changes = [meta.get_field(name).column for name in update]
    write = _copy_and_insert if connection.vendor == "postgresql" else _insert_many
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        write(meta.db_table, columns, batch, target, changes)
        if progress is not None:
            progress(start + len(batch))


def _on_conflict(target: Sequence[str] | None, changes: Sequence[str]) -> str:
    if target is None:
        return ""
    quote = connection.ops.quote_name
    keys = ", ".join(map(quote, target))
    if not changes:
        return f"ON CONFLICT ({keys}) DO NOTHING"
    sets = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in changes)
    return f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"


def _insert_many(table: str, columns: list[str], rows: Sequence[Sequence], target, changes) -> None:
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(columns))
    sql = (f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({marks}) "
           f"{_on_conflict(target, changes)}")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _copy_and_insert(table: str, columns: list[str], rows: Sequence[Sequence], target, changes) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    if target is None:  # new rows only: straight into the table
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    stage = quote(f"stage_{table}")
    with transaction.atomic(), connection.cursor() as cursor:  # the staging table lives until the commit
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
                       f"SELECT {names} FROM {quote(table)} LIMIT 0")
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {stage} "
                       f"{_on_conflict(target, changes)}")


def upsert_analyze(*models: type[Model]) -> None:
    """Refresh the planner's statistics after a large import (PostgreSQL; SQLite: ANALYZE too)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
