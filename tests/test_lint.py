"""The code passes ruff with the project's rules and is in ruff's format (pyproject.toml, [tool.ruff]) and keeps its import contracts
(import-linter, [tool.importlinter]): run in every test run, so CI holds them. Unused imports and variables,
undefined names and shadowed definitions are bugs waiting; an import against the layers is a design undone."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "newsdesk", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted_by_ruff():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "newsdesk", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, "run `ruff format newsdesk tests bench`\n" + result.stdout + result.stderr


def test_import_contracts_are_kept():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
