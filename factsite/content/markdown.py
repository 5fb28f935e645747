"""Markdown, phase 1: a text to sanitised HTML in which everything that depends on another
file is a placeholder token: citation numbers, links to other claims (their titles and
verdicts), figures' values, and internal URLs (they carry base_url's path). It depends
only on the text, so its result is remembered by the text's digest. Phase 2 fills each
token in on the page that shows the text (`render.values.Prose`, laid out by the theme's
refs.html). The syntax, as Python-Markdown inline processors:

    [@source-id]  [@source-id, p. 4]  [@a; @b]     numbered citations (Pandoc's syntax)
    [[claim-id]]  [[claim-id|link text]]           a link to a claim, with its verdict
    [#figure-id]  [#claim-id.figure-id]            a figure from the data ("more than 37,000")
    [#figure-id|number]                            the figure's number alone
"""

from __future__ import annotations

import marshal
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .typography import smarten

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: cannot come from content
TOKEN = re.compile(OPEN + r"(\d+)" + CLOSE)
_SLUG_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Ids the templates use on every page; a heading in content may not take one.
TEMPLATE_IDS = frozenset({
    "main", "top", "verdict", "summary", "figures", "analysis", "sources", "corrections",
    "related", "tags", "credits", "submit", "body", "site-nav", "search",
})


@dataclass(frozen=True, slots=True)
class Ref:
    """Something phase 2 fills in. `offset` is where it was written in the text (-1: not
    found, e.g. inside a list item whose indentation Markdown removed)."""

    kind: str  # "cite", "claim", "figure" or "url"
    args: tuple
    offset: int = -1


@dataclass(frozen=True, slots=True)
class Fragment:
    """Phase 1's result. (A big site has a hundred thousand, with a million refs: the refs
    and their order are kept packed, as one string of bytes each, and unpacked when read.)"""

    html: str  # sanitised HTML with TOKENs; token n stands for refs[n]
    packed: bytes  # marshal of (refs as tuples, the tokens' numbers in the HTML's order)
    problems: tuple[tuple[int, str], ...] = ()  # (offset, message): malformed references

    @staticmethod
    def make(html: str, refs: tuple[Ref, ...], problems: tuple[tuple[int, str], ...] = ()
             ) -> Fragment:
        order = tuple(int(m.group(1)) for m in TOKEN.finditer(html))
        return Fragment(html, marshal.dumps((tuple((r.kind, r.args, r.offset) for r in refs),
                                             order)), problems)

    @property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(Ref(*r) for r in marshal.loads(self.packed)[0])

    @property
    def order(self) -> tuple[int, ...]:
        """The refs' numbers in the order the HTML has them."""
        return marshal.loads(self.packed)[1]

    def in_order(self) -> list[Ref]:
        """The refs in the order the HTML has them."""
        refs = self.refs
        return [refs[n] for n in self.order]


# ---- sanitising ----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "s", "del", "ins",
    "mark", "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "blockquote", "q",
    "cite", "abbr", "dfn", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "a", "img", "figure", "figcaption", "div", "span",
    "details", "summary", "time",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start", "reversed"},
    "abbr": {"title"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    **{h: {"id"} for h in ("h2", "h3", "h4", "h5", "h6")},
    "li": {"id"},
    "sup": {"id"},
}
ALLOWED_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}


def sanitise(html: str) -> str:
    """Keep an allow-list of tags and attributes; links only to http(s), mailto or this
    site; no scripts, styles, event handlers or comments."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        filter_style_properties={"text-align"},
    )


# ---- the extension --------------------------------------------------------------------------


class _Collector:
    """The refs and problems of the document being converted."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.refs: list[tuple[Ref, str]] = []  # (ref, the raw text that made it)
        self.problems: list[tuple[str, str]] = []  # (raw text, message)

    def token(self, kind: str, args: tuple, raw: str) -> AtomicString:
        self.refs.append((Ref(kind, args), raw))
        return AtomicString(f"{OPEN}{len(self.refs) - 1}{CLOSE}")


# Each reference's pattern, and how its match is read: (kind, args), or None and what is
# wrong with it. Highest priority first: Python-Markdown applies each pattern to the whole
# text before the next, so a text's refs are numbered citations first, then claim links,
# then figures.
CITE = re.compile(r"\[(@[^\[\]]*)\]")
CLAIM_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
FIGURE = re.compile(r"\[#([^\[\]|\s]*)(?:\|([^\[\]]*))?\]")
FIGURE_STYLES = ("full", "number")


