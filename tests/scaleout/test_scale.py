"""Scale-out on real engines: `newsdesk worker` processes and a `newsdesk scheduler` on PostgreSQL and Redis
ingest a newsroom of 1,000 articles on 25 loopback hosts, and store and file exactly what one process does.

Why the stories can be compared at all: story filing is online (each article is assigned given the stories
before it), so it depends on order. Both the single process (``ingest_once``) and the scheduler file only
once the fetching has settled, every unfiled article at once in publication order (the fixture gives each
article its own publication time), so the same articles give the same stories, whoever fetched them.
"""

import pytest

from tests.scaleout.cluster import ENTITIES, Cluster, add_sources, base_env, newsdesk, sqlite_snapshot
from tests.scaleout.newsroom import Newsroom
from tests.support.servers import RedisServer, fresh_postgres_database

pytestmark = pytest.mark.scaleout

PAGES = 1000
HOSTS = 25


@pytest.fixture(scope="module")
def newsroom():
    room = Newsroom(hosts=HOSTS, pages=PAGES).start()
    yield room
    room.stop()


@pytest.fixture(scope="module")
def single_process(newsroom, tmp_path_factory):
    """What one `newsdesk ingest --once` stores and files over the newsroom (embedded: SQLite, no broker)."""
    data_dir = tmp_path_factory.mktemp("single") / "data"
    env = base_env(data_dir, NEWSDESK_ENTITIES=ENTITIES)
    add_sources(env, newsroom.feed_urls())
    newsdesk(env, "ingest", "--once")
    return sqlite_snapshot(data_dir)


@pytest.fixture
def cluster(tmp_path):
    redis = RedisServer().start()
    with fresh_postgres_database() as database_url:
        cluster = Cluster(tmp_path, database_url, redis.url, NEWSDESK_TASK_TIME_LIMIT="20")
        cluster.redis = redis
        try:
            yield cluster
        finally:
            cluster.stop()
            redis.stop()


def assert_stored_once_each(snapshot, newsroom):
    assert len(snapshot) == PAGES
    assert {status for status, *_ in snapshot.values()} == {"ready"}
    # attempts counts the outcomes written: a message delivered twice must not store its article twice
    assert {attempts for _, attempts, *_ in snapshot.values()} == {1}
    assert all(story is not None for _, _, story, _ in snapshot.values())


def test_three_workers_store_every_article_once_and_file_the_stories_one_process_files(
    newsroom, single_process, cluster
):
    assert_stored_once_each(single_process, newsroom)
    add_sources(cluster.env("setup"), newsroom.feed_urls())
    cluster.start_workers(3)
    cluster.start("scheduler", name="scheduler")
    cluster.settle(PAGES, timeout=240)
    distributed = cluster.snapshot()
    assert_stored_once_each(distributed, newsroom)
    assert distributed == single_process


def test_a_worker_killed_and_the_broker_restarted_mid_run_lose_and_duplicate_nothing(newsroom, single_process, cluster):
    add_sources(cluster.env("setup"), newsroom.feed_urls())
    cluster.start_workers(3)
    cluster.start("scheduler", name="scheduler")
    cluster.wait_until(lambda stored, pending, unfiled: stored >= PAGES * 0.25, timeout=120, what="a quarter stored")
    cluster.kill(cluster.workers[0])  # SIGKILL mid-task: its reserved messages are never acknowledged
    cluster.wait_until(lambda stored, pending, unfiled: stored >= PAGES * 0.5, timeout=120, what="half stored")
    cluster.redis.restart()  # no persistence: every queued message is lost with it
    cluster.settle(PAGES, timeout=240)
    distributed = cluster.snapshot()
    assert_stored_once_each(distributed, newsroom)
    assert distributed == single_process
