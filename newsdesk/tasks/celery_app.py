"""The Celery app: configured from settings when ``NEWSDESK_BROKER_URL`` is set, idle otherwise.

Why each setting (the work state lives in the database; the broker only carries "do this now"):

- ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged only after its task
  returns, so a worker killed mid-task (SIGKILL, lost machine) leaves the message to be delivered again.
- ``worker_prefetch_multiplier = 1``: a worker reserves only as many messages as it has threads, so the
  messages of a killed worker are few, and work is not hoarded by one worker while others idle.
- ``visibility_timeout`` (Redis): an unacknowledged message returns to the queue after this long. It must
  exceed the longest task, so it is the task time limit plus a margin. Messages lost with the broker itself
  (Redis restarted without persistence) are not returned by anyone: the scheduler re-enqueues work whose
  claim in the database ran out (``dispatch``), which covers both.
- ``task_time_limit``: enforced by Celery's prefork pool only; ``newsdesk worker`` runs a thread pool, whose
  tasks are bounded by the fetcher's own timeouts (``NEWSDESK_FETCH_TIMEOUT``). The same limit is the length
  of a claim (``dispatch``) and of the story filer's lease.
- JSON only: tasks carry ids, never pickled objects, so no worker runs code from the broker.
- No result backend by default: every outcome is written to the database; ``ping`` (the bench's round
  trip) is the one task whose result comes back, through Redis.
"""

from __future__ import annotations

import functools
import logging

from celery import Celery
from kombu.message import Message

QUEUE = "newsdesk"
log = logging.getLogger(__name__)

app = Celery("newsdesk")


def _ack_surviving_broker_loss(ack_log_error):
    """Message.ack_log_error, for a message whose broker went away while its task ran.

    kombu 5.7's Redis channel drops its connection when Redis goes away; acknowledging a message of that
    channel afterwards (directly, or from the event loop's deferred callbacks) raises AttributeError (it
    reads the missing connection's host) instead of a connection error, and that stopped the whole worker.
    The message stays unacknowledged, so the broker delivers it again after the visibility timeout, or the
    scheduler re-enqueues its work when the claim runs out; every task is idempotent."""

    @functools.wraps(ack_log_error)
    def ack(self, logger, errors, multiple=False):  # kombu's own parameter names: callers may pass them by name
        try:
            return ack_log_error(self, logger, errors, multiple=multiple)
        except AttributeError as exc:
            log.warning("a message was not acknowledged, the broker connection was lost (%s); it will be "
                        "delivered again", exc)

    return ack


Message.ack_log_error = _ack_surviving_broker_loss(Message.ack_log_error)


def configure(broker_url: str, *, time_limit: float) -> Celery:
    """Point the app at the broker; called once by the tasks app's ``ready()`` when a broker is set."""
    app.conf.update(
        broker_url=broker_url,
        result_backend=broker_url,
        task_ignore_result=True,
        result_expires=3600,
        task_default_queue=QUEUE,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_time_limit=time_limit,
        task_soft_time_limit=max(1.0, time_limit - 5),
        broker_transport_options={"visibility_timeout": int(time_limit) + 60},
        # Keep retrying the broker forever: a Redis restart must not end a worker or the scheduler.
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        enable_utc=True,
        timezone="UTC",
    )
    return app
