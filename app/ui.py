"""Template helpers shared by every page: interface icons, inlined so they take the text colour, and the
parts of a page that are the same for everyone who reads it in one language."""

import re
from functools import lru_cache
from pathlib import Path

import segno
from flask import Flask, current_app, request
from markupsafe import Markup, escape

from .i18n import is_staff_request, page_language

ICON_DIR = Path(__file__).parent / "static" / "icons"


@lru_cache(maxsize=64)
def icon(name: str) -> Markup:
    """An interface icon (Tabler) as inline SVG, hidden from screen readers: a label always goes beside it."""
    svg = (ICON_DIR / f"{name}.svg").read_text()
    svg = re.sub(r'\s*class="[^"]*"', "", svg, count=1)
    svg = svg.replace("<svg ", '<svg class="icon" aria-hidden="true" focusable="false" ', 1)
    return Markup(svg)


def per_language(template: str, varies=(), **holes: str) -> Markup:
    """`template` rendered once per process and language, then served from memory: the top bar, the
    footer, the home page's choices. It may use `_`, `url_for` and the template globals, nothing of
    the visitor (no `request`, `kiosk` or `session`); `varies` names any other value it shows (a
    setting), so that a changed value renders it again. `holes` are the few values that do change per
    request (the CSRF token): the template shows each as a plain `{{ name }}`, and each is filled in
    here, escaped as Jinja would."""
    parts = current_app.extensions.setdefault("per_language", {})
    key = (template, page_language(), is_staff_request(), request.script_root, tuple(holes), varies)
    html = parts.get(key)
    if html is None:
        placeholders = {name: Markup(f"\x00{name}\x00") for name in holes}
        html = parts[key] = current_app.jinja_env.get_template(template).render(placeholders)
    for name, value in holes.items():
        html = html.replace(f"\x00{name}\x00", escape(value))
    return Markup(html)


def qr_svg(url: str, label: str) -> Markup:
    """A QR code as inline SVG (segno, no image libraries), labelled for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, svgclass="qr", omitsize=False)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def public_url(path: str) -> str:
    """The address a phone can open: PUBLIC_URL, not the kiosk's own view of the server."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def init_app(app: Flask) -> None:
    app.add_template_global(icon)
    app.add_template_global(per_language)
    app.add_template_global(qr_svg)
    app.add_template_global(public_url)
