"""Helpers for tests of what happens when another save lands at the same time."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def landing_as_the_service_begins(change):
    """Runs ``change`` once, as the first transaction of the request begins: after
    the view has read what is stored, before the service checks and writes (a
    save or a publish from another request, landing meanwhile)."""
    pending = [change]

    def wrapper(execute, sql, params, many, context):
        if pending and sql.upper().startswith("SAVEPOINT"):
            pending.pop()()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield
