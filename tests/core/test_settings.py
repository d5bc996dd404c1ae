"""Production settings, checked the way a deployment starts: in a fresh process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Spelled out rather than read from config.settings.PRODUCTION_REQUIRED, so that
# dropping a variable from the settings fails here.
PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
)


def production_env(tmp_path: Path) -> dict[str, str]:
    """Return the environment of a complete production deployment."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {*PRODUCTION_REQUIRED, "DEBUG"}
    }
    env.update(
        ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    return env


def run_deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_complete_production_settings_pass_the_deployment_checks(tmp_path):
    env = production_env(tmp_path)

    result = run_deploy_check(env)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variable", PRODUCTION_REQUIRED)
def test_production_refuses_to_start_without_a_required_variable(tmp_path, variable):
    env = production_env(tmp_path)
    del env[variable]

    result = run_deploy_check(env)

    assert result.returncode != 0
    assert f"needs these variables: {variable}\n" in result.stderr


def test_an_unknown_environment_name_refuses_to_start(tmp_path):
    env = production_env(tmp_path) | {"ENVIRONMENT": "prod"}

    result = run_deploy_check(env)

    assert result.returncode != 0
    assert "ENVIRONMENT is 'prod'" in result.stderr


def test_production_has_no_demo_to_seed(tmp_path):
    env = production_env(tmp_path)

    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
