"""A database error in one request answers an error page (503 and Retry-After when it may pass), logged,
never a traceback; the next request, with the database back, is served as usual.

The error is raised where the database driver raises it, through Django's execute wrapper (the hook every
query passes), with the exception class and message SQLite gives.
"""

from __future__ import annotations

import contextlib
import logging
import time

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from newsdesk.comments.spam import issue_token

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_fails(message: str, error=OperationalError, only: str = ""):
    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(only):
            raise error(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def logged(caplog, error: str, sqlite_advice: str) -> bool:
    """A log line names the error; on SQLite (whose messages these are) it also gives SQLite's advice. On
    PostgreSQL the same line advises on the server instead (``dbhealth.explain``)."""
    lines = [r.getMessage() for r in caplog.records if error in r.getMessage()]
    advice = sqlite_advice if connection.vendor == "sqlite" else "NEWSDESK_DATABASE_URL"
    return any(advice in line for line in lines)


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def test_a_locked_database_answers_503_with_retry_after_and_is_logged(reader, article, caplog):
    with caplog.at_level(logging.ERROR), database_fails("database is locked"):
        response = reader.get(article.get_absolute_url())

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "try again" in page and "Traceback" not in page and "database is locked" not in page
    assert logged(caplog, "database is locked", "try again")
    assert reader.get(article.get_absolute_url()).status_code == 200, "served again once the lock is gone"


def test_a_comment_posted_on_a_full_disk_answers_503(reader, article, caplog):
    form = {
        "name": "Ada",
        "email": "ada@example.org",
        "website": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "homepage": "",
        "issued": issue_token(article.pk, now=time.time() - 60),
    }
    with caplog.at_level(logging.ERROR), database_fails("database or disk is full", only="INSERT"):
        response = reader.post(
            reverse("comments:post", args=[article.pk]), form, headers={"Sec-Fetch-Site": "same-origin"}
        )

    assert response.status_code == 503 and "Retry-After" in response
    assert "Traceback" not in response.content.decode()
    assert logged(caplog, "database or disk is full", "free space")


def test_the_api_answers_json_503(reader, story):
    with database_fails("database is locked"):
        response = reader.get("/api/v1/stories")
    assert response.status_code == 503 and "Retry-After" in response
    assert "try again" in response.json()["detail"]


def test_a_damaged_database_answers_a_plain_500_page(reader, article, caplog):
    with caplog.at_level(logging.ERROR), database_fails("database disk image is malformed", error=DatabaseError):
        response = reader.get(article.get_absolute_url())

    assert response.status_code == 500 and "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()
    assert logged(caplog, "database disk image is malformed", "integrity_check")
