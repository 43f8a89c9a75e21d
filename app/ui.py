"""Template helpers shared by every page: interface icons, inlined so they take the text colour."""

import re
from functools import lru_cache
from pathlib import Path

import segno
from flask import Flask, current_app
from markupsafe import Markup

ICON_DIR = Path(__file__).parent / "static" / "icons"


@lru_cache(maxsize=64)
def icon(name: str) -> Markup:
    """An interface icon (Tabler) as inline SVG, hidden from screen readers: a label always goes beside it."""
    svg = (ICON_DIR / f"{name}.svg").read_text()
    svg = re.sub(r'\s*class="[^"]*"', "", svg, count=1)
    svg = svg.replace("<svg ", '<svg class="icon" aria-hidden="true" focusable="false" ', 1)
    return Markup(svg)




def qr_svg(url: str, label: str) -> Markup:
    """A QR code as inline SVG (segno, no image libraries), labelled for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, svgclass="qr", omitsize=False)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def public_url(path: str) -> str:
    """The address a phone can open: PUBLIC_URL, not the kiosk's own view of the server."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def init_app(app: Flask) -> None:
    app.add_template_global(icon)
    app.add_template_global(qr_svg)
    app.add_template_global(public_url)
