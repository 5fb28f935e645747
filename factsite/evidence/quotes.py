"""Evidence a reader can verify: every quote against the source's stored copy, every
figure against its quote, every dated figure against the site's `stale_after`.

How a quote is compared with a stored copy: both are normalised first (Unicode NFKC,
white space collapsed, curly quotes and guillemets as straight quotes, every dash and --
as one '-' with no space around it, … as ...), then the quote must appear in the copy
word for word, with the same letter case, except for the quote's first letter (quoting
from the middle of a sentence may capitalise it, and the other way round). An ellipsis
(... or [...]) or the desk's own words in square brackets stand for up to 1,000
characters of the source, in order. Punctuation at the quote's two ends is not compared.
"""

from __future__ import annotations

import difflib
import functools
import heapq
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..content.model import Source, StoredCopy
from ..diagnostics import Diagnostic, Pos, error, warning

GAP = 1000  # characters an ellipsis or a bracketed insertion may stand for
SHOWN = 240  # the longest closest passage a message shows, in characters
CLOSE = 0.5  # the share of the quote's words a passage must have, in order, to be shown
_SINGLE = dict.fromkeys("‘’‚‛′`´", "'")
_DOUBLE = dict.fromkeys("“”„‟″«»", '"')
_DASHES = dict.fromkeys("‐‑‒–—―−⁃", "-")
_INVISIBLE = dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", "")
_MAP = str.maketrans({**_SINGLE, **_DOUBLE, **_DASHES, **_INVISIBLE})
_GAPS = re.compile(r"\s*(?:\[[^\]]*\]|\.\.\.)\s*")
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_DASH_RUN = re.compile(r" ?-[ -]*")  # one dash, no space around it
_ENDS = " .,;:!?\"'"


# ---- normalising ----------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def canonical(text: str) -> tuple[str, tuple[int, ...]]:
    """The normalised text, and for each of its characters the index of the character in
    `text` it came from (to show a passage as the source wrote it)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        for piece in unicodedata.normalize("NFKC", ch).translate(_MAP):
            if piece.isspace():
                if out and out[-1] not in " -":
                    out.append(" ")
                    origin.append(i)
                continue
            if piece == "-" and out and out[-1] in " -":  # one dash, no space around it
                out.pop()
                origin.pop()
            out.append(piece)
            origin.append(i)
    return "".join(out).rstrip(" "), tuple(origin)


def _pattern(quote: str) -> re.Pattern[str] | None:
    """The regular expression a quote must match in a canonical stored copy."""
    text = canonical(quote)[0]
    pieces = [p for p in _GAPS.split(text.strip(_ENDS)) if p.strip(_ENDS)]
    if not pieces:
        return None
    parts = []
    for piece in pieces:
        piece = piece.strip(_ENDS) if len(pieces) > 1 else piece
        first = piece[0]
        head = f"[{first.lower()}{first.upper()}]" if first.isalpha() else re.escape(first)
        parts.append(head + re.escape(piece[1:]))
    return re.compile(f"(?s:.{{0,{GAP}}}?)".join(parts))


def _nfkc_each(run: re.Match) -> str:
    """NFKC one character at a time, as `canonical` does (ASCII needs none)."""
    return "".join(unicodedata.normalize("NFKC", ch) for ch in run.group())


@functools.lru_cache(maxsize=16_384)
def _canonical_text(text: str) -> str:
    """canonical(text)'s text, made a whole string at a time (the character map is needed
    only to show a passage when a quote is not found): what every quote is looked for in."""
    text = _NON_ASCII.sub(_nfkc_each, unicodedata.normalize("NFC", text)).translate(_MAP)
    text = _DASH_RUN.sub("-", _SPACES.sub(" ", text).lstrip(" "))
    return text.rstrip(" ")


@functools.lru_cache(maxsize=16_384)
def _found(quote: str, text: str) -> bool:
    copy = _canonical_text(text)
    words = _canonical_text(quote).strip(_ENDS)
    if words and not _GAPS.search(words):  # one passage: look for it as it is
        return words in copy or (words[0].swapcase() + words[1:]) in copy
    pattern = _pattern(quote)
    return pattern is not None and pattern.search(copy) is not None


def verified(quote: str, copy: StoredCopy | None) -> bool:
    """True when the quote is in the source's stored copy."""
    return copy is not None and _found(quote, copy.text)


