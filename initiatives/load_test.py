"""End-to-end load measurements for `make bench`: the production server driven over HTTP.

`production_server()` starts gunicorn as `make serve` does (DEBUG off, gunicorn.conf.py) on a
free local port, over the database the command runs on; `drive()` runs wrk against it with a
list of paths it cycles through, so a scenario such as "a detail page" visits hundreds of
different pages rather than one that stays in every cache.

wrk (Debian's package; scripts/ensure-wrk.sh installs it) is written in C and needs a fraction of
a core: a Python load generator on a two-core machine would take the CPU the server needs.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

# wrk calls this Lua at the end of a run: one JSON line we can parse, rather than its report.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = %(threads)d
counter = 0  -- a global: setup() sets each thread's own
-- Each thread starts its own share of the paths: all starting at the first, the second thread
-- asked for every page just after the first, and was answered from the page the first kept.
local started = 0
setup = function(thread)
  thread:set("counter", math.floor(started * #paths / threads))
  started = started + 1
end
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "status_errors": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    status_errors: int  # answers outside 2xx and 3xx
    socket_errors: int  # connections that failed or timed out

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError(
            "wrk is not installed: run `sh scripts/ensure-wrk.sh` (Debian: apt-get install wrk)."
        )
    return found


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII text is a valid Lua string


def drive(base_url: str, paths: list[str], connections: int, seconds: int) -> LoadResult:
    """wrk with `connections` open connections for `seconds`, cycling through `paths`."""
    threads = min(2, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT
            % {"paths": ", ".join(lua_string(path) for path in paths), "threads": threads}
        )
    try:
        output = subprocess.run(
            [
                wrk_path(),
                f"--threads={threads}",
                f"--connections={connections}",
                f"--duration={seconds}s",
                "--timeout=10s",
                "--header=Accept-Encoding: gzip, br",
                f"--script={script.name}",
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    return LoadResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        status_errors=raw["status_errors"],
        socket_errors=raw["socket_errors"],
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def collect_static() -> None:
    """As `make serve` does before starting: with DEBUG off, pages name the static files
    through the manifest collectstatic writes. Once before any production_server()."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "collectstatic-needs-no-secret"},
        check=True,
    )


@contextmanager
def production_server(workers: int = 2, **settings_environment):
    """gunicorn with DEBUG off on a free port, over this process's database; its base URL.
    `settings_environment`: more environment variables for the server (e.g. CACHE_URL)."""
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "WEB_CONCURRENCY": str(workers),
        "BIND": f"127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        **same_database(),
        **settings_environment,
        # A worker recycled in the middle of a run would show as a slow request.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    # The access log (one line per request, as in production) is thrown away; errors are kept
    # to explain a server that does not start.
    errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed when the server stops)
    server = subprocess.Popen(
        [Path(sys.executable).with_name("gunicorn"), "-c", "gunicorn.conf.py"]
        + ["efus_catalogue.wsgi"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        if not ready(base_url, server):
            errors.seek(0)
            raise RuntimeError(f"gunicorn did not answer /readyz:\n{errors.read()[-3000:]}")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        errors.close()


def same_database() -> dict[str, str]:
    """The environment that points the server at this process's database (under tests, the
    test database rather than the one the settings name)."""
    name = connection.settings_dict["NAME"]
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return {"DATABASE_URL": urlsplit(url)._replace(path=f"/{name}").geturl()}
    return {"EMBEDDED_DATABASE_NAME": name}


def ready(base_url: str, server: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def fetch_status(url: str) -> int:
    """The status of a GET of `url`; 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
