"""Small helpers that many test modules use (fixtures and factories live in conftest.py)."""

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


def page(response) -> str:
    return response.get_data(as_text=True)


@contextmanager
def count_queries():
    """The SQL statements run inside the block."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))
