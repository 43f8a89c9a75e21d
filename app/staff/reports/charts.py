"""Bar charts drawn on the server as SVG: no JavaScript, no library. Each chart has a <title>, is one
image to a screen reader (role="img", labelled by its title and the text summary beside it), and sits
above its data table twin, which holds the same numbers.

Colour is never the only sign: a counted bar is striped, a hidden small count ("<5", "·") is dotted
and grey, and every bar has its number written beside it. A hidden count's bar has one fixed length
(that of 5), whatever the number, so the picture tells no more than the label does.
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from .figures import SMALL, Figure

WIDTH = 640
LABEL_WIDTH = 200
BAR_AREA = 340
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 12
COUNTED_COLOUR = "#1d5b8f"
HIDDEN_COLOUR = "#595959"


def bar_chart(figure: Figure, summary_id: str) -> Markup:
    """The figure's rows as horizontal bars; `summary_id` is the element that says it in words."""
    key = f"chart-{figure.key}"
    rows = [row for row in figure.rows if not row.measure]
    visible = [row.count for row in rows if row.shown.isdigit()]
    largest = max([*visible, SMALL if any(not row.shown.isdigit() for row in rows) else 0, 1])
    hidden_shown = any(not row.shown.isdigit() for row in rows)
    legend_top = TOP + len(rows) * ROW_HEIGHT + 10
    height = legend_top + (2 if hidden_shown else 1) * 24 + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{key}-title {summary_id}" '
        f'font-family="sans-serif" font-size="14">',
        f'<title id="{key}-title">{escape(figure.title)}</title>',
        "<defs>",
        f'<pattern id="{key}-counted" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{COUNTED_COLOUR}"/>'
        '<rect width="3" height="8" fill="#ffffff" fill-opacity="0.45"/></pattern>',
        f'<pattern id="{key}-hidden" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#e6e6e6"/>'
        f'<circle cx="3" cy="3" r="1.4" fill="{HIDDEN_COLOUR}"/></pattern>',
        "</defs>",
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        hidden = not row.shown.isdigit()
        length = 0 if row.count == 0 else round(BAR_AREA * (SMALL if hidden else row.count) / largest)
        length = max(length, 2) if row.count else 0
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="#1a1a1a">'
                     f'{escape(shorten(row.label))}</text>')
        if length:
            pattern, colour = ("hidden", HIDDEN_COLOUR) if hidden else ("counted", COUNTED_COLOUR)
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                         f'fill="url(#{key}-{pattern})" stroke="{colour}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" fill="#1a1a1a">{escape(row.shown)}</text>')
    parts += legend(key, legend_top, hidden_shown)
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(key: str, top: int, hidden_shown: bool) -> list[str]:
    items = [("counted", COUNTED_COLOUR, _("Aantal"))]
    if hidden_shown:
        items.append(("hidden", HIDDEN_COLOUR, _("Klein aantal, verborgen (minder dan 5)")))
    parts = []
    for index, (pattern, colour, text) in enumerate(items):
        y = top + index * 24
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="28" height="16" fill="url(#{key}-{pattern})" '
                     f'stroke="{colour}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + 36}" y="{y + 13}" fill="#1a1a1a">{escape(text)}</text>')
    return parts


def shorten(label: str, most: int = 26) -> str:
    """A long neighbourhood name is cut in the chart; the table beside it has it in full."""
    return label if len(label) <= most else label[: most - 1] + "…"
