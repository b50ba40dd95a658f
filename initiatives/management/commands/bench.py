"""`make bench`: how long the database takes to answer searches with filters.

It requests the real pages through Django's test client and times every SQL query each runs
(count, page, facets, validation, the search plan), so the figure is the database time a
visitor's request costs, not one hand-picked query.
"""

import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import reverse

from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import Initiative

LIST_SCENARIOS = [
    ("drones", {"country": "FR", "year_from": "2020"}),
    ("video surveillance", {"theme": "video-surveillance", "evaluation": "external"}),
    ("cyber OR ransomware", {"country": ["DE", "NL"], "budget_min": "100000"}),
    ("jeunes sécurité", {"language": "fr", "year_to": "2022"}),
    ("prevention -drones", {"theme": "youth-participation", "outcome": "effective"}),
    ("dornes", {"country": "BE", "year_from": "2010"}),  # typo: correction path
    ("Mechelen xqzv", {"year_from": "2015", "evaluation": "internal"}),  # similarity path
]
# Beyond the target: no filter at all (what visitors meet first), and searches that keep most
# of the catalogue.
BROAD_SCENARIOS = [
    ("", {}),
    ("", {"theme": "drones"}),  # what a theme page lists
    ("drones", {}),
    ("-drones", {"country": "FR", "year_from": "2020"}),  # exclusions only
]
# What search-as-you-type asks while someone types.
SUGGEST_SCENARIOS = ["dr", "dro", "drones", "vidéo surv", "mala", "xqzv"]


class QueryTimer:
    def __init__(self):
        self.durations = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durations.append(time.perf_counter() - started)


class Measure:
    """Median database and wall-clock time of one request, over `runs` after a warm-up."""

    def __init__(self, client, runs):
        self.client, self.runs = client, runs

    def __call__(self, path, params):
        db_times, wall_times = [], []
        for _ in range(self.runs + 1):  # the first run warms caches and is dropped
            timer = QueryTimer()
            started = time.perf_counter()
            with connection.execute_wrapper(timer):
                response = self.client.get(path, params)
            wall_times.append(time.perf_counter() - started)
            db_times.append(sum(timer.durations))
        assert response.status_code == 200, response.status_code
        return response, {
            "queries": len(timer.durations),
            "db_ms": statistics.median(db_times[1:]) * 1000,
            "max_ms": max(db_times[1:]) * 1000,
            "wall_ms": statistics.median(wall_times[1:]) * 1000,
        }


class Command(BaseCommand):
    help = "Measure database time of the initiative list with a search and two filters."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, runs, **options):
        total = Initiative.objects.published().count()
        self.stdout.write(f"Published initiatives: {total:,}")
        measure = Measure(Client(), runs)
        # The test client calls itself "testserver", a host the settings need not allow.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            self.list_page(measure)
            self.suggestions(measure)

    def list_page(self, measure):
        self.stdout.write(
            f"{'search':22} {'filters':48} {'hits':>6} {'SQL':>4} {'DB ms':>7} "
            f"{'max':>7} {'page ms':>8}"
        )
        worst = self.list_scenarios(measure, LIST_SCENARIOS)
        self.stdout.write(f"Worst median database time with a search and filters: {worst:.1f} ms")
        self.stdout.write("Broader:")
        self.list_scenarios(measure, BROAD_SCENARIOS)

    def list_scenarios(self, measure, scenarios) -> float:
        worst = 0
        for query, filters in scenarios:
            params = {"q": query, **filters}
            _response, m = measure(reverse("initiatives:list"), params)
            hits = CatalogueQuery(QueryDict(urlencode(params, doseq=True))).run().total
            filter_text = "&".join(f"{k}={v}" for k, v in filters.items())[:48] or "(none)"
            self.stdout.write(
                f"{query:22} {filter_text:48} {hits:>6} "
                f"{m['queries']:>4} {m['db_ms']:>7.1f} {m['max_ms']:>7.1f} {m['wall_ms']:>8.1f}"
            )
            worst = max(worst, m["db_ms"])
        return worst

    def suggestions(self, measure):
        self.stdout.write(f"\n{'search as you type':22} {'found':>6} {'SQL':>4} {'DB ms':>7}")
        for query in SUGGEST_SCENARIOS:
            response, m = measure(reverse("suggest"), {"q": query})
            found = len(response.json()["suggestions"])
            self.stdout.write(f"{query:22} {found:>6} {m['queries']:>4} {m['db_ms']:>7.1f}")
