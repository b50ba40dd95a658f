"""Management commands: the tools behind `make bench` (synthetic initiatives, the benchmark) and
create_staff_account."""

import io
import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from initiatives.management.commands.bench import Scenario
from initiatives.models import Initiative
from initiatives.synthetic import SLUG_PREFIX
from tests.factories import CityFactory, InitiativeFactory
from tests.test_related import pool_rows, rows_the_migration_would_fill

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def synthetic_titles():
    return list(
        Initiative.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("slug")
        .values_list("title", flat=True)
    )


def test_synthetic_initiatives_are_linked_deterministic_and_topped_up(demo):
    assert "Created 30 synthetic initiatives" in run("generate_synthetic", "--count", "30")
    created = Initiative.objects.filter(slug__startswith=SLUG_PREFIX)
    assert created.count() == 30
    assert not created.filter(themes=None).exists() and not created.filter(cities=None).exists()
    titles = synthetic_titles()
    assert "Nothing to create" in run("generate_synthetic", "--count", "30", "--if-missing")
    run("generate_synthetic", "--count", "30", "--clear")
    assert synthetic_titles() == titles  # the same seed gives the same catalogue


def test_synthetic_initiatives_are_filed_in_the_related_pools_and_the_triggers_stay_on(demo):
    """The generator turns the pools' triggers off and files each batch itself."""
    run("generate_synthetic", "--count", "30")
    assert pool_rows() == rows_the_migration_would_fill()
    assert len({row[0] for row in pool_rows()}) >= 30
    one = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).first()
    one.cities.add(CityFactory())  # filed again by the trigger, which is back on
    assert pool_rows() == rows_the_migration_would_fill()


def test_synthetic_initiatives_need_the_demo_vocabulary(db):
    with pytest.raises(CommandError, match="Load the demo content first"):
        run("generate_synthetic", "--count", "5")
    with pytest.raises(CommandError, match="must not be negative"):
        run("generate_synthetic", "--count", "-1")


def test_bench_reports_every_scenario(demo):
    run("generate_synthetic", "--count", "20")
    report = run("bench", "--runs", "1", "--no-http")
    assert "Published initiatives:" in report
    # Read into memory first: the embedded server's role may create pg_prewarm; a server of
    # DATABASE_URL may refuse it (CI's PostgreSQL 15), which the report says instead.
    if os.environ.get("DATABASE_URL", "").strip():
        assert "shared buffers" in report or "Not read into memory first" in report
    else:
        assert "of the database" in report and "into PostgreSQL's shared buffers" in report
    assert "Worst median database time with a search and filters" in report
    for scenario in ("video surveillance", "Mechelen xqzv", "search as you type", "vidéo surv"):
        assert scenario in report


@pytest.mark.django_db(transaction=True)  # the server reads what the test wrote
def test_bench_drives_the_production_server_over_http(demo):
    """A short run of the HTTP table: the real gunicorn and wrk, on the cheapest scenarios."""
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (make test installs it with scripts/ensure-wrk.sh)")
    report = run("bench", "--no-sql", "--seconds", "1", "--connections", "2", "--only", "theme")
    assert "gunicorn (2 sync workers, DEBUG off)" in report
    lines = [line.split() for line in report.splitlines() if line.startswith("theme page")]
    # Measured as in production, then again with every answer computed.
    assert [line[2] for line in lines] == ["on", "off"]
    for line in lines:
        assert float(line[-5]) > 0  # requests per second
        assert line[-1] == "0"  # no errors
    assert "detail page" not in report  # --only keeps the scenarios it names


def test_render_sections_keeps_the_html_of_summaries_written_without_save():
    kept = InitiativeFactory(context="Saved **once**.")
    loaded = InitiativeFactory()
    Initiative.objects.filter(pk=loaded.pk).update(context="Loaded in *bulk*.", sections_html={})
    out = io.StringIO()
    call_command("render_sections", stdout=out)
    assert "Sections rendered for 1 summaries." in out.getvalue()
    loaded.refresh_from_db()
    assert loaded.sections_html["context"][1] == "<p>Loaded in <em>bulk</em>.</p>"
    assert Initiative.objects.get(pk=kept.pk).sections_html == kept.sections_html
    out = io.StringIO()
    call_command("render_sections", stdout=out)  # nothing left to render
    assert "for 0 summaries" in out.getvalue()


def test_first_views_are_shared_out_so_that_no_run_asks_for_a_page_twice():
    paths = [f"/en/initiatives/{number}/" for number in range(1, 101)]
    runs = Scenario("first views", paths, first_views=True).runs(2)
    measured = [path for run in runs.paths for path in run]
    assert len(runs.paths) == 2 and len(measured) == len(set(measured)) == 80
    assert not set(runs.warm_up) & set(measured)  # warming up is not a view
    # Other scenarios ask for the same pages in every run, as visitors do.
    again = Scenario("theme page", paths[:3]).runs(2)
    assert again.paths == [paths[:3], paths[:3]] and again.warm_up == paths[:3]


@pytest.mark.parametrize(("role", "may_publish"), [("editor", False), ("publisher", True)])
def test_a_staff_account_is_created_in_its_roles_group(db, monkeypatch, client, role, may_publish):
    monkeypatch.setenv("STAFF_PASSWORD", "a long enough passphrase 42")
    out = io.StringIO()
    call_command("create_staff_account", "ana", "--role", role, "--no-input", stdout=out)
    assert "ana can now sign in at /admin/" in out.getvalue()
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("initiatives.publish_initiative") is may_publish
    assert user.check_password("a long enough passphrase 42")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "No password"), ("ana", "too short")],
)
def test_a_staff_account_needs_a_good_password(db, monkeypatch, password, message):
    monkeypatch.setenv("STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command("create_staff_account", "ana", "--role", "editor", "--no-input")
    assert not User.objects.filter(username="ana").exists()
