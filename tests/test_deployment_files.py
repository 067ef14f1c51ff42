"""compose.yaml and the Dockerfile start what the README's deployment table describes, with commands, flags and
settings that exist. CI has no Docker daemon, so this reads the files rather than running them: every command
is parsed by the real newsdesk command it names, and the settings are loaded from the compose environment."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK_SERVICES = ("web", "scheduler", "worker")
IMAGE = "newsdesk:local"
# ${NAME} and ${NAME:-default}: the forms of Compose interpolation the file may use.
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    """The Dockerfile's instructions as (keyword, argument) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def instruction(dockerfile, keyword):
    found = [argument for key, argument in dockerfile if key == keyword]
    assert found, f"the Dockerfile has no {keyword}"
    return found[-1]  # the last one wins, as in Docker


def interpolated(value):
    """A value as Compose gives it to the container when none of the variables it names is set."""
    if not isinstance(value, str):
        return value
    assert "$" not in INTERPOLATION.sub("", value), f"an interpolation this test cannot read: {value!r}"
    return INTERPOLATION.sub(lambda match: match["default"] or "", value)


def container_argv(dockerfile, command):
    """What the container runs: the image's ENTRYPOINT followed by the service's command (or the image's CMD)."""
    entrypoint = json.loads(instruction(dockerfile, "ENTRYPOINT"))
    return entrypoint + (command if command is not None else json.loads(instruction(dockerfile, "CMD")))


def parse_newsdesk_arguments(argv):
    """Parse argv with the real management command it names, as `newsdesk` would; fail on any unknown flag."""
    assert argv[0] == "newsdesk", f"{argv} does not run the newsdesk command"
    name, arguments = argv[1], argv[2:]
    commands = get_commands()
    assert name in commands, f"`newsdesk {name}` is not a newsdesk command"
    command = load_command_class(commands[name], name)
    return name, vars(command.create_parser("newsdesk", name).parse_args(arguments))


def settings_read_by_newsdesk():
    """Every NEWSDESK_* name the settings read, from the env_*("NAME") calls in settings.py and config.py."""
    names = set()
    for module in ("settings.py", "config.py"):
        for node in ast.walk(ast.parse((ROOT / "newsdesk" / module).read_text())):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if function.startswith("env_"):
                    names.add("NEWSDESK_" + node.args[0].value)
    return names


def test_compose_runs_the_five_roles_with_two_workers(compose):
    assert set(compose["services"]) == {"postgres", "redis", *NEWSDESK_SERVICES}
    assert compose["services"]["postgres"]["image"].startswith("postgres:")
    assert compose["services"]["redis"]["image"].startswith("redis:")
    assert compose["services"]["worker"]["deploy"]["replicas"] == 2


def test_newsdesk_services_share_one_image_built_from_the_dockerfile(compose):
    services = compose["services"]
    assert {services[name]["image"] for name in NEWSDESK_SERVICES} == {IMAGE}
    builders = [name for name in NEWSDESK_SERVICES if "build" in services[name]]
    assert len(builders) == 1, f"one service builds the image, the others reuse it; these build it: {builders}"
    assert services[builders[0]]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()


def test_every_service_command_is_a_newsdesk_command_with_flags_it_accepts(compose, dockerfile):
    expected = {"web": "serve", "scheduler": "scheduler", "worker": "worker"}
    for service, subcommand in expected.items():
        argv = container_argv(dockerfile, compose["services"][service].get("command"))
        name, _ = parse_newsdesk_arguments(argv)
        assert name == subcommand, f"{service} runs `newsdesk {name}`"


def test_web_serves_beyond_the_container_on_the_published_and_exposed_port(compose, dockerfile):
    web = compose["services"]["web"]
    _, options = parse_newsdesk_arguments(container_argv(dockerfile, web.get("command")))
    assert options["host"] == "0.0.0.0", "on 127.0.0.1 the server is unreachable from outside its container"
    published = {str(mapping).rsplit(":", 1)[-1] for mapping in web["ports"]}
    assert str(options["port"]) in published
    assert instruction(dockerfile, "EXPOSE").split("/")[0] == str(options["port"])