# ---- the closest passage ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Passage:
    text: str  # as the stored copy has it
    differences: tuple[str, ...]  # in words: 'the copy has "x" where the quote has "y"'


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+(?:'\w+)*", text)]


def closest(quote: str, copy: StoredCopy) -> Passage | None:
    """The passage of the stored copy most like the quote, and how they differ."""
    text, origin = canonical(copy.text)
    words = _words(text)
    wanted = [w for _, _, w in _words(canonical(quote)[0])]
    if not words or not wanted:
        return None
    lower = [w.casefold() for _, _, w in words]
    wanted_lower = [w.casefold() for w in wanted]
    target = Counter(wanted_lower)
    k = min(len(wanted), len(words))
    window: Counter[str] = Counter()
    shared = 0  # words the window and the quote have in common, counted with repeats
    scores = []
    for i, word in enumerate(lower):  # slide a window of k words, one word at a time
        shared += window[word] < target[word]
        window[word] += 1
        if i >= k:
            gone = lower[i - k]
            window[gone] -= 1
            shared -= window[gone] < target[gone]
        if i >= k - 1:
            scores.append((shared, -(i - k + 1)))
    best: tuple[float, float, int, int] | None = None
    for _, neg in heapq.nlargest(5, scores):
        lo = max(0, -neg - k // 2)
        region = lower[lo:-neg + k + k // 2]
        blocks = [b for b in difflib.SequenceMatcher(
            None, wanted_lower, region, autojunk=False).get_matching_blocks() if b.size]
        if not blocks:
            continue
        # from the first matching word to the last, widened by the quote's words around them
        start = max(0, lo + blocks[0].b - blocks[0].a)
        end = min(len(words), lo + blocks[-1].b + blocks[-1].size
                  + len(wanted) - blocks[-1].a - blocks[-1].size)
        ratio = difflib.SequenceMatcher(None, wanted_lower, lower[start:end],
                                        autojunk=False).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, sum(b.size for b in blocks) / len(wanted), start, end)
    if best is None or best[1] < CLOSE:  # most of the quote's words are not there
        return None
    _, _, start, end = best
    first, last = words[start][0], words[end - 1][1]
    while first > 0 and text[first - 1] in "\"'([":  # with the quotation marks around them
        first -= 1
    while last < len(text) and text[last] in "\"')]":
        last += 1
    shown = copy.text[origin[first]:origin[last - 1] + 1]
    if len(shown) > SHOWN:
        shown = shown[:SHOWN - 1].rstrip() + "…"
    said = canonical(quote)[0].strip(_ENDS).split(" ")
    return Passage(" ".join(shown.split()), _differences(said, text[first:last].split(" ")))


def _differences(quote: list[str], copy: list[str], most: int = 3) -> tuple[str, ...]:
    def core(word: str) -> str:  # punctuation around a word is not a difference
        return word.strip(_ENDS + "()[]")

    out = []
    if quote and copy and quote[0].casefold() == copy[0].casefold():
        quote = [copy[0], *quote[1:]]  # the first letter's case may differ
    matcher = difflib.SequenceMatcher(None, [core(w) for w in quote], [core(w) for w in copy],
                                      autojunk=False)
    for op, q1, q2, c1, c2 in matcher.get_opcodes():
        said, has = (" ".join(words[i:j]).strip(",.;:") for words, i, j in
                     ((quote, q1, q2), (copy, c1, c2)))
        if op == "replace":
            out.append(f'the copy has "{has}" where the quote has "{said}"')
        elif op == "delete":
            out.append(f'the copy does not have "{said}"')
        elif op == "insert":
            out.append(f'the quote leaves out "{has}"')
    if len(out) > most:
        out = [*out[:most], f"and {len(out) - most} more difference(s)"]
    return tuple(out) or ("the words are the same: the difference is in punctuation or "
                          "letter case",)


# ---- the checks -------------------------------------------------------------------------


def check_quote(quote: str, source: Source, copy: StoredCopy | None, pos: Pos
                ) -> Diagnostic | None:
    """None when the quote is in the source's stored copy; else what is wrong."""
    if copy is None:
        folder = source.file.rsplit("/", 1)[0] if "/" in source.file else "content/sources"
        stem = source.file.rsplit("/", 1)[-1].rsplit(".", 1)[0] or source.id
        return warning(pos, f"quote not verified: source '{source.id}' has no stored copy "
                       f"({folder}/{stem}.txt or .html) to check it against; if the desk "
                       "holds none, say why with 'no_copy: <reason>' in the source's file")
    if verified(quote, copy):
        return None
    passage = closest(quote, copy)
    where = f"the stored copy of '{source.id}' ({copy.path})"
    if passage is None:
        return error(pos, f"quote not found in {where}, and no passage of it comes close: "
                     "is the quote from another source?")
    return error(pos, f'quote not found in {where}; the closest passage is "{passage.text}": '
                 + "; ".join(passage.differences))
