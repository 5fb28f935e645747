"""Evidence a reader can verify, for one claim: every quote against its source's stored
copy (`quotes`), every figure against its quote, every dated figure against the site's
`stale_after`, and the claim's wording as said against where it was made (`wording`).

Pure functions of one claim, its sources, their stored copies and its appearances' (and of
the day, passed in): `check_claim` runs in both `check` and `build`, and what it finds is
what the claim and source pages mark as verified, so a page never says more than `check`
does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..content.model import Claim, Period, Source, StoredCopy
from ..diagnostics import Diagnostic, warning
from . import numberforms, wording
from .quotes import check_quote
from .wording import Wording


@dataclass(frozen=True, slots=True)
class Tally:
    """How many quotes `check` verified against stored copies, of how many it saw, and how
    many of the others are from sources the desk says it holds no copy of (`no_copy`); how
    many claims' wordings (`said`) it verified against where they were made, of how many."""

    verified: int = 0
    total: int = 0
    unheld: int = 0
    said_verified: int = 0
    said_total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.verified + other.verified, self.total + other.total,
                     self.unheld + other.unheld, self.said_verified + other.said_verified,
                     self.said_total + other.said_total)

    def __str__(self) -> str:
        parts = []
        if self.total or not self.said_total:
            parts.append(f"{self.verified} of {self.total} quotes verified against stored "
                         "copies")
        if self.unheld:
            parts.append(f"{self.unheld} from sources the desk holds no copy of")
        if self.said_total:
            parts.append(f"{self.said_verified} of {self.said_total} claims' wordings "
                         "verified against where they were made")
        return "; ".join(parts)


class Checked(NamedTuple):
    """One claim's evidence, checked: its problems, and each quote it relies on (source id,
    the words) with whether the source's stored copy has it; how many of them are from
    sources the desk holds no copy of (`no_copy`), which are not checked; and its wording
    as said, against each appearance's stored copy."""

    problems: tuple[Diagnostic, ...] = ()
    quotes: tuple[tuple[str, str, bool], ...] = ()
    verified_count: int = 0
    unheld_count: int = 0
    wordings: tuple[Wording, ...] = ()

    @property
    def tally(self) -> Tally:
        said = bool(self.wordings)
        found = [w.found for w in self.wordings]
        return Tally(self.verified_count, len(self.quotes), self.unheld_count,
                     int(said and True in found and False not in found), int(said))

    def verified(self, source_id: str, quote: str | None) -> bool:
        return any(s == source_id and q == quote and ok for s, q, ok in self.quotes)

    def wording(self, appearance: int) -> Wording | None:
        """Appearance n's wording, checked (None: it has no words to check)."""
        return next((w for w in self.wordings if w.appearance == appearance), None)


def check_claim(claim: Claim, sources: Mapping[str, Source],
                copies: Mapping[str, StoredCopy], on: dt.date, language: str,
                stale: Period | None, folder: Mapping[str, StoredCopy] | None = None
                ) -> Checked:
    """One claim's quotes (against the stored copies of its sources, by source id), its
    figures (against their quotes), its dated figures (against `stale`, on the day `on`)
    and its wording as said (against its appearances' stored copies: those in its
    `folder`, by file name, or its sources'). A source that is not there is the index's
    problem, not this one's."""
    out: list[Diagnostic] = []
    quotes = [(e.source, e.quote, e.loc("quote")) for e in claim.sources if e.quote]
    quotes += [(f.source, f.quote, f.loc("quote")) for f in claim.figures if f.quote]
    results = []
    unheld = 0
    for source_id, quote, pos in quotes:
        source = sources.get(source_id)
        if source is None:
            continue
        copy = copies.get(source_id)
        if copy is None and source.no_copy:  # the desk says it holds none: nothing to check
            unheld += 1
            results.append((source_id, quote, False))
            continue
        problem = check_quote(quote, source, copy, pos)
        results.append((source_id, quote, problem is None))
        out += [problem] if problem else []
    for figure in claim.figures:
        if figure.quote and numberforms.find(figure.value, figure.quote, language) is None:
            tried = numberforms.forms(figure.value, language)
            shown = ", ".join(tried[:8]) + (", …" if len(tried) > 8 else "")
            out.append(warning(figure.loc("value"), f"figure '{figure.id}': its value "
                               f"{figure.value:g} is not in its quote (looked for {shown})"))
    for figure in claim.figures:
        if stale and figure.as_of and stale.after(figure.as_of) < on:
            out.append(warning(figure.loc("as_of"), f"figure '{figure.id}' is as of "
                               f"{figure.as_of}, more than {stale} ago (site.yaml's "
                               "stale_after): look for a newer figure"))
    said_problems, wordings = wording.check_wording(claim, folder or {}, sources, copies)
    return Checked(tuple(out + said_problems), tuple(results), sum(ok for _, _, ok in results),
                   unheld, wordings)
