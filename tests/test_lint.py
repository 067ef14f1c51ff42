"""The code passes ruff with the project's rules (pyproject.toml, [tool.ruff]): run in every test run, so CI
holds it. Unused imports and variables, undefined names and shadowed definitions are bugs waiting."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "newsdesk", "tests", "bench"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
