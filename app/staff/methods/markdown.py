"""Markdown written by staff, made safe to show: markdown-it-py without raw HTML, then nh3 keeps only
the tags and link schemes a knowledge page needs."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td"}
PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def shift_headings(html: str) -> str:
    """A page has one h1 (its title): the text's headings start at h2."""
    for level in (5, 4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return html


def rendered(text: str) -> Markup:
    html = shift_headings(PARSER.render(text or ""))
    return Markup(nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}},
                            url_schemes={"https", "http", "mailto", "tel"}, link_rel="noopener noreferrer"))
