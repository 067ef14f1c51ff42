import kombu.pools
import pytest

from tests.support.servers import postgres_database, redis_server  # noqa: F401  (fixtures)


@pytest.fixture
def broker(redis_server):
    """The Celery app pointed at a private Redis for the test, as ``NEWSDESK_BROKER_URL`` would point it."""
    import newsdesk.tasks.tasks  # noqa: F401  (registers the tasks)
    from newsdesk.tasks.celery_app import app, configure

    def reset_pools():
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer and connection pools in global groups keyed by the broker's address: without
        # this, the next test on the same address is handed the producer pool whose connections were closed
        # above ("Acquire on closed pool").
        kombu.pools.reset()

    reset_pools()
    configure(redis_server.url, time_limit=30)
    yield redis_server
    reset_pools()
