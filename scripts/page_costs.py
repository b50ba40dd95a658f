"""Where a page's time goes, in one process: PostgreSQL, the template, the rest of Python.

    EMBEDDED_DATABASE_NAME=efus_bench .venv/bin/python scripts/page_costs.py /initiatives/ …

Each URL is requested through Django's test client twice to warm up, then 7 times; the medians
are printed. SQL time is every query's; template time is the rendering's, less the queries the
template itself ran (lazy querysets); Python is the rest (middleware, forms, ORM, view). With
--cold, no cache: every answer is computed.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "efus_catalogue.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from efus_catalogue.caches import cache_settings  # noqa: E402

RUNS = 7
spent = {"sql": 0.0, "sql_in_template": 0.0, "template": 0.0}
rendering = False


def timed_query(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = time.perf_counter() - started
        spent["sql"] += elapsed
        if rendering:
            spent["sql_in_template"] += elapsed


render = SimpleTemplateResponse.rendered_content.fget


def timed_render(response):
    global rendering
    rendering, started = True, time.perf_counter()
    try:
        return render(response)
    finally:
        spent["template"] += time.perf_counter() - started
        rendering = False


def main(urls: list[str], cold: bool):
    caches = cache_settings({"CACHE_URL": "dummy://"} if cold else {})
    SimpleTemplateResponse.rendered_content = property(timed_render)
    client = Client()
    print(f"{'page':52} {'total':>7} {'SQL':>6} {'templ.':>6} {'Python':>6}   ms, median of {RUNS}")
    with (
        override_settings(ALLOWED_HOSTS=["testserver"], CACHES=caches),
        connection.execute_wrapper(timed_query),
    ):
        for url in urls:
            client.get(url)
            client.get(url)
            runs = []
            for _ in range(RUNS):
                spent.update(dict.fromkeys(spent, 0.0))
                started = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - started
                template = spent["template"] - spent["sql_in_template"]
                runs.append((total, spent["sql"], template, total - spent["sql"] - template))
            medians = [statistics.median(run[i] for run in runs) * 1000 for i in range(4)]
            print(f"{url[:52]:52} " + " ".join(f"{value:6.1f}" for value in medians))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main([url for url in arguments if url != "--cold"], cold="--cold" in arguments)
