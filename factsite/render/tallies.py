"""Counts pages show: the spread of a set of checks' verdicts (a claimant's chart), and the
quotes from a source, each once (a source's page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .values import Verdict


class Bar(NamedTuple):
    """One rating's bar in a chart of verdicts: how many checks have it, and its length
    (a percentage of the longest bar)."""

    verdict: Verdict
    count: int
    length: int


def spread(given: Iterable[Verdict], ratings: Iterable[Verdict]) -> list[Bar]:
    """How the verdicts `given` are spread over the site's `ratings`: each rating on the
    scale in its order (with none too), then the ratings off it and other desks' verdicts
    (imported, not adopted) that any check has."""
    counts: dict[str, int] = {}
    theirs: dict[str, Verdict] = {}
    for verdict in given:
        counts[verdict.label] = counts.get(verdict.label, 0) + 1
        if verdict.id == "imported":
            theirs[verdict.label] = verdict
    ratings = list(ratings)
    rows = [v for v in ratings if v.on_scale] + \
        [v for v in ratings if not v.on_scale and counts.get(v.label)] + list(theirs.values())
    most = max(counts.values(), default=0)
    return [Bar(v, counts.get(v.label, 0),
                round(100 * counts.get(v.label, 0) / most) if most else 0) for v in rows]


def distinct_quotes(quotes: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Quotes (the words, whether verified), each once, first seen first: the same words
    again, or words that are part of a longer quote as verified as they are, are that
    quote's (a figure often quotes a phrase of its check's source quote)."""
    found: dict[str, bool] = {}
    for quote, ok in quotes:
        found[quote] = found.get(quote, False) or ok
    return [(q, ok) for q, ok in found.items()
            if not any(q != longer and q in longer and (longer_ok or not ok)
                       for longer, longer_ok in found.items())]