def test_dockerfile_default_command_serves_the_site(dockerfile):
    argv = container_argv(dockerfile, None)
    name, options = parse_newsdesk_arguments(argv)
    assert name == "serve"
    assert options["host"] == "0.0.0.0"


@pytest.mark.parametrize("subcommand", ["serve", "scheduler", "worker"])
def test_subcommand_answers_help_through_the_installed_entry_point(subcommand, tmp_path):
    """The commands compose.yaml runs, through `python -m newsdesk` on a fresh data folder, as the image does."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    environment["NEWSDESK_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", subcommand, "--help"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"usage: newsdesk {subcommand}" in result.stdout


def test_dependencies_are_defined_services_waited_on_until_healthy(compose):
    services = compose["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on {dependency}, which is not a service"
            assert rule == {"condition": "service_healthy"}, f"{name} starts before {dependency} is ready"
            assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck to wait for"
    for name in NEWSDESK_SERVICES:
        assert {"postgres", "redis"} <= set(services[name]["depends_on"]), f"{name} starts without its servers"
    postgres_check = " ".join(services["postgres"]["healthcheck"]["test"])
    assert "pg_isready" in postgres_check


def test_newsdesk_services_read_one_environment_of_real_settings(compose):
    environments = [compose["services"][name]["environment"] for name in NEWSDESK_SERVICES]
    assert all(environment == environments[0] for environment in environments)
    unknown = set(environments[0]) - settings_read_by_newsdesk()
    assert not unknown, f"compose.yaml sets variables newsdesk never reads: {sorted(unknown)}"


def test_settings_load_from_the_compose_environment_and_name_its_servers(compose, tmp_path):
    """The settings accept every value as Compose passes it, and each URL names a service of the file."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    environment.update({key: interpolated(value) for key, value in compose["x-newsdesk-env"].items()})
    environment.update(NEWSDESK_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="newsdesk.settings")
    program = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'database': settings.DATABASES['default']['ENGINE'], 'database_host': settings.DATABASES['default']['HOST'],"
        "'broker': settings.NEWSDESK_BROKER_URL, 'cache': settings.CACHES['default'].get('LOCATION', ''),"
        "'allowed_hosts': settings.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = json.loads(result.stdout)
    services = compose["services"]
    assert loaded["database"] == "django.db.backends.postgresql"
    assert loaded["database_host"] in services and services[loaded["database_host"]]["image"].startswith("postgres:")
    for url in (loaded["broker"], loaded["cache"]):
        host = urlsplit(url).hostname
        assert host in services and services[host]["image"].startswith("redis:"), url
    assert urlsplit(loaded["broker"]).path != urlsplit(loaded["cache"]).path, "clearing the cache would empty the queue"
    assert "localhost" in loaded["allowed_hosts"], "the published port would answer 400 to http://localhost:8000/"


def test_postgres_credentials_match_the_database_url(compose):
    postgres = {key: interpolated(value) for key, value in compose["services"]["postgres"]["environment"].items()}
    url = urlsplit(interpolated(compose["x-newsdesk-env"]["NEWSDESK_DATABASE_URL"]))
    assert (url.username, url.password, url.path.lstrip("/")) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )


def test_image_runs_as_a_user_with_the_data_folder_as_a_volume(dockerfile):
    assert instruction(dockerfile, "FROM").startswith("python:3.11-slim")
    assert instruction(dockerfile, "USER") not in ("root", "0")
    environment = dict(re.findall(r"(\w+)=(\S+)", " ".join(arg for key, arg in dockerfile if key == "ENV")))
    volume = instruction(dockerfile, "VOLUME").strip('[]" ')
    assert environment["NEWSDESK_DATA_DIR"] == volume


def test_build_context_holds_what_the_dockerfile_copies(dockerfile):
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    for key, argument in dockerfile:
        if key == "COPY":
            for source in argument.split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
                assert source not in ignored, f"COPY {source}, but .dockerignore leaves it out of the context"
    assert {".git", ".venv", "newsdesk-data"} <= ignored
