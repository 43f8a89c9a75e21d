"""deploy/nginx.conf is a configuration nginx accepts (nginx -t), with a throwaway certificate in place of
the town's own."""

import shutil
import subprocess

import pytest

from config import BASE_DIR


@pytest.mark.services
def test_nginx_accepts_the_site_configuration(tmp_path):
    assert shutil.which("nginx"), "nginx is needed for this test (.ci/run installs it)"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    site = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/vangnet.example.nl/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/vangnet.example.nl/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"events {{}}\nhttp {{\n include {tmp_path / 'site.conf'};\n}}\n")
    checked = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and "syntax is ok" in checked.stderr, checked.stderr
