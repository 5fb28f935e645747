"""Varied, deterministic filler prose for the synthetic sites: a first-order Markov chain over
words, trained on a few paragraphs of our own (or, with a corpus, on its sentences too).

The text means nothing; what matters for a benchmark is that it looks like prose to a
Markdown parser (sentences of varied length, punctuation, numbers, quotes) and that no two
pages are the same. Tokens that are Markdown or reference syntax are dropped, so the only
markup in a generated page is the markup the generator puts there on purpose.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from pathlib import Path

SEED_PROSE = """
The agency said the figure covered every person held at the end of the fiscal year.
Officials did not say who counted the cases or when the count was made.
A spokesperson for the department said the numbers were preliminary and could change.
The report compares the latest year with the average of the five years before it.
Critics say the comparison leaves out the months when offices were closed.
The budget office estimated the cost at about 4.2 billion dollars over ten years.
According to the court filing, the state spent more on the program than it reported.
The senator repeated the claim in a televised interview and in a fundraising email.
Our review of the public records found no document that supports the number.
The data show a rise in the first quarter, followed by a decline in the summer.
Independent researchers reached a similar estimate using a different method.
The governor's office pointed to a memo that was never made public.
Several local newspapers reported the same total, citing the same anonymous source.
The claim is accurate for the period it describes but not for the years since.
Economists caution that a single month of data rarely shows a lasting trend.
The census counts people where they live, not where they work or vote.
Election officials certified the results after a routine audit of the ballots.
The survey asked 1,200 adults by phone and online, with a margin of error of three points.
Prices rose faster in rural counties, where fewer stores compete for customers.
The school district's figures include students who left during the year.
Hospital admissions fell by a third after the rule took effect, the study found.
The statement mixes two different measures: the number of cases and the number of people.
When we asked for the source of the figure, the campaign sent a link to an old blog post.
The law took effect in January, but most of its provisions began a year later.
A review by the inspector general found errors in about one in ten files.
The chart in the advertisement starts its scale at a value well above zero.
Neither the ministry nor the embassy answered our questions before publication.
The original video was edited, and the full version shows a different answer.
Tax receipts grew in every quarter except the last, when refunds were delayed.
The city council approved the plan by a vote of seven to two in March.
"""

DROP = re.compile(r"[*_`\[\]<>#|\\~@^{}=+]")  # Markdown and reference syntax
WORD = re.compile(r"[A-Za-z0-9$%.,;:'()\"-]+")


class Prose:
    """Sentences and phrases from a word chain, reproducible from the seed given."""

    def __init__(self, rng: random.Random, corpus: Path | None = None) -> None:
        self.rng = rng
        sentences = [s for s in SEED_PROSE.strip().splitlines() if s]
        if corpus is not None:
            sentences += corpus_sentences(corpus)
        self.chain: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for sentence in sentences:
            words = clean(sentence)
            if len(words) < 4:
                continue
            self.starts.append(words[0])
            for a, b in zip(["^", *words], [*words, "$"], strict=True):
                self.chain[a].append(b)
        self.vocabulary = sorted({w.strip(".,;:'’()\"").lower() for s in sentences
                                  for w in clean(s)} - {""})

    def sentence(self, low: int = 8, high: int = 28) -> str:
        """One sentence of between `low` and `high` words, capitalised, ending in a full stop."""
        words = [self.rng.choice(self.starts)]
        while len(words) < high:
            following = self.chain.get(words[-1]) or ["$"]
            word = self.rng.choice(following)
            if word == "$":
                if len(words) >= low:
                    break
                words[-1] = words[-1].rstrip(".")  # too short yet: go on with a new clause
                word = self.rng.choice(self.starts).lower()
            words.append(word)
        text = " ".join(words).rstrip(".,;:")
        if not text[0].isalpha():  # "1990. ..." or "- ..." would start a Markdown list
            text = "In " + text
        return text[0].upper() + text[1:] + "."

    def paragraph(self, words: int) -> str:
        out: list[str] = []
        count = 0
        while count < words:
            sentence = self.sentence()
            out.append(sentence)
            count += len(sentence.split())
        return " ".join(out)

    def phrase(self, low: int = 2, high: int = 5) -> str:
        """A few words, lower case, no punctuation: for titles, labels and units."""
        n = self.rng.randint(low, high)
        return " ".join(self.rng.choice(self.vocabulary) for _ in range(n))

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(self.vocabulary) for _ in range(n)]


def clean(sentence: str) -> list[str]:
    return [w for w in (DROP.sub("", t) for t in sentence.split()) if WORD.fullmatch(w)
            and any(c.isalnum() for c in w)]


def corpus_sentences(folder: Path) -> list[str]:
    """The statements of a LIAR-format corpus (tab-separated, statement in column 3). Used
    for vocabulary only, in the benchmark's generated sites; never committed as content."""
    out = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) > 2 and row[2].strip():
                    out.append(row[2].strip())
    return out
