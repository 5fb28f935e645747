"""Typographic punctuation for prose: "straight" quotes become “curly” ones, an apostrophe
’, `--` an en dash –, `---` an em dash —, `...` an ellipsis ….

One set of rules for every text a reader sees: Markdown texts (phase 1 applies them to the
text of the HTML it makes, never inside code, nor to attributes such as href) and the
plain texts of records that pages show (titles, claims, names: the theme's `smart`
filter). Web addresses written in the text are left as they are. Quotes from sources are
not prose: they are evidence, compared with the stored copies, and are shown as written.

The quotes are “ ” and ‘ ’ in every language: a Markdown text is made once, whatever the
site's language, and Spanish writes “ ” too (the RAE gives « » first, but “ ” are common in
Spanish news sites); an editor who wants « » types them, and they are kept.
"""

from __future__ import annotations

import re

# Characters after which a quote opens: the start of the text, a space, an opening bracket,
# a dash, a slash, or another opening quote.
OPENING_AFTER = frozenset(" \t\n\r\u00a0([{<-\u2013\u2014/\u201c\u2018\u00ab\u00bf\u00a1")
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")
_TOUCHED = re.compile(r"---|--|\.\.\.|[\"']")
_DECADE = re.compile(r"\d\d(?:s\b|\b)")  # the '90s, class of '24
DASHES = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def smarten(text: str, before: str = "") -> str:
    """`text` with typographic quotes, apostrophes, dashes and ellipses; `before` is the
    character written just before it (a Markdown element's text continues its parent's)."""
    if not _TOUCHED.search(text):
        return text
    out, at = [], 0
    for url in _URL.finditer(text):
        out.append(_smarten(text[at:url.start()], before if at == 0 else text[at - 1]))
        out.append(url.group(0))
        at = url.end()
    out.append(_smarten(text[at:], before if at == 0 else text[at - 1]))
    return "".join(out)


def _smarten(text: str, before: str) -> str:
    def replace(m: re.Match) -> str:
        mark, start = m.group(0), m.start()
        if mark in DASHES:
            return DASHES[mark]
        prev = _before(text, start, before)
        opens = not prev or prev in OPENING_AFTER
        if mark == '"':
            return "\u201c" if opens else "\u201d"
        if opens and not _DECADE.match(text, start + 1) and text[start + 1:start + 2].strip():
            return "\u2018"
        return "\u2019"  # an apostrophe, or a closing single quote

    return _TOUCHED.sub(replace, text)


def _before(text: str, start: int, before: str) -> str:
    """The character before `start`, looking through Python-Markdown's placeholders for
    inline HTML and escapes (\x02…\x03): a quote after a tag reads what precedes the tag."""
    while start and text[start - 1] == "\x03":
        opened = text.rfind("\x02", 0, start - 1)
        if opened < 0:
            break
        start = opened
    return text[start - 1] if start else before
