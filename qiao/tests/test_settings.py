import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


def run_manage(*args: str, env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only the given QIAO_* variables set.

    DJANGO_* variables are dropped too: the test run's own (DJANGO_SETTINGS_MODULE, and
    DJANGO_ALLOW_ASYNC_UNSAFE set for the browser tests) would not be in a deployment.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QIAO_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), *args],
        env={**clean, "QIAO_VAR_DIR": str(var_dir), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production_env() -> dict[str, str]:
    return {
        "QIAO_ENV": "production",
        "QIAO_SECRET_KEY": secrets.token_urlsafe(45),
        "QIAO_ALLOWED_HOSTS": "qiao.example.org",
    }


def test_production_settings_pass_the_deployment_checks(production_env, tmp_path):
    assert len(production_env["QIAO_SECRET_KEY"]) == 60

    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env, var_dir=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_production_without_a_secret_key_refuses_to_start(production_env, tmp_path):
    del production_env["QIAO_SECRET_KEY"]

    result = run_manage("check", env=production_env, var_dir=tmp_path)

    assert result.returncode != 0
    assert "QIAO_SECRET_KEY must be set when QIAO_ENV=production." in result.stderr
