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

from celery import Celery
from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

QUEUE = "newsdesk"

app = Celery("newsdesk")


def _connection_error_once_detached(connparams):
    """kombu's Redis ``Channel._connparams``, raising a connection error on a channel whose connection is gone.

    When Redis goes away, Celery's consumer drops the broken connection (``Connection.collect``, then
    ``close``) and opens a new one. kombu 5.7 detaches the old connection from its transport
    (``transport.client = None``, and ``channel.connection = None`` once a channel is closed), yet the old
    channel can still be asked to reach Redis, and a channel builds its Redis client from the connection's
    address here: AttributeError ('NoneType' object has no attribute 'hostname'). Celery expects connection
    errors on those paths, not AttributeError, so each of these ended the whole worker:

    1. acknowledging the message of a task that was running when Redis went away (acks are late, made from
       the event loop when the task returns);
    2. closing the task channel once more in ``close``, when ``collect`` left it open: its first close
       failed on the dead BRPOP socket, and the transport stops closing channels at the first that fails
       (deleting the remote-control queue, while Redis is still down). A close first puts the channel's
       unacknowledged messages back (``QoS.restore_unacked``).

    tests/scaleout/test_broker_loss.py takes a connection through both, deterministically; the fault test
    of test_scale meets them only when its timing happens to.

    A connection error raised where every such path builds its client covers them all: Celery logs it and
    reconnects; the message stays unacknowledged and is delivered again (after the visibility timeout, or
    by the scheduler's claims when Redis lost it with a restart), and every task is idempotent.

    A patch, not a Transport subclass named in ``broker_transport``: kombu chooses TLS defaults
    (``rediss://``) and writes the broker's address in logs from the URL's scheme, which a transport class
    given by configuration replaces."""

    @functools.wraps(connparams)
    def checked(self, asynchronous=False):
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError(
                "the broker connection of this channel was closed (the broker went "
                "away); its unacknowledged messages will be delivered again"
            )
        return connparams(self, asynchronous=asynchronous)

    return checked


# A private method of kombu's (its stubs do not list it), wrapped: see _connection_error_once_detached.
kombu_redis.Channel._connparams = _connection_error_once_detached(kombu_redis.Channel._connparams)  # type: ignore[attr-defined]


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