def read_cite(m: re.Match) -> tuple[str, tuple] | str:
    items = []
    for part in m.group(1).split(";"):
        part = part.strip()
        key, _, locator = part.partition(",")
        key = key.strip().removeprefix("@")
        if not part.startswith("@") or not _SLUG_ID.fullmatch(key):
            return (f"'{m.group(0)}' is not a citation: write [@source-id], [@source-id, "
                    "p. 4] or [@one; @two]")
        items.append((key, " ".join(locator.split()) or None))
    return "cite", tuple(items)


def read_claim_link(m: re.Match) -> tuple[str, tuple] | str:
    claim_id = m.group(1).strip()
    if not _SLUG_ID.fullmatch(claim_id):
        return f"'{m.group(0)}' is not a claim link: write [[claim-id]] or [[claim-id|link text]]"
    return "claim", (claim_id, " ".join((m.group(2) or "").split()) or None)


def read_figure(m: re.Match) -> tuple[str, tuple] | str:
    claim_id, _, figure_id = m.group(1).rpartition(".")
    style = (m.group(2) or "full").strip()
    if (not _SLUG_ID.fullmatch(figure_id) or (claim_id and not _SLUG_ID.fullmatch(claim_id))
            or style not in FIGURE_STYLES):
        return (f"'{m.group(0)}' is not a figure: write [#figure-id], [#claim-id.figure-id] "
                "or [#figure-id|number]")
    return "figure", (claim_id or None, figure_id, style)


REFERENCES = ((CITE, read_cite, 177), (CLAIM_LINK, read_claim_link, 176),
              (FIGURE, read_figure, 175))


class _Reference(InlineProcessor):
    """One kind of reference: a token for phase 2, or a problem (and the text left as is)."""

    def __init__(self, pattern: re.Pattern, read: Callable, collector: _Collector, md) -> None:
        super().__init__(pattern.pattern, md)
        self.read = read
        self.collector = collector

    def handleMatch(self, m, data):
        found = self.read(m)
        if isinstance(found, str):
            self.collector.problems.append((m.group(0), found))
            return AtomicString(m.group(0)), m.start(0), m.end(0)
        return self.collector.token(*found, m.group(0)), m.start(0), m.end(0)


class _SiteUrls(Treeprocessor):
    """Links and images to '/path' on this site become URL tokens: base_url's path is
    added in phase 2, so the same text works when the site lives under /cuba/. And a
    '# heading' becomes h2: the page's own title is its only h1."""

    def __init__(self, collector: _Collector, md) -> None:
        super().__init__(md)
        self.collector = collector

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "h1":
                el.tag = "h2"
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            value = el.get(attr) if attr else None
            if value and value.startswith("/") and not value.startswith("//"):
                el.set(attr, self.collector.token("url", (value,), value))


VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


class _Typography(Treeprocessor):
    """Typographic quotes, apostrophes and dashes in the text (`typography.smarten`), never
    in code nor in attributes. (After the headings got their ids, which stay as they were.)"""

    def run(self, root: etree.Element) -> None:
        self.last = ""  # the last character of text seen, in document order
        self.walk(root)

    def walk(self, el: etree.Element) -> None:
        if el.tag in VERBATIM:
            self.last = (el.text or self.last)[-1:] or self.last
        else:
            el.text = self.smarten(el.text)
            for child in el:
                self.walk(child)
                child.tail = self.smarten(child.tail)

    def smarten(self, text: str | None) -> str | None:
        if not text:
            return text
        text = smarten(text, self.last)
        self.last = text[-1]
        return text


class FactcheckExtension(Extension):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.collector = _Collector()

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        c = self.collector
        # Before links (160) and reference links (170), after code spans and escapes.
        for pattern, read, priority in REFERENCES:
            md.inlinePatterns.register(_Reference(pattern, read, c, md), read.__name__,
                                       priority)
        md.treeprocessors.register(_Typography(md), "fc-typography", 4)  # (after toc's ids)
        md.treeprocessors.register(_SiteUrls(c, md), "fc-site-urls", 1)

    def reset(self) -> None:
        self.collector.reset()


def _heading_id(value: str, separator: str) -> str:
    slug = toc_slugify(value, separator) or "section"
    return slug + "-section" if slug in TEMPLATE_IDS else slug


