"""What the project declares is what it uses: every module of newsdesk imports, every distribution the code
imports is named in pyproject.toml (the package's own code against its dependencies, the tests and benchmarks
against the extras they install), and the pre-commit hooks run the checks CI runs, at the versions it runs.

A dependency that another one happens to bring (httpcore by httpx, kombu by Celery) is still declared when our
code imports it: the other may drop it, or change its range, in any release."""

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# Modules that run something when imported rather than define it.
NOT_IMPORTABLE = {"newsdesk.__main__": "runs the command line"}

IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, traceback
import django
django.setup()
import newsdesk
skipped = set(json.loads(SKIPPED))
failures, imported = {}, 0
def unwalkable(name):
    failures[name] = traceback.format_exc()
for module in pkgutil.walk_packages(newsdesk.__path__, "newsdesk.", onerror=unwalkable):
    if module.name in skipped:
        continue
    try:
        importlib.import_module(module.name)
        imported += 1
    except BaseException:
        failures[module.name] = traceback.format_exc()
print(json.dumps({"imported": imported, "failures": failures}))
"""


def normalised(distribution):
    """A distribution's name as the registry compares names (PEP 503): case and -_. runs do not matter."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def declared(*groups):
    """The normalised names of the distributions in [project].dependencies and the given optional groups."""
    requirements = list(PYPROJECT["project"]["dependencies"])
    for group in groups:
        requirements += PYPROJECT["project"]["optional-dependencies"][group]
    return {normalised(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)[0]) for requirement in requirements}


def imported_top_level_names(folder):
    """{top-level name: files importing it} for every absolute import under folder, inside functions too."""
    names = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                names.setdefault(module.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return names


def first_party(folder):
    """Our own top-level names, including the scripts of a folder that import each other by name (bench/)."""
    return {"newsdesk", "tests", "bench"} | {path.stem for path in (ROOT / folder).glob("*.py")}


def undeclared_imports(folder, *groups):
    """Each third-party name imported under folder whose distribution is not declared, with why and where."""
    allowed = declared(*groups)
    providers = importlib.metadata.packages_distributions()
    problems = []
    for name, files in sorted(imported_top_level_names(folder).items()):
        if name in sys.stdlib_module_names or name in first_party(folder):
            continue
        distributions = {normalised(distribution) for distribution in providers.get(name, [])}
        if not distributions:
            # Not installed here (e.g. the bench extra): declared under the name it is imported by, or missing.
            distributions = {normalised(name)}
        if not distributions & allowed:
            problems.append(f"{name} (from {', '.join(sorted(distributions))}) in {', '.join(sorted(files))}")
    return problems


def test_every_newsdesk_module_imports_on_its_own_settings(tmp_path):
    """One process, the real settings on a fresh data folder, every module imported and every failure reported."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    environment.update(
        NEWSDESK_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="newsdesk.settings",
        SKIPPED=json.dumps(sorted(NOT_IMPORTABLE)),
    )
    program = "import os; SKIPPED = os.environ['SKIPPED']\n" + IMPORT_EVERY_MODULE
    result = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert not report["failures"], "\n\n".join(f"{name}:\n{trace}" for name, trace in report["failures"].items())
    assert report["imported"] > 100, "the walk found too few modules to be the whole package"


def test_package_imports_only_declared_dependencies():
    problems = undeclared_imports("newsdesk")
    assert not problems, "declare these in [project].dependencies:\n" + "\n".join(problems)


def test_tests_import_only_what_the_test_extra_installs():
    problems = undeclared_imports("tests", "test")
    assert not problems, "declare these in the test extra:\n" + "\n".join(problems)


def test_benchmarks_import_only_what_their_extras_install():
    problems = undeclared_imports("bench", "test", "bench")
    assert not problems, "declare these in the bench extra:\n" + "\n".join(problems)


def test_an_undeclared_import_is_reported(tmp_path, monkeypatch):
    """The check itself: a module importing a distribution the project does not declare is named."""
    (tmp_path / "newsdesk").mkdir()
    (tmp_path / "newsdesk" / "module.py").write_text("import os\nimport yaml\nfrom newsdesk import config\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert undeclared_imports("newsdesk") == ["yaml (from pyyaml) in newsdesk/module.py"]


def hooks(repository):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook for repo in config["repos"] if repo["repo"] == repository for hook in repo["hooks"]}


def revision(repository):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return next(repo["rev"] for repo in config["repos"] if repo["repo"] == repository)


def test_pre_commit_runs_what_ci_runs():
    assert {"ruff-check", "ruff-format"} <= set(hooks("https://github.com/astral-sh/ruff-pre-commit"))
    assert hooks("https://github.com/astral-sh/ruff-pre-commit")["ruff-check"]["args"] == ["--fix"]
    standard = hooks("https://github.com/pre-commit/pre-commit-hooks")
    assert {"end-of-file-fixer", "trailing-whitespace", "check-yaml", "check-toml"} <= set(standard)
    local = hooks("local")
    assert local["lint-imports"]["entry"] == "lint-imports"
    assert local["mypy"]["entry"] == "python -m mypy"
    for hook in local.values():
        assert hook["language"] == "system" and hook["pass_filenames"] is False, hook["id"]
    scripts = {entry.name for entry in importlib.metadata.distribution("import-linter").entry_points}
    assert "lint-imports" in scripts


def test_pre_commit_hooks_are_pinned_to_releases():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"]), f"{repo['repo']} follows {repo['rev']!r}"


def test_pre_commit_ruff_is_the_ruff_ci_runs():
    """A different ruff formats differently: the hook, the test extra's pin and the installed ruff agree."""
    pinned = [
        requirement
        for requirement in PYPROJECT["project"]["optional-dependencies"]["test"]
        if normalised(requirement.split("=")[0]) == "ruff"
    ]
    assert pinned and "==" in pinned[0], "pin ruff exactly in the test extra"
    version = pinned[0].split("==")[1]
    assert revision("https://github.com/astral-sh/ruff-pre-commit") == f"v{version}"
    assert importlib.metadata.version("ruff") == version, "reinstall the test extra (bin/test does it)"
