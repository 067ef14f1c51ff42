"""Settings for the test suite: the real settings, with a throwaway data folder and loopback allowed.

Tests fetch from a local HTTP server on 127.0.0.1, which the SSRF guard would otherwise refuse.
"""

import os
import tempfile

os.environ["NEWSDESK_ALLOW_PRIVATE_NETWORKS"] = "1"
# Politeness spacing would only slow tests down; tests of politeness set their own interval.
os.environ.setdefault("NEWSDESK_HOST_MIN_INTERVAL", "0")
# In-run retries wait a second or more for each transient failure; tests of retries turn them on themselves.
os.environ.setdefault("NEWSDESK_RETRY_ATTEMPTS", "0")
# Starting worker processes costs a second per test; tests of the process pool turn it on themselves.
os.environ.setdefault("NEWSDESK_EXTRACT_PROCESSES", "0")
# Under pytest-xdist each worker gets a data folder of its own: the workers inherit the environment of the
# process that started them, and one worker clearing the file cache would empty the other's mid-test.
if os.environ.get("PYTEST_XDIST_WORKER"):
    worker = os.environ["PYTEST_XDIST_WORKER"]
    os.environ["NEWSDESK_DATA_DIR"] = tempfile.mkdtemp(prefix=f"newsdesk-test-{worker}-")
os.environ.setdefault("NEWSDESK_DATA_DIR", tempfile.mkdtemp(prefix="newsdesk-test-"))

from newsdesk.settings import *  # noqa: E402,F403

DATABASES["default"].pop("TEST", None)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
