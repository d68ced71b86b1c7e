"""Start-up fails loudly, naming the variable, when a setting is wrong; production passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "kam.settings", "ORCHARD_VAR_DIR": str(ROOT / "var" / "test"), **env}
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://nobody@somewhere/db"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Europe/Atlantis"),
        ("REPORTING_CURRENCY", "kroner"),
        ("SITE_URL", "orchard.example.com"),
        ("LANGUAGE_CODE", "de"),
        ("CONN_MAX_AGE", "forever"),
        ("EMAIL_URL", "pigeon://coop"),
        ("TRUSTED_PROXIES", "the load balancer"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = run_manage("check", SECRET_KEY=GOOD_KEY, **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_secret_key_is_required_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        SITE_URL="https://orchard.example.com",
        ALLOWED_HOSTS="orchard.example.com",
        DATABASE_URL="postgresql://orchard@db:5432/orchard",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
