"""The readable text of a saved web page (a source's stored copy), for checking quotes.

The page is untrusted: it is only read for its text, with the standard library's
tokenizer, which runs nothing and fetches nothing. Scripts, styles and the page's <head>
are dropped; block elements become line breaks, so words of two paragraphs never run
together; character references are decoded (`&rsquo;` is ’).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

# Elements whose content is not text a reader sees.
SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe",
                  "object", "canvas", "select", "textarea"})
# Elements that end a line of text.
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
    "tr", "ul",
})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open SKIP elements, innermost last

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP:
            self.skipping.append(tag)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:  # also closes anything left open inside it
            del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag):]
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def extract(html: str) -> str:
    """The page's visible text: one line per block, runs of spaces collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def decode(data: bytes) -> str | None:
    """A saved page's bytes as text: UTF-8, or the charset its <meta> names; None when
    neither works."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(codecs.lookup(m.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            return None
    return None
