"""The tools behind `make bench`: synthetic initiatives and the benchmark itself."""

import io

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative
from initiatives.synthetic import SLUG_PREFIX

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


def test_synthetic_initiatives_need_the_demo_vocabulary(db):
    with pytest.raises(CommandError, match="Load the demo content first"):
        run("generate_synthetic", "--count", "5")
    with pytest.raises(CommandError, match="must not be negative"):
        run("generate_synthetic", "--count", "-1")


def test_bench_reports_every_scenario(demo):
    run("generate_synthetic", "--count", "20")
    report = run("bench", "--runs", "1")
    assert "Published initiatives:" in report
    assert "Worst median database time with a search and filters" in report
    for scenario in ("video surveillance", "Mechelen xqzv", "search as you type", "vidéo surv"):
        assert scenario in report
