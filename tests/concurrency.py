"""Helpers for tests of what happens when another save lands at the same time."""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import connection, transaction


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


# Racing two connections needs row locks, which only PostgreSQL takes here:
# SQLite ignores select_for_update and lets one writer in at a time anyway, so
# a race there passes with or without the lock and proves nothing. CI runs the
# suite on PostgreSQL too.
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are raced on PostgreSQL only (SQLite has no row locks)",
)

# How long a race may take at most: the held transaction, the racer's wait on
# it (PostgreSQL's lock_timeout) and the joins. Far more than any race needs;
# a test that reaches it fails instead of hanging.
RACE_TIMEOUT = 30


@dataclass
class Race:
    """What ``racing_a_held_transaction`` saw of its racer: whether it was seen
    waiting on a lock held by the other transaction, and what it returned or
    raised."""

    waited: bool
    result: object = None
    error: BaseException | None = None


def _in_a_thread(target, name: str) -> threading.Thread:
    """``target`` in a thread of its own, so on a database connection of its own,
    which it closes when it ends (a connection left open keeps PostgreSQL from
    dropping the test database)."""

    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def racing_a_held_transaction(hold, race) -> Race:
    """Runs ``hold`` in a transaction of its own and keeps it open; runs ``race``
    meanwhile from another connection; lets ``hold`` commit once ``race`` waits
    on a lock (or has ended without waiting). What ``race`` did is returned.

    Two real requests on PostgreSQL, each on its own connection: a lock taken
    by the one held is waited for by the racer, which then reads what it
    committed. Use it in a ``django_db(transaction=True)`` test, so that the
    threads see what the test stored and the test sees what they commit.
    """
    held, release = threading.Event(), threading.Event()
    racer_ready = threading.Event()
    holder_errors: list[BaseException] = []
    racer: dict = {}

    def holding():
        try:
            with transaction.atomic():
                hold()
                held.set()
                if not release.wait(RACE_TIMEOUT):
                    raise TimeoutError("The held transaction was never released.")
        except BaseException as error:
            holder_errors.append(error)
        finally:
            held.set()

    def racing():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = %s", [f"{RACE_TIMEOUT}s"])
                cursor.execute("SELECT pg_backend_pid()")
                racer["pid"] = cursor.fetchone()[0]
            racer_ready.set()
            racer["result"] = race()
        except BaseException as error:
            racer["error"] = error
        finally:
            racer_ready.set()

    holder = _in_a_thread(holding, "holder")
    try:
        assert held.wait(RACE_TIMEOUT), "The transaction to race was never taken."
        assert not holder_errors, f"The transaction to race failed: {holder_errors}"
        racing_thread = _in_a_thread(racing, "racer")
        assert racer_ready.wait(RACE_TIMEOUT), "The racer never started."
        waited = _seen_waiting_on_a_lock(racer.get("pid"), racing_thread)
    finally:
        release.set()
        holder.join(RACE_TIMEOUT)
    racing_thread.join(RACE_TIMEOUT)
    assert not holder.is_alive(), "The held transaction did not end."
    assert not racing_thread.is_alive(), "The racer did not end."
    assert not holder_errors, f"The held transaction failed: {holder_errors}"
    return Race(waited=waited, result=racer.get("result"), error=racer.get("error"))


def _seen_waiting_on_a_lock(pid: int | None, thread: threading.Thread) -> bool:
    """Whether the backend ``pid`` comes to wait on a lock before ``thread``
    ends (polled; at most RACE_TIMEOUT)."""
    deadline = time.monotonic() + RACE_TIMEOUT
    while pid is not None and thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return True
        time.sleep(0.005)
    return False
