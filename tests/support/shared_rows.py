"""Rows made once and read by every test of a module, then rolled back: for setups too slow to repeat.

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        yield from rows_for_the_module(django_db_blocker, lambda: call_command("demo", "--no-serve"))

The rows are made inside a transaction that stays open while the module's tests run. Each test's own
transaction (``django_db``) is then a savepoint inside it, rolled back after the test as usual, so a test
that changes the rows changes them for itself only; after the module the outer transaction is rolled back
too, and the next module finds the database as it was. As in a test's own transaction, work deferred to
``transaction.on_commit`` never runs. Not for ``transaction=True`` tests, which commit and flush.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


def rows_for_the_module(django_db_blocker, make: Callable[[], T]) -> Iterator[T]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = make()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
