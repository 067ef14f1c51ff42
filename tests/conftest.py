import pytest

from tests.support.httpserver import LocalServer


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 serving the routes a test gives it."""
    server = LocalServer().start()
    yield server
    server.stop()
