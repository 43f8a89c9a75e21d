"""gunicorn for Vangnet behind nginx: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Settings come from the environment, like the app's own (README, "Configuration")."""

import os
import shutil

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
graceful_timeout = 30
# A request line or header longer than this is refused by gunicorn itself (nginx limits bodies).
limit_request_line = 8190
# Vangnet writes its own line per request (app/request_log.py) to standard error. gunicorn's access log
# stays off: it would write the query string, which may hold a postcode or a code.
accesslog = None


def on_starting(server):
    refuse_memory_limits_with_several_workers(server)
    # /metrics adds up every worker's counts from files here; a new start begins at zero.
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        os.makedirs(metrics_dir)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def refuse_memory_limits_with_several_workers(server):
    """Several workers each count rate limits in their own memory: a limit of 20 would become 20 per
    worker. Refuse to start that way; one shared Redis (RATELIMIT_STORAGE_URI) keeps the limits."""
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and storage.startswith("memory://"):
        raise SystemExit(
            f"Vangnet: {server.cfg.workers} workers with RATELIMIT_STORAGE_URI={storage} would multiply every "
            "rate limit. Set RATELIMIT_STORAGE_URI=redis://host:6379/0, or run one worker."
        )