class Parser:
    """One Markdown instance, reset between documents (building one costs more than a
    small document)."""

    def __init__(self) -> None:
        self.extension = FactcheckExtension()
        self.md = markdown.Markdown(
            extensions=[self.extension, "footnotes", "tables", "fenced_code", "sane_lists",
                        "toc"],
            extension_configs={"toc": {"slugify": _heading_id},
                               "footnotes": {"UNIQUE_IDS": False}},
            output_format="html",
        )

    def parse(self, source: str, *, inline: bool = False) -> Fragment:
        source = source.replace(OPEN, "").replace(CLOSE, "")
        prose = plain_prose(source, inline)
        return prose if prose is not None else self.parse_fully(source, inline=inline)

    def parse_fully(self, source: str, *, inline: bool = False) -> Fragment:
        """Through Python-Markdown, whatever the text."""
        source = source.replace(OPEN, "").replace(CLOSE, "")
        self.md.reset()
        html = sanitise(self.md.convert(source))
        if inline and html.startswith("<p>") and html.endswith("</p>") \
                and html.count("<p>") == 1:
            html = html[3:-4]
        collected = self.extension.collector
        refs, problems = _locate(source, collected.refs, collected.problems, html)
        return Fragment.make(html, refs, problems)


# What a plain paragraph may hold besides references: letters, digits, spaces and the
# punctuation Markdown leaves alone (no * _ ` [ ] < > & \\ | ~ ^ { }, no tab, no line
# starting a list, a heading, a quote or a table).
_PLAIN = re.compile("(?:[^\\W_]|[ ,.;:'\"()%$?!/+=@\u2013\u2014\u2018\u2019\u201c\u201d"
                    "\u2026\n-])*")
_BLOCK_START = re.compile(r"[-+=*#>|]|\d+[.)]( |$)")


def plain_prose(source: str, inline: bool = False) -> Fragment | None:
    """A text that is one plain paragraph of prose with references (most summaries and
    corrections are), made as Python-Markdown makes it, without running it; None for any
    other text. (A property test holds the two to the same bytes.)"""
    text = source.rstrip("\n")
    lines = text.split("\n")
    if not text or any(not line or line != line.strip() or _BLOCK_START.match(line)
                       for line in lines):
        return None
    found = []  # (start, end, priority, kind, args)
    for priority, (pattern, read, _) in enumerate(REFERENCES):
        for m in pattern.finditer(text):
            ref = read(m)
            if isinstance(ref, str):
                return None  # (the full parser says what is wrong with it)
            found.append((m.start(), m.end(), priority, *ref))
    found.sort()
    pieces, at = [], 0
    for start, end, *_ in found:
        if start < at or not _PLAIN.fullmatch(text, at, start):
            return None  # (references that overlap, or text that is not plain)
        pieces.append(text[at:start])
        at = end
    if not _PLAIN.fullmatch(text, at):
        return None
    numbers = {ref[:3]: n for n, ref in enumerate(sorted(found, key=lambda r: (r[2], r[0])))}
    html = smarten("".join(piece + f"{OPEN}{numbers[ref[:3]]}{CLOSE}" for piece, ref in
                           zip(pieces, found, strict=True)) + text[at:])
    refs = tuple(Ref(kind, args, start) for start, _, _, kind, args in
                 sorted(found, key=lambda r: (r[2], r[0])))
    return Fragment.make(html if inline else f"<p>{html}</p>", refs)


def _locate(source: str, refs: list[tuple[Ref, str]], problems: list[tuple[str, str]],
            html: str) -> tuple[tuple[Ref, ...], tuple[tuple[int, str], ...]]:
    """Give each ref the offset where its raw text was written, in document order."""
    cursor: dict[str, int] = {}

    def find(raw: str) -> int:
        at = source.find(raw, cursor.get(raw, 0))
        if at < 0:
            at = source.find(raw)
        cursor[raw] = at + 1 if at >= 0 else 0
        return at

    order = [int(m.group(1)) for m in TOKEN.finditer(html)]
    order += [i for i in range(len(refs)) if i not in set(order)]
    offsets = {i: find(refs[i][1]) for i in order}
    located = tuple(Ref(ref.kind, ref.args, offsets[i]) for i, (ref, _) in enumerate(refs))
    return located, tuple((find(raw), message) for raw, message in problems)


_parser: Parser | None = None


def parse(source: str, *, inline: bool = False) -> Fragment:
    """Phase 1 with this process's parser."""
    global _parser
    if _parser is None:
        _parser = Parser()
    return _parser.parse(source, inline=inline)


def split(fragment: Fragment) -> list[str | Ref]:
    """The fragment's HTML cut at its tokens: HTML pieces, and in their places the refs
    (for phase 2, which fills each one in)."""
    refs = fragment.refs
    pieces = TOKEN.split(fragment.html)
    return [piece if i % 2 == 0 else refs[int(piece)] for i, piece in enumerate(pieces)]
