"""HTML pages to article text, with boilerplate and reader comments removed (stdlib html.parser).

Kept: the text of the page's article (an <article> or <main> element when there is one, else
the body), one line per block element. Dropped: scripts and styles, navigation, headers and
footers, asides, forms, and any element whose class or id says comments, sharing, related
links, adverts or menus. Metadata comes from <title>, <meta> (article:published_time, date,
og:site_name, author) and <time datetime>.

A <title> that is never closed would swallow the page (a 580 KB title, no text): the page is read
again without it, and the title is kept to its first line, at most MAX_TITLE characters.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

__all__ = ["MAX_TITLE", "HtmlPage", "parse_html"]

MAX_TITLE = 500
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)

SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "noscript",
        "iframe",
        "svg",
        "button",
        "select",
        "template",
        "menu",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "main",
        "figcaption",
        "dd",
        "dt",
        "hr",
    }
)
VOID_TAGS = frozenset(
    {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    }
)
BOILERPLATE = re.compile(
    r"comment|disqus|reply|share|social|related|recommend|advert|promo|sponsor|cookie|newsletter|"
    r"subscribe|sidebar|footer|header|menu|navbar|breadcrumb|banner|popup|login|signup|byline-tools",
    re.I,
)
DATE_META = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
    "sailthru.date",
)
PUBLISHER_META = ("og:site_name", "publisher", "application-name")


class HtmlPage:
    def __init__(self) -> None:
        self.title = ""
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.lines: list[str] = []
        self.article_lines: list[str] = []


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, in article)
        self.current: list[str] = []
        self.in_title = False
        self.title_closed = False

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    @property
    def in_article(self) -> bool:
        return any(article for _, _, article in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and values.get("content"):
                self.page.meta.setdefault(key, values["content"])
            return
        if tag == "time" and values.get("datetime"):
            self.page.times.append(values["datetime"])
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return
        if tag == "title":
            self.in_title = True
        marker = f"{values.get('class', '')} {values.get('id', '')} {values.get('role', '')}"
        skipped = tag in SKIP_TAGS or (
            bool(BOILERPLATE.search(marker)) and tag not in ("body", "html", "main", "article")
        )
        self.stack.append((tag, skipped, tag in ("article", "main")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self.title_closed = True
        if tag in BLOCK_TAGS:
            self._flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
            return
        if not self.skipping:
            self.current.append(data)

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        self.current = []
        if line:
            self.page.lines.append(line)
            if self.in_article:
                self.page.article_lines.append(line)

    def close(self) -> None:
        super().close()
        self._flush()


def _parse(markup: str) -> _Parser:
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    return parser


def parse_html(markup: str) -> tuple[str, dict[str, Any]]:
    """(article text, metadata found in the page)."""
    parser = _parse(markup)
    if parser.in_title and not parser.title_closed:  # never closed: it swallowed the page
        title = next((line for line in parser.page.title.splitlines() if line.strip()), "")
        parser = _parse(_TITLE_OPEN.sub("", markup, count=1))
        parser.page.title = title
    page = parser.page
    page.title = " ".join(page.title.split())[:MAX_TITLE]
    lines = page.article_lines or page.lines
    meta: dict[str, Any] = {}
    if page.title.strip():
        meta["title"] = " ".join(page.title.split())
    for key in DATE_META:
        if key in page.meta:
            meta["published"] = page.meta[key]
            break
    else:
        if page.times:
            meta["published"] = page.times[0]
    for key in PUBLISHER_META:
        if key in page.meta:
            meta["publisher"] = page.meta[key]
            break
    return "\n".join(lines) + ("\n" if lines else ""), meta
