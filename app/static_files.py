"""Static files under names that carry their content's hash: `css/app.css` is linked as
`/static/css/app.3f2a9c1b0d.css`.

A changed file gets a new name, so a browser (or a proxy) may keep each name for a year without ever
asking again (`Cache-Control: public, max-age=31536000, immutable`), and a new release is still seen at
once. The hashes are computed once, when the app is created; `url_for('static', filename=...)`, or
`static_url(filename)` (the same URL, kept per process), is the one way templates link a static file
and gives the hashed name. Flask serves the hashed names itself (for `make run`); behind nginx,
deploy/nginx.conf strips the hash and serves the file from disk.
"""

import hashlib
import os
import re
from pathlib import Path

from flask import Flask, abort, current_app, request, send_from_directory, url_for

HASH_LENGTH = 10
ONE_YEAR = 365 * 24 * 3600
# A file that is not linked by its hashed name (a bookmark, an old e-mail) may change at a release.
UNHASHED_MAX_AGE = 3600


def hashed_name(filename: str, content: bytes) -> str:
    """`css/app.css` → `css/app.<first 10 hex digits of its SHA-256>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{filename}.{digest}"


def fingerprint(folder: str | os.PathLike) -> dict[str, str]:
    """Every file under `folder` (by its path relative to it, with `/`) → its hashed name."""
    root = Path(folder)
    names = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            filename = path.relative_to(root).as_posix()
            names[filename] = hashed_name(filename, path.read_bytes())
    return names


# What nginx strips (deploy/nginx.conf has the same pattern): a dot, 10 hex digits, a dot and the suffix.
HASHED = re.compile(rf"^(?P<stem>.+)\.[0-9a-f]{{{HASH_LENGTH}}}\.(?P<suffix>[A-Za-z0-9]+)$")


class StaticFiles:
    def __init__(self, folder: str):
        self.folder = folder
        self.hashed = fingerprint(folder)
        self.original = {hashed: filename for filename, hashed in self.hashed.items()}

    def add_hash(self, endpoint: str, values: dict) -> None:
        """A url_defaults hook: url_for('static', filename=...) links the hashed name."""
        if endpoint == "static" and "filename" in values:
            values["filename"] = self.hashed.get(values["filename"], values["filename"])

    def serve(self, filename: str):
        """The static view: a hashed name of today's file for a year (immutable), a plain name briefly.
        A hashed name of a file that has changed since is a 404, never another content under that name."""
        original = self.original.get(filename)
        if original is None:
            if HASHED.match(filename) and filename not in self.hashed:
                abort(404)
            response = send_from_directory(self.folder, filename, max_age=UNHASHED_MAX_AGE)
        else:
            response = send_from_directory(self.folder, original, max_age=ONE_YEAR)
            response.cache_control.immutable = True
        response.cache_control.public = True
        return response


def static_files() -> StaticFiles:
    return current_app.extensions["static_files"]


def static_url(filename: str) -> str:
    """`url_for('static', filename=...)`, found once per process (and script root): every resident page
    links the style sheet, the script and its pictograms, and url_for is slow enough to show."""
    urls = current_app.extensions["static_urls"]
    key = (request.script_root, filename)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=filename)
    return url


def init_app(app: Flask) -> None:
    files = StaticFiles(app.static_folder)
    app.extensions["static_files"] = files
    app.extensions["static_urls"] = {}
    app.url_defaults(files.add_hash)
    app.view_functions["static"] = files.serve
    app.add_template_global(static_url)
