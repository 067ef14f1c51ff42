"""A worker's broker connection when Redis goes away with a task in flight, taken through the steps Celery's
consumer takes (``Consumer.on_connection_error_after_connected``): every step may fail, but only with a
connection error, which Celery survives (it reconnects); any other exception ends the worker."""

import logging

import pytest
from kombu import Exchange, Queue
from kombu.common import ignore_errors

from newsdesk.tasks.celery_app import QUEUE, app

log = logging.getLogger(__name__)


@pytest.fixture
def busy_connection(broker):
    """A connection shaped like a busy worker's: on its first channel, a task message delivered and not yet
    acknowledged (the task runs; acks are late) and a BRPOP waiting for the next; on a second channel, a
    fanout queue that is deleted when the channel closes (Celery's remote-control queue)."""
    tasks = Queue(QUEUE)
    with app.connection_for_write() as publisher:
        publisher.Producer().publish({"task": "in flight"}, routing_key=QUEUE, declare=[tasks], serializer="json")
    connection = app.connection_for_read()
    delivered = []
    connection.Consumer([tasks], callbacks=[lambda body, message: delivered.append(message)], accept=["json"]).consume()
    control = Queue("test.control", Exchange("test.control", type="fanout"), auto_delete=True)
    connection.Consumer([control], channel=connection.channel(), no_ack=True, accept=["json"]).consume()
    for _ in range(20):  # until nothing is left to read: the BRPOP for the next task is in flight
        try:
            connection.drain_events(timeout=0.2)
        except TimeoutError:
            break
    assert len(delivered) == 1 and not delivered[0].acknowledged
    yield connection, delivered[0]
    ignore_errors(connection, connection.close)


def drop_as_celery_does(connection):
    try:
        connection.collect(socket_timeout=2)
    except Exception:  # Celery ignores whatever this step raises
        pass
    ignore_errors(connection, connection.close)  # only connection errors are ignored


def test_dropping_a_busy_connection_while_redis_is_down_raises_nothing_but_connection_errors(broker, busy_connection):
    connection, _ = busy_connection
    broker.stop()
    drop_as_celery_does(connection)  # kombu 5.7 alone: AttributeError, and the worker stopped


def test_a_task_returning_after_redis_went_away_leaves_its_message_to_be_delivered_again(broker, busy_connection):
    connection, message = busy_connection
    broker.stop()
    drop_as_celery_does(connection)
    broker.start()
    message.ack_log_error(log, connection.connection_errors)  # what Celery calls when a late-acked task returns
    assert not message.acknowledged
