"""``newsdesk summarise`` as an operator runs it: on a fresh data folder it migrates first and reports."""

from __future__ import annotations

import os
import subprocess
import sys


def test_summarise_works_on_a_fresh_data_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env["NEWSDESK_DATA_DIR"] = str(tmp_path / "fresh")
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "summarise", "--days", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Summarised 0 stories with extractive (none)."
