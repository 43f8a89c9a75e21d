"""The production server (gunicorn with deploy/gunicorn.conf.py) refuses a set-up that would quietly
break a promise: several workers that each keep their own rate-limit counters."""

import os
import subprocess
import sys

from config import BASE_DIR


def gunicorn(tmp_path, workers: int, storage: str) -> tuple[int | None, str]:
    """Start gunicorn on a free port: (its exit code, or None while it still runs after 5 s, and what it
    logged). One that runs is stopped again, gracefully."""
    env = {**os.environ, "RATELIMIT_STORAGE_URI": storage, "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite'}"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-w", str(workers),
               "--bind", "127.0.0.1:0", "wsgi:app"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stderr=subprocess.PIPE, text=True)
    try:
        return process.wait(timeout=5), process.communicate()[1]
    except subprocess.TimeoutExpired:
        process.terminate()
        return None, process.communicate(timeout=30)[1]


def test_several_workers_with_memory_limits_refuse_to_start(tmp_path):
    code, log = gunicorn(tmp_path, workers=2, storage="memory://")
    assert code == 1 and "would multiply every rate limit" in log and "RATELIMIT_STORAGE_URI=redis://" in log


def test_one_worker_with_memory_limits_or_several_with_redis_start(tmp_path):
    for workers, storage in ((1, "memory://"), (2, "redis://127.0.0.1:6379/15")):
        code, log = gunicorn(tmp_path, workers, storage)
        assert code is None and "Booting worker" in log, log  # still running after 5 s: it started
