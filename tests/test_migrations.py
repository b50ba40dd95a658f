"""Migrations stand on their own, the SQL files say what the database runs, and both undo."""

import ast
import hashlib
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from initiatives.checks import migrations_not_squashed_away
from initiatives.languages import SEARCH_CONFIGS, SIMPLE_CONFIG
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, ThemeFactory

MIGRATIONS = Path(__file__).resolve().parent.parent / "initiatives" / "migrations"
SQL = MIGRATIONS.parent / "sql"


def migration_files():
    return sorted(MIGRATIONS.glob("0*.py"))


def test_no_migration_imports_the_projects_code():
    """Changing the application must not silently change an old migration."""
    for path in migration_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            own = [
                name for name in modules if name.split(".")[0] in {"initiatives", "efus_catalogue"}
            ]
            assert not own, f"{path.name} imports {own}"


def test_every_sql_file_is_applied_by_a_migration_as_it_is_now():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes("initiatives")
    recorded = {}
    for app, name in loader.graph.forwards_plan(leaf):
        if app == "initiatives":
            module = sys.modules[type(loader.disk_migrations[app, name]).__module__]
            recorded.update(getattr(module, "SQL_FILES", {}))
    for path in sorted(SQL.glob("*.sql")):
        assert path.name in recorded, f"no migration applies sql/{path.name}"
        assert recorded[path.name] == hashlib.sha256(path.read_bytes()).hexdigest(), (
            f"sql/{path.name} changed since the latest migration that applies it: add a "
            "migration that applies it again and records its new SHA-256 (README, Architecture)"
        )


def run_sql_file(path: Path) -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.prepare_sql_script(path.read_text(encoding="utf-8")):
            cursor.execute(statement)


def project_objects() -> dict[str, int]:
    """How many functions, triggers, configurations and sequences of ours the database has."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT count(*) FROM pg_proc WHERE proname LIKE 'efus\\_%%'),
                      (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),
                      (SELECT count(*) FROM pg_ts_config WHERE cfgname LIKE 'efus\\_%%'),
                      (SELECT count(*) FROM pg_class WHERE relname = 'efus_catalogue_version')"""
        )
        functions, triggers, configurations, sequences = cursor.fetchone()
    return {
        "functions": functions,
        "triggers": triggers,
        "configurations": configurations,
        "sequences": sequences,
    }


@pytest.mark.django_db
def test_sql_files_can_be_applied_again_without_doubling_anything():
    before = project_objects()
    for path in sorted(SQL.glob("*.sql")):
        run_sql_file(path)
    assert project_objects() == before
    initiative = InitiativeFactory(themes=[ThemeFactory(name="Harbour safety")])
    initiative.refresh_from_db()
    assert "Harbour safety" in initiative.keywords


@pytest.mark.django_db
def test_each_catalogue_language_has_its_search_configuration():
    with connection.cursor() as cursor:
        for code, (name, _parent) in [*SEARCH_CONFIGS.items(), ("xx", (SIMPLE_CONFIG, ""))]:
            cursor.execute("SELECT efus_search_config(%s)::text", [code])
            assert cursor.fetchone()[0] == name


@pytest.mark.django_db
def test_a_database_migrated_before_the_squash_is_named_with_the_way_out():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('initiatives', '0013_newest_order_index', now())"
        )
    (error,) = migrations_not_squashed_away(None, databases=["default"])
    assert error.id == "initiatives.E001"
    assert "0013_newest_order_index" in error.msg and "database reset" in error.hint


@pytest.mark.django_db(transaction=True)
def test_migrating_to_zero_and_back_rebuilds_everything():
    complete = project_objects()
    call_command("migrate", "initiatives", "zero", verbosity=0)
    assert "initiatives_initiative" not in connection.introspection.table_names()
    assert project_objects() == {
        "functions": 0,
        "triggers": 0,
        "configurations": 0,
        "sequences": 0,
    }
    call_command("migrate", verbosity=0)
    assert project_objects() == complete
    initiative = InitiativeFactory(
        title="Harbour patrols", themes=[ThemeFactory(name="Harbour safety")]
    )
    assert Initiative.objects.get(pk=initiative.pk).theme_ids == [initiative.themes.get().pk]
    assert Initiative.objects.published().search("patrol").get() == initiative


@pytest.mark.django_db(transaction=True)
def test_the_evidence_migration_runs_on_a_catalogue_with_rows():
    """Migration 0016 rewrites the initiatives' table and corrects rows the rating scale
    refuses; with rows that name a project, its first order failed at 100,000 initiatives
    ("pending trigger events"), never on the suite's empty tables."""
    before = [("initiatives", "0015_newest_index_includes_translation_of")]
    call_command("migrate", "initiatives", before[0][1], verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    project = old.get_model("initiatives", "Project").objects.create(
        name="Safer harbours", slug="safer-harbours", acronym="SH", start_year=2020
    )
    unevaluated = old.get_model("initiatives", "Initiative").objects.create(
        title="Harbour patrols",
        slug="harbour-patrols",
        lead="Patrols.",
        start_year=2021,
        project_id=project.pk,
        evaluation_type="none",
        outcome="promising",
    )
    call_command("migrate", verbosity=0)
    migrated = Initiative.objects.get(pk=unevaluated.pk)
    assert migrated.outcome == "too_early"
    assert migrated.funding_sources == [] and migrated.results == ""
