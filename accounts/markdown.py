"""Profile text as a safe Markdown subset. Pure: text in, sanitised HTML out.

Python-Markdown turns the text into HTML with raw HTML switched off (a `<script>` in the source
comes out as the visible text "<script>"), then nh3 keeps only the tags below and only
http, https and mailto links, each with rel="noopener noreferrer". The result is marked safe only
after that second step, so nothing a person types can run in a colleague's browser.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
# Inside a card the section title is the heading: "# Goals" becomes h3, deeper levels h4.
_HEADINGS = re.compile(r"<(/?)h([1-6])>")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]) ")


def _converter() -> markdown_lib.Markdown:
    converter = markdown_lib.Markdown(extensions=["sane_lists", "nl2br"], output_format="html")
    converter.preprocessors.deregister("html_block")  # raw HTML blocks become text…
    converter.inlinePatterns.deregister("html")  # …and so do inline tags
    return converter


def _lists_after_lines(text: str) -> str:
    """People write "Goals:" and a list on the next line; Markdown wants a blank line between."""
    lines = text.replace("\r\n", "\n").split("\n")
    result: list[str] = []
    for line in lines:
        previous = result[-1] if result else ""
        starts_list = _LIST_ITEM.match(line) and not _LIST_ITEM.match(previous)
        if starts_list and previous.strip() and not previous.startswith((" ", "\t")):
            result.append("")
        result.append(line)
    return "\n".join(result)


def _heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{3 if int(match.group(2)) <= 3 else 4}>"


def render_markdown(text: str | None) -> SafeString:
    """The text as HTML limited to ALLOWED_TAGS; an empty string for empty text."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - empty
    html = _HEADINGS.sub(_heading, _converter().convert(_lists_after_lines(text)))
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
