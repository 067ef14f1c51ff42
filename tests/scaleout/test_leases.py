"""Leases in the database: one live holder per name, taken over only when it runs out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.tasks import leases

pytestmark = pytest.mark.django_db
TTL = timedelta(seconds=30)


def test_a_held_lease_is_refused_to_another_holder_and_renewed_for_its_own():
    now = timezone.now()
    first = leases.acquire("scheduler", "a", TTL, now=now)
    assert first is not None and first.holder == "a"
    assert leases.acquire("scheduler", "b", TTL, now=now + timedelta(seconds=29)) is None
    renewed = leases.acquire("scheduler", "a", TTL, now=now + timedelta(seconds=29))
    assert renewed.expires_at == now + timedelta(seconds=59)
    assert renewed.generation == first.generation  # renewing is not a change of hands


def test_a_lease_whose_holder_stopped_renewing_passes_to_the_next_and_counts_the_change():
    now = timezone.now()
    first = leases.acquire("stories", "a", TTL, now=now)
    taken = leases.acquire("stories", "b", TTL, now=now + TTL + timedelta(seconds=1))
    assert taken is not None and taken.holder == "b" and taken.generation == first.generation + 1
    assert leases.acquire("stories", "a", TTL, now=now + TTL + timedelta(seconds=2)) is None


def test_a_released_lease_is_free_at_once():
    now = timezone.now()
    leases.acquire("stories", "a", TTL, now=now)
    assert leases.is_held("stories", now=now)
    leases.release("stories", "a", now=now)
    assert not leases.is_held("stories", now=now)
    assert leases.acquire("stories", "b", TTL, now=now).holder == "b"


def test_releasing_a_lease_someone_else_holds_changes_nothing():
    now = timezone.now()
    leases.acquire("scheduler", "a", TTL, now=now)
    leases.release("scheduler", "b", now=now)
    assert leases.acquire("scheduler", "b", TTL, now=now) is None
