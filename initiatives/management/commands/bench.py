"""`make bench`: how fast the catalogue answers, in the database and end to end over HTTP.

First, the SQL table: it requests the real pages through Django's test client and times every
SQL query each runs (count, page, facets, validation, the search plan), so the figure is the
database time a visitor's request costs, not one hand-picked query; "page ms" is the whole
request in this process, so the difference is Python and the template. It runs without a cache,
so every answer is computed as for the first visitor after a change.

Then, the HTTP table (initiatives/load_test.py): the production server (gunicorn, 2 sync
workers, DEBUG off) driven by wrk at 4 and 16 connections for every page family, with the
static-file and 404-page ceilings measured in the same run.
"""

import os
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection, transaction
from django.http import QueryDict
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from efus_catalogue.caches import cache_settings
from initiatives import load_test
from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import City, Initiative, Theme
from initiatives.synthetic import VOCABULARY

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
# As the server has them with CACHE_URL=dummy://: the page frame still kept (caches.py).
NO_CACHE = cache_settings({"CACHE_URL": "dummy://"})
# Summaries asked for once each by the "first views" scenario, shared out between its runs:
# more than a run at 16 connections asks for (30 s at ~500 pages a second).
FIRST_VIEWS = 40_000
# What search-as-you-type asks while someone types.
SUGGEST_SCENARIOS = ["dr", "dro", "drones", "vidéo surv", "mala", "xqzv"]


