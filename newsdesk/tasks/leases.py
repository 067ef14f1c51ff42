"""Named leases in the database: at most one live holder per name, on SQLite and PostgreSQL alike.

Each step is one conditional UPDATE (or an INSERT guarded by the primary key), so two processes racing for
a lease cannot both win: PostgreSQL re-checks the WHERE clause on the row the winner wrote, and SQLite runs
one writer at a time. A lease is held for ``ttl`` and renewed by acquiring it again; a holder that dies
stops renewing and loses it when it runs out.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.tasks.models import Lease


def holder_id() -> str:
    """This process, readable by an operator: host, pid and a random part (pids repeat across restarts)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(name: str, holder: str, ttl: timedelta, *, now: datetime | None = None) -> Lease | None:
    """Take or renew the lease; returns it when ``holder`` has it now, else None."""
    now = now or timezone.now()
    expires = now + ttl
    renewed = Lease.objects.filter(name=name, holder=holder, expires_at__gt=now).update(expires_at=expires)
    if not renewed:
        taken = Lease.objects.filter(name=name, expires_at__lte=now).update(
            holder=holder, expires_at=expires, generation=F("generation") + 1
        )
        if not taken:
            try:
                with transaction.atomic():
                    Lease.objects.create(name=name, holder=holder, expires_at=expires)
            except IntegrityError:
                return None  # someone else holds it
    lease = Lease.objects.filter(name=name, holder=holder).first()
    return lease if lease is not None and lease.expires_at > now else None


def release(name: str, holder: str, *, now: datetime | None = None) -> None:
    """Let the lease go now (only if still ours), so the next holder need not wait for it to run out."""
    Lease.objects.filter(name=name, holder=holder).update(expires_at=now or timezone.now())


def is_held(name: str, *, now: datetime | None = None) -> bool:
    return Lease.objects.filter(name=name, expires_at__gt=now or timezone.now()).exists()
