"""Metrics for Prometheus at /metrics, for whoever holds METRICS_TOKEN (no token set: no page): requests
and their time by route (the URL rule, never a path that holds a reference code), and the queue of open
requests per municipality and kind. Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR
(deploy/gunicorn.conf.py empties it at start): every worker's counts are added up."""

import hmac
import os

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func

from .extensions import db
from .models import OPEN_STATUSES, REQUEST_MODELS, Municipality

bp = Blueprint("metrics", __name__)


class OpenRequests:
    """The inbox's queue, counted in the database when Prometheus asks."""

    def collect(self):
        gauge = GaugeMetricFamily("vangnet_open_requests", "Open requests", labels=["municipality", "kind"])
        for model in REQUEST_MODELS:
            rows = db.session.execute(
                db.select(Municipality.slug, model.kind, func.count()).select_from(model)
                .join(Municipality, model.municipality_id == Municipality.id)
                .where(model.status.in_(OPEN_STATUSES)).group_by(Municipality.slug, model.kind)
            )
            for slug, kind, count in rows:
                gauge.add_metric([slug, kind], count)
        yield gauge


@bp.route("/metrics")
def metrics():
    token = current_app.config["METRICS_TOKEN"]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        abort(404)
    registry = current_app.extensions["vangnet_metrics"]
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    queue = CollectorRegistry()
    queue.register(OpenRequests())
    return Response(generate_latest(registry) + generate_latest(queue), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # a command (flask db upgrade) may start before gunicorn
        os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
    registry = CollectorRegistry()  # one per app: the tests make many apps in one process
    PrometheusMetrics(app, path=None, group_by="url_rule", defaults_prefix="vangnet", registry=registry)
    app.extensions["vangnet_metrics"] = registry
    app.register_blueprint(bp)
