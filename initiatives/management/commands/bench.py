"""`make bench`: how long the database takes to answer searches with filters.

It requests the real list page through Django's test client and times every SQL query the page
runs (count, page, facets, validation, the search plan), so the figure is the database time a
visitor's request costs, not one hand-picked query.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment

from initiatives.models import Initiative

SCENARIOS = [
    ("drones", {"country": "FR", "year_from": "2020"}),
    ("video surveillance", {"theme": "video-surveillance", "evaluation": "external"}),
    ("cyber OR ransomware", {"country": ["DE", "NL"], "budget_min": "100000"}),
    ("jeunes sécurité", {"language": "fr", "year_to": "2022"}),
    ("prevention -drones", {"theme": "youth-participation", "outcome": "effective"}),
    ("dornes", {"country": "BE", "year_from": "2010"}),  # typo: correction path
]


class QueryTimer:
    def __init__(self):
        self.durations = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durations.append(time.perf_counter() - started)


class Command(BaseCommand):
    help = "Measure database time of the initiative list with a search and two filters."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args, runs, **options):
        total = Initiative.objects.published().count()
        self.stdout.write(f"Published initiatives: {total:,}")
        client = Client()
        rows = []
        setup_test_environment()  # records each response's template context, for the hit count
        try:
            for query, filters in SCENARIOS:
                db_times, wall_times, counts = [], [], []
                for _ in range(runs + 1):  # the first run warms caches and is dropped
                    timer = QueryTimer()
                    started = time.perf_counter()
                    with connection.execute_wrapper(timer):
                        response = client.get("/initiatives/", {"q": query, **filters})
                    wall_times.append(time.perf_counter() - started)
                    db_times.append(sum(timer.durations))
                    counts.append(len(timer.durations))
                assert response.status_code == 200, response.status_code
                db_ms = statistics.median(db_times[1:]) * 1000
                wall_ms = statistics.median(wall_times[1:]) * 1000
                rows.append(
                    (
                        query,
                        filters,
                        response.context["result_count"],
                        counts[-1],
                        db_ms,
                        max(db_times[1:]) * 1000,
                        wall_ms,
                    )
                )
        finally:
            teardown_test_environment()
        self.stdout.write(
            f"{'search':22} {'filters':48} {'hits':>6} {'SQL':>4} {'DB ms':>7} "
            f"{'max':>7} {'page ms':>8}"
        )
        for query, filters, hits, queries, db_ms, db_max, wall_ms in rows:
            filter_text = "&".join(f"{k}={v}" for k, v in filters.items())[:48]
            self.stdout.write(
                f"{query:22} {filter_text:48} {hits:>6} {queries:>4} {db_ms:>7.1f} "
                f"{db_max:>7.1f} {wall_ms:>8.1f}"
            )
        worst = max(row[4] for row in rows)
        self.stdout.write(f"Worst median database time per page: {worst:.1f} ms")
