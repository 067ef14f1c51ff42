"""The code passes mypy with the project's settings (pyproject.toml, [tool.mypy]): strict on the pipeline, the
default checks elsewhere. Run in every test run, so CI holds it. A value of the wrong type, a None not
handled, a call with a missing argument: found before a reader meets them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_nothing(tmp_path):
    # A cache of its own: nothing read from an earlier run, nothing written into the checkout.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, "mypy found problems:\n" + result.stdout + result.stderr
