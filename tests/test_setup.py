"""The project is consistent: checks pass and the models match the migrations."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # checks of generated columns ask the database server what it supports
def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_refuses_to_start_without_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "efus_catalogue.settings",
            "DEBUG": "0",
            "DATABASE_URL": "postgres://unused@localhost/unused",
            "PATH": "",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
