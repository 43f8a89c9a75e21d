"""deploy/nginx.conf is a configuration nginx accepts (nginx -t), with a throwaway certificate in place of
the town's own; and, run for real on loopback, it serves the hashed static file names the app links for a
year (immutable) and the plain names briefly."""

import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from config import BASE_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_site(tmp_path, https_port: int | None = None, http_port: int | None = None):
    """deploy/nginx.conf with a throwaway certificate (and, if asked, loopback ports and this checkout's
    static files), inside a main configuration that runs without root's directories."""
    assert shutil.which("nginx"), "nginx is needed for this test (.ci/run installs it)"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    site = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/vangnet.example.nl/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/vangnet.example.nl/privkey.pem", str(tmp_path / "key.pem"))
    if https_port:
        site = re.sub(r"listen 443 ssl[^;]*;", f"listen 127.0.0.1:{https_port} ssl;", site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        site = site.replace("/opt/vangnet/app/static/", f"{BASE_DIR / 'app' / 'static'}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n include {tmp_path / 'site.conf'};\n}}\n"
    )
    return tmp_path / "nginx.conf"


@pytest.mark.services
def test_nginx_accepts_the_site_configuration(tmp_path):
    conf = write_site(tmp_path)
    checked = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0 and "syntax is ok" in checked.stderr, checked.stderr


@pytest.fixture
def nginx(tmp_path):
    https_port, http_port = free_port(), free_port()
    conf = write_site(tmp_path, https_port, http_port)
    server = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"])
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"https://127.0.0.1:{https_port}"
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, context=context, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


@pytest.mark.services
def test_nginx_serves_the_hashed_names_the_app_links_for_a_year_and_immutable(app, nginx):
    files = app.extensions["static_files"]
    for filename in ("css/app.css", "js/app.js", "pictograms/coffee.svg", "icons/favicon.svg"):
        status, headers, body = fetch(f"{nginx}/static/{files.hashed[filename]}")
        assert status == 200, filename
        assert body == (BASE_DIR / "app" / "static" / filename).read_bytes()
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert fetch(f"{nginx}/static/{files.hashed['css/app.css']}")[1]["Content-Type"].startswith("text/css")


@pytest.mark.services
def test_nginx_serves_a_plain_static_name_for_an_hour_only(nginx):
    status, headers, body = fetch(f"{nginx}/static/css/app.css")
    assert status == 200 and body == (BASE_DIR / "app" / "static" / "css" / "app.css").read_bytes()
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert fetch(f"{nginx}/static/css/nothing.0123456789.css")[0] == 404