def load_into_memory() -> str:
    """Reads the whole database into PostgreSQL's shared buffers (pg_prewarm); says how much.

    So that the bench measures a catalogue held in memory, as a database server sized for it
    holds it, and not the disk of the machine it runs on. The machines this project is measured
    on keep about 2 GB of files in their page cache whatever memory is free; at 100,000
    initiatives (1.1 GB) first views of summaries then waited on the disk: 45-69 req/s, p50
    46-65 ms, against 134-147 req/s and p50 26-29 ms once the same files were read into memory.
    `make bench` first gives the embedded PostgreSQL a quarter of the memory for its buffers
    (efus_catalogue/database.py, `memory`)."""
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            return f"Not read into memory first (pg_prewarm: {str(error).strip()})."
        cursor.execute(
            "SELECT pg_database_size(current_database()),"
            " pg_size_bytes(current_setting('shared_buffers'))"
        )
        size, buffers = cursor.fetchone()
        # Every table, index and TOAST table with storage, the system catalogues included.
        cursor.execute(
            "SELECT coalesce(sum(pg_prewarm(oid)), 0) * current_setting('block_size')::bigint"
            " FROM pg_class WHERE relkind IN ('r', 'i', 't', 'm') AND relpersistence = 'p'"
        )
        [loaded] = cursor.fetchone()
    said = (
        f"Read {loaded / 2**20:,.0f} MB of the database ({size / 2**20:,.0f} MB) into"
        f" PostgreSQL's shared buffers ({buffers / 2**20:,.0f} MB)."
    )
    if size > buffers:
        said += (
            " The database is larger than the buffers: some requests read from disk"
            " (`python -m efus_catalogue.database memory`)."
        )
    return said


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
        parser.add_argument("--no-sql", action="store_true", help="Skip the SQL table.")
        parser.add_argument("--no-http", action="store_true", help="Skip the HTTP table.")
        parser.add_argument(
            "--connections",
            default="4,16",
            help="Comma-separated numbers of concurrent connections (default 4,16).",
        )
        parser.add_argument(
            "--seconds",
            default="10,30",
            help="Length of the HTTP runs at each number of connections (default 10,30); "
            "the runs with every answer computed take the first.",
        )
        parser.add_argument(
            "--only", default="", help="Run only the HTTP scenarios whose name contains this."
        )

    def handle(self, *args, runs, no_sql, no_http, connections, seconds, only, **options):
        total = Initiative.objects.published().count()
        self.stdout.write(f"Published initiatives: {total:,}")
        self.stdout.write(load_into_memory())
        if not no_sql:
            measure = Measure(Client(), runs)
            # The test client calls itself "testserver", a host the settings need not allow.
            # No cache: the table is what the database does for an answer computed afresh.
            with override_settings(
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], CACHES=NO_CACHE
            ):
                self.list_page(measure)
                self.suggestions(measure)
                self.summary_pages(measure)
        if not no_http:
            levels = [int(number) for number in connections.split(",")]
            durations = [int(number) for number in seconds.split(",")]
            durations += durations[-1:] * (len(levels) - len(durations))
            self.over_http(total, dict(zip(levels, durations, strict=False)), only)

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

    def summary_pages(self, measure):
        """A summary page, and the same summary once it is alone in a city of its own: the
        synthetic catalogue's 19 cities each hold thousands of initiatives, a real one's
        mostly a handful, and related initiatives must cost the same for both."""
        summary = Initiative.objects.published().filter(translation_of=None).order_by("id").first()
        if summary is None:
            return
        self.stdout.write(f"\n{'summary page':34} {'SQL':>4} {'DB ms':>7} {'page ms':>8}")
        big_city = summary.cities.first()
        self.summary_page(measure, "in one of 19 cities", summary)
        with transaction.atomic():
            alone = City.objects.create(name="Bench alone", slug="bench-alone", country="LU")
            summary.cities.set([alone])
            self.summary_page(measure, "alone in its city", summary)
            # Initiatives in both: none. Those in its big city: thousands.
            summary.cities.set([big_city, alone])
            self.summary_page(measure, "in a big city and one of its own", summary)
            transaction.set_rollback(True)

    def summary_page(self, measure, label, summary):
        _response, m = measure(summary.get_absolute_url(), {})
        self.stdout.write(f"{label:34} {m['queries']:>4} {m['db_ms']:>7.1f} {m['wall_ms']:>8.1f}")

    def suggestions(self, measure):
        self.stdout.write(f"\n{'search as you type':22} {'found':>6} {'SQL':>4} {'DB ms':>7}")
        for query in SUGGEST_SCENARIOS:
            response, m = measure(reverse("suggest"), {"q": query})
            found = len(response.json()["suggestions"])
            self.stdout.write(f"{query:22} {found:>6} {m['queries']:>4} {m['db_ms']:>7.1f}")

    def over_http(self, total: int, levels: dict[int, int], only: str):
        scenarios = [scenario for scenario in http_scenarios(self.stdout) if only in scenario.name]
        self.stdout.write(
            "\nOver HTTP: gunicorn (2 sync workers, DEBUG off) and wrk, "
            + ", ".join(f"{seconds} s at {level}" for level, seconds in levels.items())
            + f" connections; {total:,} published initiatives; load average before: "
            + load_average()
        )
        self.stdout.write(
            "cache on: answers cached under the catalogue's version, as in production; cache off:"
            " CACHE_URL=dummy://, every request computes its counts and ranking."
        )
        self.stdout.write(
            f"{'page':34} {'cache':>5} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'max ms':>8} {'errors':>6}"
        )
        load_test.collect_static()
        self.http_pass(scenarios, levels, cache="on")
        uncached = [scenario for scenario in scenarios if scenario.also_uncached]
        if uncached:
            shorter = dict.fromkeys(levels, min(levels.values()))
            self.http_pass(uncached, shorter, cache="off", CACHE_URL="dummy://")
        self.stdout.write(f"Load average after: {load_average()}")

    def http_pass(self, scenarios, levels: dict[int, int], cache: str, **environment):
        with load_test.production_server(**environment) as base_url:
            for scenario in scenarios:
                runs = scenario.runs(len(levels))
                # Pages of the scenario before timing: workers warm, plans cached. A scenario
                # of first views warms on pages none of its runs asks for.
                statuses = {load_test.fetch_status(base_url + path) for path in runs.warm_up}
                for (connections, seconds), paths in zip(levels.items(), runs.paths, strict=True):
                    result = load_test.drive(base_url, paths, connections, seconds)
                    # A scenario answering 404 on purpose counts its pages, not as errors.
                    errors = result.socket_errors + (
                        result.status_errors if statuses <= {200} else 0
                    )
                    self.stdout.write(
                        f"{scenario.name:34} {cache:>5} {connections:>4} "
                        f"{result.per_second:>8.1f} {result.p50_ms:>8.1f} {result.p99_ms:>8.1f} "
                        f"{result.max_ms:>8.1f} {errors:>6}"
                        + ("" if statuses <= {200} else f"  (status {sorted(statuses)})")
                        + (
                            f"  ({result.requests:,} requests for {len(paths):,} pages: "
                            "some were not first views)"
                            if scenario.first_views and result.requests > len(paths)
                            else ""
                        )
                    )


