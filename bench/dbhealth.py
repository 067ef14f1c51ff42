"""The database check every command runs first, beside SQLite's own quick_check, on the same file, in one run.

    .venv/bin/python bench/dbhealth.py --articles 20000            # generate a newsroom in a temp folder
    .venv/bin/python bench/dbhealth.py --database /path/newsdesk.sqlite3 --repeat 5

``newsdesk.core.dbhealth.check_sqlite`` (header, length, a read of the schema, write access) runs before every
command, so it must cost nothing beside starting Python; ``PRAGMA quick_check`` reads every page and grows
with the database, which is why the check leaves it out. Each figure is the fastest of ``--repeat`` runs
(the first quick_check also shows the cold read).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generated_database(articles: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-dbhealth-"))
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(folder), "NEWSDESK_ENTITIES": "0"}
    subprocess.run(
        [sys.executable, "-m", "newsdesk", "generate", "--articles", str(articles), "--seed", "1"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return folder / "newsdesk.sqlite3"


def timed(work, repeat: int) -> tuple[float, float]:
    """(first, fastest) seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times[0], min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="an existing newsdesk SQLite file")
    parser.add_argument("--articles", type=int, default=20000, help="else generate a newsroom of this size")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.database or generated_database(args.articles)
    os.environ.setdefault("NEWSDESK_DATA_DIR", str(path.parent))
    from newsdesk.core.dbhealth import check_sqlite

    def quick_check() -> None:
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    check_first, check_best = timed(lambda: check_sqlite(path), args.repeat)
    quick_first, quick_best = timed(quick_check, args.repeat)
    size = path.stat().st_size / 2**20
    print(f"database: {path} ({size:,.0f} MiB)")
    print(f"{'what':<28}{'first ms':>12}{'fastest ms':>12}")
    print(f"{'dbhealth.check_sqlite':<28}{check_first * 1000:>12.2f}{check_best * 1000:>12.2f}")
    print(f"{'PRAGMA quick_check':<28}{quick_first * 1000:>12.1f}{quick_best * 1000:>12.1f}")
    print(f"quick_check / check (fastest): {quick_best / check_best:,.0f}x")


if __name__ == "__main__":
    main()
