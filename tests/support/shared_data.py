"""Paths into ../shared/data (real public pages, feeds, clusters); read from there, never copied."""

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data; skipped when absent locally, but a failure in CI, where it must exist."""
    return shared_file(SHARED_DATA.joinpath(*parts))


def shared_file(path: Path) -> Path:
    if not path.exists():
        message = f"shared data not found at {path} (the project expects ../shared beside the checkout)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
