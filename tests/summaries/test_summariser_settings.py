"""Choosing the summariser in settings fails loudly, with the fix, when it is misconfigured."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))


def settings_error(**environment: str) -> str:
    """Import the real settings module in a fresh process under ``environment``; the error it prints, if any."""
    import os

    env = {"PATH": os.environ.get("PATH", ""), "NEWSDESK_DATA_DIR": os.environ["NEWSDESK_DATA_DIR"], **environment}
    result = subprocess.run(
        [sys.executable, "-c", "import newsdesk.settings"], env=env, capture_output=True, text=True, timeout=60
    )
    return result.stderr.strip().splitlines()[-1] if result.returncode else ""


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"NEWSDESK_SUMMARISER": "gpt"}, "NEWSDESK_SUMMARISER='gpt' is not one of: extractive, llm."),
        (
            {"NEWSDESK_SUMMARISER": "llm"},
            "NEWSDESK_LLM_URL is missing: NEWSDESK_SUMMARISER=llm needs the endpoint's "
            "base URL, e.g. http://127.0.0.1:8080/v1.",
        ),
    ],
)
def test_a_misconfigured_summariser_names_the_setting_and_the_fix(environment, message):
    assert settings_error(**environment).endswith(message)


def test_extractive_is_the_default_and_llm_needs_only_a_url():
    assert settings_error() == ""
    assert settings_error(NEWSDESK_SUMMARISER="LLM", NEWSDESK_LLM_URL="http://127.0.0.1:8080/v1") == ""
