"""/metrics for Prometheus: only with the token, requests and time by route (never a path with a code),
and the queue of open requests per municipality and kind."""

import pytest

from .helpers import page

TOKEN = "a-long-random-metrics-token"


@pytest.fixture
def token(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    return {"Authorization": f"Bearer {TOKEN}"}


def test_without_the_token_there_is_no_metrics_page(client, token):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_without_a_token_configured_there_is_no_metrics_page_at_all(client):
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_count_requests_by_route_and_the_open_requests(staff_client, delft, make_request, token):
    found = make_request(delft)
    make_request(delft, kind="concern")
    staff_client.get(f"/staff/requests/{found.reference}")
    text = page(staff_client.get("/metrics", headers=token))
    assert 'url_rule="/staff/requests/<reference>"' in text and found.reference not in text
    assert 'vangnet_open_requests{kind="buddy",municipality="delft"} 1.0' in text
    assert 'vangnet_open_requests{kind="concern",municipality="delft"} 1.0' in text
