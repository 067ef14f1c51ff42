"""The entities stage runs with the network cut: spaCy's model, the gazetteer and dateparser load from
installed packages only. Run in a fresh interpreter, so loading is covered too (not just warm caches)."""

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import socket

def refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from datetime import datetime, timezone
from newsdesk.pipeline.entities import ArticleText, understand_many

result = understand_many([ArticleText(
    "Minister visits Damascus",
    "Iraq's foreign minister Fouad Hussein arrived in Damascus on Friday, officials said.",
    datetime(2025, 3, 15, tzinfo=timezone.utc),
)])[0]
print(sorted(e.name for e in result.entities), result.key_facts.when.date)
"""


def test_understanding_needs_no_network():
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "['Damascus', 'Fouad Hussein', 'Iraq'] 2025-03-14" in done.stdout
