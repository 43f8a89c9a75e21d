"""Running in production: gunicorn with deploy/gunicorn.conf.py refuses a set-up that would quietly break
a promise (several workers that each keep their own rate-limit counters), and every request is one log
line with an id, the route, the status and the time, never a code or a postcode."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

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


def test_each_request_is_one_log_line_without_its_query_string_or_code(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite'}"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-w", "1",
               "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stderr=subprocess.PIPE, text=True)
    try:
        answer = ask_when_up(f"http://127.0.0.1:{port}/healthz?pc=2625&code=K7M4PXQ2")
    finally:
        process.terminate()
        log = process.communicate(timeout=30)[1]
    lines = [line for line in log.splitlines() if "vangnet.requests" in line]
    assert len(lines) == 1 and "GET /healthz 200" in lines[0], log
    assert answer.headers["X-Request-ID"] in lines[0]
    assert "2625" not in log and "K7M4" not in log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask_when_up(url: str):
    """The answer of the server once it listens (within 20 s)."""
    for _ in range(200):
        try:
            return urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own server on loopback
        except urllib.error.HTTPError as answer:
            return answer
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


def test_the_log_names_the_route_not_the_reference_code_in_the_path(staff_client, delft, make_request, caplog):
    found = make_request(delft)
    with caplog.at_level("INFO", logger="vangnet.requests"):
        response = staff_client.get(f"/staff/requests/{found.reference}", headers={"X-Request-ID": "nginx-1234abcd"})
    [line] = [record.getMessage() for record in caplog.records if record.name == "vangnet.requests"]
    assert line.startswith("nginx-1234abcd GET /staff/requests/<reference> 200 ")
    assert found.reference not in line and response.headers["X-Request-ID"] == "nginx-1234abcd"


def test_metrics_add_up_every_workers_requests(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite'}", "METRICS_TOKEN": "t0ken-for-the-test",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "-w", "2",
               "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=BASE_DIR, env=env,
                   check=True, capture_output=True)
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stderr=subprocess.DEVNULL)
    try:
        ask_when_up(f"http://127.0.0.1:{port}/healthz")
        for _ in range(19):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()  # noqa: S310
        scrape = urllib.request.Request(f"http://127.0.0.1:{port}/metrics",
                                        headers={"Authorization": "Bearer t0ken-for-the-test"})
        text = urllib.request.urlopen(scrape, timeout=5).read().decode()  # noqa: S310
    finally:
        process.terminate()
        process.wait(timeout=30)
    counts = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
              if line.startswith("vangnet_http_request_duration_seconds_count") and 'url_rule="/healthz"' in line]
    assert sum(counts) == 20, text
