"""The machines of a deployment start together on a fresh PostgreSQL database: each migrates it first, and
the first one to come does it while the others wait."""

import subprocess
import sys

import pytest

from tests.scaleout.cluster import base_env
from tests.support.servers import fresh_postgres_database

pytestmark = pytest.mark.scaleout


def test_commands_started_together_on_a_fresh_database_all_find_it_migrated(tmp_path):
    with fresh_postgres_database() as database_url:
        started = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "newsdesk",
                    "shell",
                    "--no-imports",
                    "-c",
                    "from newsdesk.tasks.models import Lease; print(Lease.objects.count())",
                ],
                env=base_env(tmp_path / f"machine{i}", NEWSDESK_DATABASE_URL=database_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(4)
        ]
        results = [(process.wait(timeout=300), *process.communicate()) for process in started]
    assert [(code, out.strip()) for code, out, _ in results] == [(0, "0")] * 4, [err for *_, err in results]
