"""Small helpers that many test modules use (fixtures and factories live in conftest.py)."""

import threading
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


def at_once(*calls):
    """Run the calls in threads released together; their answers in the same order."""
    barrier, answers = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        barrier.wait()
        answers[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
