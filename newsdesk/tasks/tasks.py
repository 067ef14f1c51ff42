"""The Celery tasks: thin wrappers that take ids (JSON) and call ``work``. See ``celery_app`` for why
messages are acknowledged late, and ``work`` for why running any of them twice is harmless."""

from __future__ import annotations

from newsdesk.tasks import work
from newsdesk.tasks.celery_app import app


@app.task(name="newsdesk.poll_source")
def poll_source(source_id: int) -> int:
    return work.poll(source_id)


@app.task(name="newsdesk.process_article")
def process_article(article_id: str) -> str:
    return work.process(article_id)


@app.task(name="newsdesk.file_stories")
def file_stories() -> int:
    return work.file_stories()


@app.task(name="newsdesk.understand")
def understand() -> int:
    return work.understand()


@app.task(name="newsdesk.ping", ignore_result=False)
def ping() -> str:
    """Does nothing: the bench times a broker round trip with it."""
    return "pong"
