"""The deployment files describe a stack that can run: Dockerfile, docker-compose.yml, .env.example.

No Docker engine is needed: these tests read the files and check how they fit together and
with the settings (service names in URLs, health checks, the variables the settings read).
"""

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "ecosystem" / "settings"

APP_SERVICES = ["migrate", "web", "worker", "beat"]
LONG_RUNNING_SERVICES = ["db", "redis", "web", "worker", "beat"]

# env("NAME"), env.bool("NAME", ...), env.db("NAME", ...)... with a literal first argument.
SETTINGS_ENV_CALL = re.compile(
    r"\benv(?:\.(?:bool|int|list|db|float|path|str|url|json|dict|tuple))?\(\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']"
)
# NAME=value, also commented out (# NAME=value) or exported: a documented variable.
ENV_EXAMPLE_ENTRY = re.compile(r"^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)


# --- Helpers -------------------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


def as_text(command) -> str:
    """A command, given as a string or as a list, as one shell-like string."""
    if isinstance(command, list):
        return " ".join(str(part) for part in command)
    return str(command or "")


def environment(definition: dict) -> dict:
    """A service's `environment`, given as a mapping or as a list of NAME=value."""
    env = definition.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {name: None if value is None else str(value) for name, value in env.items()}


def depends_on(definition: dict) -> dict:
    """A service's `depends_on` as {service: condition}; the short list form means started."""
    deps = definition.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), comments dropped, continued lines joined."""
    instructions, pending = [], ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile(keyword: str) -> list[str]:
    return [arguments for instruction, arguments in dockerfile_instructions() if instruction == keyword]


def dockerfile_env() -> dict:
    """Every variable that ENV instructions put in the image (NAME=value form)."""
    variables = {}
    for arguments in dockerfile("ENV"):
        for pair in shlex.split(arguments):
            name, _, value = pair.partition("=")
            variables[name] = value
    return variables


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in SETTINGS_DIR.glob("*.py"):
        names.update(SETTINGS_ENV_CALL.findall(path.read_text(encoding="utf-8")))
    return names


# --- docker-compose.yml ------------------------------------------------------------------


def test_compose_defines_the_five_services_and_the_migration_job():
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(compose()["services"])


@pytest.mark.parametrize("name", LONG_RUNNING_SERVICES)
def test_each_long_running_service_has_a_health_check_command(name):
    healthcheck = service(name).get("healthcheck") or {}
    assert not healthcheck.get("disable"), f"{name}: health check disabled"
    test = healthcheck.get("test")
    assert test, f"{name}: no health check command"
    if isinstance(test, list):
        assert test[0] in {"CMD", "CMD-SHELL"}, f"{name}: {test[0]!r} runs nothing"
        assert as_text(test[1:]).strip(), f"{name}: empty health check command"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_replace_the_image_health_check_which_probes_the_web_port(name):
    # The image's HEALTHCHECK asks :8000/health/; only the web service listens there.
    definition = service(name)
    healthcheck = definition.get("healthcheck") or {}
    assert "build" in definition, f"{name} does not run the project's image"
    if name == "web":
        assert "/health/" in as_text(healthcheck.get("test"))
    else:
        assert healthcheck.get("disable") is True or "8000" not in as_text(healthcheck.get("test")), name
        assert healthcheck.get("disable") is True or healthcheck.get("test"), f"{name} inherits the web probe"


def test_web_runs_the_wsgi_application_with_gunicorn_on_port_8000():
    web = service("web")
    command = as_text(web.get("command"))
    assert re.match(r"^gunicorn\b", command), command
    assert "ecosystem.wsgi:application" in command
    assert re.search(r"--bind[= ]0\.0\.0\.0:8000\b", command), command
    assert any(str(port).endswith("8000:8000") for port in web.get("ports", []))


def test_web_health_check_asks_an_allowed_host_for_the_health_endpoint():
    web = service("web")
    probe = as_text(web["healthcheck"]["test"])
    url = re.search(r"https?://[^\s'\"]+/health/", probe)
    assert url, probe
    host = urlparse(url.group(0)).hostname
    assert host in environment(web)["ALLOWED_HOSTS"].split(","), f"{host} would get 400 Bad Request"


def test_worker_runs_a_celery_worker_for_the_project_and_is_pinged_as_health_check():
    worker = service("worker")
    assert re.match(r"^celery -A ecosystem worker\b", as_text(worker.get("command"))), worker.get("command")
    assert "inspect ping" in as_text(worker["healthcheck"]["test"])


def test_beat_runs_the_celery_scheduler_as_a_single_replica():
    beat = service("beat")
    assert re.match(r"^celery -A ecosystem beat\b", as_text(beat.get("command"))), beat.get("command")
    assert int((beat.get("deploy") or {}).get("replicas", 1)) == 1
    assert int(beat.get("scale", 1)) == 1


def test_migrate_applies_migrations_and_loads_demo_data_once():
    migrate = service("migrate")
    command = as_text(migrate.get("command"))
    assert "manage.py migrate --noinput" in command
    assert "manage.py seed_demo" in command
    assert command.index("migrate --noinput") < command.index("seed_demo")
    assert str(migrate.get("restart")) == "no"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_use_production_settings_and_the_compose_stores(name):
    env = environment(service(name))
    db_env = environment(service("db"))
    assert env.get("DJANGO_SETTINGS_MODULE") == "ecosystem.settings.production"

    database = urlparse(env.get("DATABASE_URL") or "")
    assert database.scheme in {"postgres", "postgresql", "pgsql"}
    assert database.hostname == "db"
    assert database.username == db_env["POSTGRES_USER"]
    assert database.password == db_env["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == db_env["POSTGRES_DB"]

    redis = urlparse(env.get("REDIS_URL") or "")
    assert redis.scheme == "redis"
    assert redis.hostname == "redis"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_can_serve_plain_http_locally(name):
    env = environment(service(name))
    assert env.get("SECURE_SSL_REDIRECT", "").lower() in {"false", "0", "off", "no"}
    assert env.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL") == "http"
    assert {"localhost", "127.0.0.1"} <= set(env["ALLOWED_HOSTS"].split(","))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_secret_key_comes_from_outside_with_a_default_marked_for_replacement(name):
    secret_key = environment(service(name)).get("SECRET_KEY") or ""
    assert re.fullmatch(r"\$\{SECRET_KEY:?-[^}]*change-me[^}]*\}", secret_key), secret_key


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_read_an_optional_env_file(name):
    entries = service(name).get("env_file") or []
    entries = entries if isinstance(entries, list) else [entries]
    dotenv = [entry for entry in entries if isinstance(entry, dict) and entry.get("path") == ".env"]
    assert dotenv, f"{name}: no optional .env"
    assert dotenv[0].get("required") is False


def test_compose_sets_only_variables_the_settings_read():
    read = variables_read_by_settings() | {"DJANGO_SETTINGS_MODULE"}
    for name in APP_SERVICES:
        unknown = set(environment(service(name))) - read
        assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"


def test_database_keeps_its_data_in_a_declared_named_volume():
    declared = set(compose().get("volumes") or {})
    mounts = [str(volume) for volume in service("db").get("volumes", [])]
    data = [mount.split(":")[0] for mount in mounts if ":/var/lib/postgresql/data" in mount]
    assert data, mounts
    assert data[0] in declared, f"{data[0]} is not a named volume declared at the top level"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_processes_wait_for_healthy_stores_and_applied_migrations(name):
    deps = depends_on(service(name))
    assert deps.get("db") == "service_healthy"
    assert deps.get("redis") == "service_healthy"
    assert deps.get("migrate") == "service_completed_successfully"


def test_migration_job_waits_for_healthy_stores():
    deps = depends_on(service("migrate"))
    assert deps.get("db") == "service_healthy"
    assert deps.get("redis") == "service_healthy"


@pytest.mark.parametrize(("name", "official"), [("db", "postgres"), ("redis", "redis")])
def test_stores_run_official_images(name, official):
    definition = service(name)
    assert "build" not in definition
    assert re.fullmatch(rf"(docker\.io/)?(library/)?{official}:[\w.-]+", definition.get("image", "")), definition


# --- Dockerfile ----------------------------------------------------------------------------


def test_dockerfile_starts_from_python_3_11_slim():
    base = dockerfile("FROM")
    assert base, "no FROM"
    assert base[0].startswith("python:3.11-slim"), base[0]


def test_dockerfile_installs_hash_checked_dependencies_from_the_lock():
    assert any("requirements.lock" in arguments for arguments in dockerfile("COPY"))
    installs = [run for run in dockerfile("RUN") if "pip install" in run]
    assert any("--require-hashes" in run and re.search(r"-r\s+requirements\.lock\b", run) for run in installs), installs


def test_dockerfile_builds_translations_and_static_files():
    runs = " ".join(dockerfile("RUN"))
    assert "manage.py compiletranslations" in runs
    assert "manage.py collectstatic --noinput" in runs


def test_dockerfile_uses_production_settings_without_baking_in_a_secret():
    env = dockerfile_env()
    assert env.get("DJANGO_SETTINGS_MODULE") == "ecosystem.settings.production"
    assert env.get("PYTHONUNBUFFERED") == "1"
    assert "SECRET_KEY" not in env, "the build-time key must be given to the RUN commands only"
    assert not any("SECRET_KEY" in arguments for arguments in dockerfile("ARG"))


def test_dockerfile_switches_to_a_non_root_user_before_its_command():
    instructions = [instruction for instruction, _ in dockerfile_instructions()]
    assert "CMD" in instructions
    cmd_at = len(instructions) - 1 - instructions[::-1].index("CMD")
    users = [
        arguments
        for position, (instruction, arguments) in enumerate(dockerfile_instructions())
        if instruction == "USER" and position < cmd_at
    ]
    assert users, "no USER before CMD"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerfile_command_serves_the_wsgi_application_with_gunicorn():
    command = json.loads(dockerfile("CMD")[-1])
    assert command[0] == "gunicorn"
    assert "ecosystem.wsgi:application" in command
    assert "gthread" in " ".join(command)
    assert "8000" in dockerfile("EXPOSE")[-1]


def test_dockerfile_health_check_asks_the_health_endpoint():
    healthchecks = dockerfile("HEALTHCHECK")
    assert healthchecks, "no HEALTHCHECK"
    assert "/health/" in healthchecks[-1]
    assert "curl" not in healthchecks[-1], "slim images have no curl"


def test_build_context_leaves_out_local_state_and_secrets():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for pattern in [".venv", ".git", ".env", "db.sqlite3", "media", "staticfiles"]:
        assert pattern in ignored, f"{pattern} would be sent to the build"


# --- .env.example --------------------------------------------------------------------------


def test_settings_scan_finds_the_variables_the_settings_read():
    # Guards the next test against passing because the scan found nothing.
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SECURE_SSL_REDIRECT"} <= (
        variables_read_by_settings()
    )


def test_every_variable_the_settings_read_is_documented_in_env_example():
    example = ROOT / ".env.example"
    assert example.exists(), ".env.example is missing"
    documented = set(ENV_EXAMPLE_ENTRY.findall(example.read_text(encoding="utf-8")))
    missing = variables_read_by_settings() - documented
    assert not missing, f"undocumented in .env.example: {sorted(missing)}"
