"""A broken database stops every command with exit status 2 and one line naming it and what to do.

The real ``newsdesk`` command in a subprocess, on a data folder set up broken the way disks and restores
break them. Tests may run as root, whom file permissions do not stop: the child process is then started
without the capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so chmod binds
it as it binds any other user. A disk that fills up is a file size limit (RLIMIT_FSIZE): the kernel refuses
writes past it (EFBIG, which SQLite reports as "disk I/O error"; a real ENOSPC is "database or disk is full",
made by SQLite's own page limit in ``test_dbhealth``). Both lines tell the operator to free space.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time

import pytest

DATABASE = "newsdesk.sqlite3"
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def environment(data_dir, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(NEWSDESK_DATA_DIR=str(data_dir), NEWSDESK_ENTITIES="0", **extra)
    return env


def as_an_ordinary_user() -> None:
    """In the child, before exec: root keeps its uid but loses the power to ignore file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def newsdesk(data_dir, *args, preexec_fn=as_an_ordinary_user, timeout=120, **extra_env):
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        env=environment(data_dir, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def assert_refused(result, *words: str) -> str:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, f"one line, not a traceback:\n{result.stderr}"
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def made_site(tmp_path_factory):
    """A real data folder, migrated by the command itself; copied for each test, never changed."""
    data_dir = tmp_path_factory.mktemp("made") / "data"
    result = newsdesk(data_dir, "sources", "add", "https://outlet.example/feed.xml", "--kind", "feed")
    assert result.returncode == 0, result.stderr
    assert not (data_dir / (DATABASE + "-wal")).exists(), "the last connection closed folded the WAL back"
    return data_dir


@pytest.fixture
def site(made_site, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(made_site, data_dir)
    yield data_dir
    for path in [data_dir, *data_dir.iterdir()]:  # chmod back, so pytest can remove the folder
        path.chmod(stat.S_IRWXU)


def test_the_made_site_works(site):
    result = newsdesk(site, "sources", "list")
    assert result.returncode == 0 and "outlet.example" in result.stdout


def test_a_database_of_random_bytes_is_refused(site):
    (site / DATABASE).write_bytes(os.urandom(64 * 1024))
    line = assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "backup", "integrity_check")
    assert "not an SQLite database" in line


@pytest.mark.parametrize("kept", [0.5, 0.9])
def test_a_truncated_database_is_refused(site, kept):
    data = (site / DATABASE).read_bytes()
    (site / DATABASE).write_bytes(data[: int(len(data) * kept)])
    line = assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "backup")
    assert "truncated" in line


def test_a_damaged_schema_is_refused(site):
    data = bytearray((site / DATABASE).read_bytes())
    data[100:4096] = os.urandom(3996)  # the first page after the header: where the schema starts
    (site / DATABASE).write_bytes(bytes(data))
    assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "integrity_check")


def test_an_empty_database_file_is_refused_not_replaced_by_a_new_site(site):
    (site / DATABASE).write_bytes(b"")
    old = time.time() - 3600
    os.utime(site / DATABASE, (old, old))  # not a file another process created a moment ago
    line = assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "0 bytes", "backup")
    assert "delete it" in line
    assert (site / DATABASE).stat().st_size == 0, "nothing was created in its place"


def test_a_fresh_folder_still_gets_a_new_database(tmp_path):
    result = newsdesk(tmp_path / "fresh", "sources", "list")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fresh" / DATABASE).stat().st_size > 0


def test_a_read_only_database_file_is_refused(site):
    (site / DATABASE).chmod(0o444)
    line = assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "permission")
    assert "cannot be written" in line


def test_a_read_only_data_folder_is_refused(site):
    site.chmod(0o555)
    assert_refused(newsdesk(site, "sources", "list"), str(site / DATABASE), "permission")


def test_a_read_only_fresh_data_folder_is_one_line_not_a_traceback(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = assert_refused(newsdesk(folder, "sources", "list"), str(folder), "permission")
    finally:
        folder.chmod(0o755)
    assert "secret key" in line


def with_file_size_limit(limit: int):
    def limit_writes() -> None:
        as_an_ordinary_user()
        # Past the limit the kernel cuts a write short (and sends SIGXFSZ, ignored here), as a full disk does.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_writes


def test_a_full_disk_is_one_line_naming_the_database_and_the_fix(tmp_path):
    # A fresh folder: the migrations write far more than 100 kB.
    folder = tmp_path / "data"
    result = newsdesk(folder, "sources", "list", preexec_fn=with_file_size_limit(100_000 + 123))
    line = assert_refused(result, str(folder / DATABASE), "free space")
    assert "disk I/O error" in line


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_postgresql_is_one_line_without_the_password(tmp_path):
    port = closed_port()
    result = newsdesk(
        tmp_path / "data",
        "sources",
        "list",
        NEWSDESK_DATABASE_URL=f"postgres://desk:s3cret-pw@127.0.0.1:{port}/newsdesk",
    )
    assert_refused(result, f"postgresql://desk@127.0.0.1:{port}/newsdesk", "running")
    assert "s3cret-pw" not in result.stderr + result.stdout


def nothing_listens_on(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("command", ["run", "serve"])
def test_the_server_refuses_to_start_on_a_damaged_database(site, command):
    data = (site / DATABASE).read_bytes()
    (site / DATABASE).write_bytes(data[: len(data) // 2])
    port = closed_port()
    result = newsdesk(site, command, "--port", str(port), timeout=60)
    assert_refused(result, str(site / DATABASE), "truncated")
    assert nothing_listens_on(port)
    assert "serving" not in result.stdout


def test_a_setting_that_cannot_work_is_one_line_not_a_traceback(tmp_path):
    result = newsdesk(tmp_path / "data", "sources", "list", NEWSDESK_FETCH_TIMEOUT="soon")
    assert_refused(result, "NEWSDESK_FETCH_TIMEOUT", "not a number")