@dataclass(frozen=True)
class Scenario:
    name: str
    paths: list[str]  # cycled through; they vary where a visitor's would
    also_uncached: bool = False  # measured again with every answer computed
    # Each run asks for pages no earlier request asked for: the paths are shared out.
    first_views: bool = False

    def runs(self, count: int) -> "Runs":
        if not self.first_views:
            return Runs(warm_up=self.paths[:20], paths=[self.paths] * count)
        measured, warm_up = self.paths[:-20], self.paths[-20:]
        share = len(measured) // count
        if share == 0:  # a catalogue too small to share out: every run asks for them all
            return Runs(warm_up=warm_up, paths=[self.paths] * count)
        return Runs(
            warm_up=warm_up,
            paths=[measured[share * run : share * (run + 1)] for run in range(count)],
        )


@dataclass(frozen=True)
class Runs:
    warm_up: list[str]
    paths: list[list[str]]  # one list per run


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} cores"


def http_scenarios(stdout) -> list[Scenario]:
    """Every page family; `also_uncached` where a cache stands between a visitor and the work."""
    public = Initiative.objects.published()
    # Detail pages of initiatives spread over the whole catalogue: enough for every request of
    # a run at 16 connections to be a first view.
    slugs = list(public.order_by("?").values_list("slug", flat=True)[:FIRST_VIEWS])
    themes = list(Theme.objects.public().order_by("slug").values_list("slug", flat=True))
    common = VOCABULARY.common[0]  # the synthetic vocabulary's most frequent word
    share = CatalogueQuery(QueryDict(urlencode({"q": common}))).run().total / max(1, public.count())
    stdout.write(f"\nThe common word {common!r} is in {share:.0%} of the published initiatives.")
    deep = min(4000, max(1, public.count() // 20))
    initiatives = reverse("initiatives:list")
    search = reverse("search")
    explore = reverse("initiatives:explore")
    details = [reverse("initiatives:detail", args=[slug]) for slug in slugs]
    theme_pairs = [
        f"{initiatives}?{urlencode({'theme': [a, b]}, doseq=True)}"
        for a, b in zip(themes, themes[1:] + themes[:1], strict=True)
    ]
    return [
        Scenario("static file (ceiling)", [static("css/site.css")]),
        Scenario("404 page", ["/no-such-page/"]),
        Scenario("home", [reverse("home")], also_uncached=True),
        Scenario("list", [initiatives], also_uncached=True),
        Scenario("list ?theme=a&theme=b", theme_pairs, also_uncached=True),
        Scenario(f"list ?page={deep}", [f"{initiatives}?page={deep - n}" for n in range(6)]),
        Scenario(
            "theme page",
            [reverse("initiatives:theme", args=[slug]) for slug in themes],
            also_uncached=True,
        ),
        Scenario("detail page (first views)", details, also_uncached=True, first_views=True),
        # Pages visitors have asked for before: kept by the server (http_cache.py).
        Scenario("detail page (20, seen before)", details[:20]),
        Scenario(
            f"list ?q={common}&country=FR",
            [f"{initiatives}?q={common}&country=FR"],
            also_uncached=True,
        ),
        Scenario(f"list ?q={common}", [f"{initiatives}?q={common}"], also_uncached=True),
        Scenario("list ?q=drones", [f"{initiatives}?q=drones"], also_uncached=True),
        Scenario(
            "list ?q=drones&country=FR&year…",
            [f"{initiatives}?q=drones&country=FR&year_from=2020"],
            also_uncached=True,
        ),
        Scenario("list ?q=dornes (typo)", [f"{initiatives}?q=dornes"], also_uncached=True),
        Scenario("/search/?q=drones", [f"{search}?q=drones"], also_uncached=True),
        Scenario(f"/search/?q={common}", [f"{search}?q={common}"], also_uncached=True),
        Scenario("suggest ?q=dro", [f"{reverse('suggest')}?q=dro"]),
        # The overview (issue 17): the list's counts and its cross-tabulations, one statement.
        Scenario("/explore/", [explore], also_uncached=True),
        Scenario(
            "/explore/ ?q=drones&country=FR",
            [f"{explore}?q=drones&country=FR"],
            also_uncached=True,
        ),
    ]
