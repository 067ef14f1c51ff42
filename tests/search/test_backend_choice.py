"""The backend follows the database unless NEWSDESK_SEARCH_BACKEND names one; a wrong name fails with the fix."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from newsdesk.search.backends import get_backend


@pytest.fixture
def fresh_backend():
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


def test_auto_follows_the_database(fresh_backend):
    assert get_backend().name == {"sqlite": "sqlite_fts5", "postgresql": "postgres"}[connection.vendor]


def test_a_backend_for_the_other_database_fails_naming_the_fix(fresh_backend, settings):
    settings.NEWSDESK_SEARCH_BACKEND = "postgres" if connection.vendor == "sqlite" else "sqlite_fts5"
    with pytest.raises(ImproperlyConfigured, match="use sqlite_fts5 with SQLite, postgres with PostgreSQL"):
        get_backend()


def test_an_unknown_backend_name_stops_the_command_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(NEWSDESK_DATA_DIR=str(tmp_path / "fresh"), NEWSDESK_SEARCH_BACKEND="elastic")
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "search", "reindex"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "NEWSDESK_SEARCH_BACKEND='elastic' is not one of: auto, sqlite_fts5, postgres" in result.stderr
