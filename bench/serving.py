"""What bench/finder-mix and bench/load share: the national-scale set, gunicorn served as in production
(deploy/gunicorn.conf.py, PostgreSQL, Redis for the limits) and wrk with a list of URLs."""

import os
import re
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
POSTGRESQL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1/vangnet_bench")
NATIONAL = {"places": 50_000, "activities": 200_000}


def engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def flask(url: str, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], check=True, cwd=ROOT,
                   env={**os.environ, "DATABASE_URL": url})


def ensure_national(url: str) -> None:
    """The national set (and the demo before it) in the database at `url`, built once: a database that
    holds 50,000 places already is used as it is."""
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        server = sa.create_engine(url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                                  isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        server.dispose()
    try:
        with engine(url).connect() as connection:
            places = connection.scalar(sa.text("SELECT count(*) FROM place"))
    except sa.exc.ProgrammingError:
        places = 0
    except sa.exc.OperationalError:
        places = 0
    if places >= NATIONAL["places"]:
        return
    flask(url, "db", "upgrade")
    flask(url, "demo", "load")
    flask(url, "demo", "scale", "--places", str(NATIONAL["places"]), "--activities", str(NATIONAL["activities"]))


def gunicorn(app: str, port: int, url: str, workers: int = 2, log: Path | None = None,
             **settings: str) -> subprocess.Popen:
    """`app` served like production: deploy/gunicorn.conf.py, `workers` sync workers, limits in Redis."""
    env = {**os.environ, "DATABASE_URL": url, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/13", "SECRET_KEY": "bench-secret-" + "x" * 40,
           "MAIL_SERVER": "", **settings}
    stderr = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 (kept open while it runs)
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", app], cwd=ROOT, env=env,
                              stderr=stderr)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{app} did not start on port {port}")


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


WRK_SCRIPT = """
local urls = {%(urls)s}
local threads_set_up = 0
local next_index = 1
function setup(thread)
  -- runs once per thread, in wrk's main state: each thread starts at its own place in the list
  thread:set("first", threads_set_up * math.floor(#urls / %(threads)d))
  threads_set_up = threads_set_up + 1
end
function init(args)
  next_index = 1 + (first or 0)
end
function request()
  local url = urls[next_index]
  next_index = next_index %% #urls + 1
  return wrk.format("GET", url)
end
"""


def wrk(base: str, paths: list[str], seconds: int, threads: int = 2, connections: int = 8) -> dict:
    """Load `base` with the `paths` in turn (wrk, `threads` threads): requests, rps, p50 and p95 in ms,
    and errors (sockets, timeouts and statuses of 400 and above)."""
    report = (ROOT / "bench" / "wrk_report.lua").read_text()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "mix.lua"
        urls = ",".join(lua_string(path) for path in paths)
        script.write_text(WRK_SCRIPT % {"urls": urls, "threads": threads} + report)
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(script), base],
                             check=True, capture_output=True, text=True).stdout
    requests, duration, p50, p95, errors = re.search(r"^BENCH (.*)$", out, re.M).group(1).split()
    return {"requests": int(requests), "rps": int(requests) / float(duration), "p50": float(p50),
            "p95": float(p95), "errors": int(errors)}
