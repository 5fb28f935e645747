"""Stage 3, link: resolve every reference between files, index the site (claims by tag,
rating and claimant; the claims relying on each source; corrections), decide the output
pages, and record for each page the inputs it shows (the dependency graph)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from ..content.markdown import Fragment, Ref
from ..content.model import Article, Claim, Content, Page, Source, Text
from ..content.slugs import is_slug, slugify
from ..diagnostics import Diagnostic, Pos, did_you_mean, error, warning
from .pages import OutputPage, plan_outputs, url_to_path


@dataclass(frozen=True, slots=True)
class Claimant:
    """A claimant's page: from a file in content/claimants/, or from a name in claims."""

    slug: str
    name: str
    file: str | None  # the claimant file, when there is one
    claims: tuple[str, ...]
    named_by: str = ""  # the input file its name is read from


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    claims: tuple[str, ...]
    articles: tuple[str, ...]
    named_by: str = ""  # the input file whose spelling names it


@dataclass(frozen=True, slots=True)
class Use:
    """One claim or article relying on a source, with the quotes it relies on."""

    kind: str  # "claim" or "article"
    id: str
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """A numbered entry in a claim's or article's source list."""

    number: int
    source: str
    quote: str | None
    locator: str | None


@dataclass(frozen=True, slots=True)
class Linked:
    content: Content  # the published content (drafts removed unless asked for)
    fragments: Mapping[Text, Fragment]
    claims: Mapping[str, Claim]  # newest first
    sources: Mapping[str, Source]
    articles: Mapping[str, Article]  # newest first
    pages: Mapping[str, Page]
    claimants: Mapping[str, Claimant]
    claimant_of: Mapping[str, str]  # claim id → claimant slug
    tags: Mapping[str, Tag]
    by_rating: Mapping[str, tuple[str, ...]]
    related: Mapping[str, tuple[str, ...]]  # both directions
    uses: Mapping[str, tuple[Use, ...]]  # source id → who relies on it
    entries: Mapping[tuple[str, str], tuple[Entry, ...]]  # ("claim", id) → source list
    corrections: tuple[tuple[str, int], ...]  # (claim id, index in its corrections), newest first
    outputs: tuple[OutputPage, ...]
    graph: Mapping[str, tuple[str, ...]]  # output path → the input files it shows, sorted


# ---- linking -------------------------------------------------------------------------------


def link(content: Content, fragments: Mapping[Text, Fragment], *,
         include_drafts: bool = False) -> tuple[Linked, list[Diagnostic]]:
    return _Linker(content, fragments, include_drafts).run()


class _Linker:
    def __init__(self, content: Content, fragments: Mapping[Text, Fragment],
                 include_drafts: bool) -> None:
        self.all = content
        self.fragments = fragments
        self.diagnostics: list[Diagnostic] = []
        keep = (lambda r: True) if include_drafts else (lambda r: not r.draft)
        self.drafts = {(kind, r.id) for kind, records in (
            ("claim", content.claims), ("article", content.articles), ("page", content.pages))
            for r in records if not keep(r)}
        newest = lambda r: (-_ordinal(getattr(r, "published", None) or r.date), r.id)  # noqa: E731
        self.claims = {c.id: c for c in sorted(filter(keep, content.claims), key=newest)}
        self.articles = {a.id: a for a in sorted(filter(keep, content.articles), key=newest)}
        self.pages = {p.id: p for p in content.pages if keep(p)}
        self.sources = {s.id: s for s in content.sources}
        self.claimant_files = {c.id: c for c in content.claimants}
        self.team = {m.name for m in content.site.team}
        self.ratings = {r.id for r in content.site.ratings}

    def report(self, pos: Pos, message: str) -> None:
        self.diagnostics.append(error(pos, message))

    # -- references ---------------------------------------------------------------------
    def ref(self, kind: str, key: str, pos: Pos | Callable[[], Pos],
            known: Collection[str]) -> bool:
        """Is `key` one of `known` (a set or dict)? If not, say so where it was written
        (`pos`, or a function finding it: most references are fine, so look only then)."""
        if key in known:
            return True
        pos = pos() if callable(pos) else pos
        if (kind, key) in self.all.broken:
            return False  # that file's own errors are already reported
        if (kind, key) in self.drafts:
            self.report(pos, f"{kind} '{key}' is a draft, so it will not be published and this "
                        "reference would break: publish it, remove the reference, or build "
                        "with --drafts")
        else:
            hint = did_you_mean(key, known)
            if kind == "rating" and not hint:
                hint = "; the ratings are: " + ", ".join(r.id for r in self.all.site.ratings)
            self.report(pos, f"unknown {kind} '{key}'{hint}")
        return False

    def check_claim(self, claim: Claim) -> None:
        self.ref("rating", claim.rating, claim.loc("rating"), self.ratings)
        for entry in claim.sources:
            self.ref("source", entry.source, entry.loc("source"), self.sources)
        for figure in claim.figures:
            self.ref("source", figure.source, figure.loc("source"), self.sources)
        for i, related in enumerate(claim.related):
            self.ref("claim", related, claim.loc("related", i), self.claims)
        for field in ("checked_by", "edited_by"):
            for i, name in enumerate(getattr(claim, field)):
                if name not in self.team:
                    self.report(claim.loc(field, i), f"'{name}' is not in site.yaml's team"
                                + (did_you_mean(name, self.team) or
                                   f"; the team is: {', '.join(sorted(self.team)) or 'empty'}"))
        if is_slug(claim.claimant) and claim.claimant not in self.claimant_files \
                and ("claimant", claim.claimant) not in self.all.broken:
            hint = did_you_mean(claim.claimant, self.claimant_files)
            self.report(claim.loc("claimant"), f"unknown claimant '{claim.claimant}'{hint or ''}"
                        f" (a value written like an id names a file in content/claimants/; "
                        "write a name, like 'Miami Herald', for a claimant without a file)")

    def check_text(self, text: Text | None, own: Claim | None) -> None:
        if text is None:
            return
        fragment = self.fragments[text]
        for offset, message in fragment.problems:
            self.report(text.locate(offset) if offset >= 0 else text.pos, message)
        for ref in fragment.refs:
            def pos(ref: Ref = ref) -> Pos:
                return text.locate(ref.offset) if ref.offset >= 0 else text.pos

            if ref.kind == "cite":
                for source_id, _ in ref.args:
                    self.ref("source", source_id, pos, self.sources)
            elif ref.kind == "claim":
                self.ref("claim", ref.args[0], pos, self.claims)
            elif ref.kind == "figure":
                claim_id, figure_id, _ = ref.args
                if claim_id is None and own is None:
                    self.report(pos(), f"'[#{figure_id}]' needs its claim outside a claim's own "
                                f"text: write [#claim-id.{figure_id}]")
                    continue
                target = self.claims.get(claim_id) if claim_id else own
                if claim_id and not self.ref("claim", claim_id, pos, self.claims):
                    continue
                if target and target.figure(figure_id) is None:
                    ids = [f.id for f in target.figures]
                    self.report(pos(), f"claim '{target.id}' has no figure '{figure_id}'"
                                + (did_you_mean(figure_id, ids) or
                                   f"; its figures are: {', '.join(ids) or 'none'}"))

    # -- the whole site ----------------------------------------------------------------
    def run(self) -> tuple[Linked, list[Diagnostic]]:
        for claim in self.claims.values():
            self.check_claim(claim)
            for text in (claim.summary, claim.analysis, *(c.text for c in claim.corrections)):
                self.check_text(text, claim)
        for record in (*self.articles.values(), *self.pages.values()):
            self.check_text(record.body, None)

        claimants, claimant_of = self.index_claimants()
        tags = self.index_tags()
        by_rating = {r.id: tuple(c.id for c in self.claims.values() if c.rating == r.id)
                     for r in self.all.site.ratings}
        order = {claim_id: i for i, claim_id in enumerate(self.claims)}  # newest first
        related: dict[str, set[str]] = defaultdict(set)
        for claim in self.claims.values():
            for other in claim.related:
                if other in self.claims:
                    related[claim.id].add(other)
                    related[other].add(claim.id)
        entries = {**{("claim", c.id): self.entries_for(c) for c in self.claims.values()},
                   **{("article", a.id): self.entries_for(a) for a in self.articles.values()}}
        corrections = tuple(sorted(
            ((c.id, i) for c in self.claims.values() for i in range(len(c.corrections))),
            key=lambda ci: (-_ordinal(self.claims[ci[0]].corrections[ci[1]].date), ci)))
        content = Content(self.all.site, tuple(self.claims.values()), self.all.sources,
                          self.all.claimants, tuple(self.articles.values()),
                          tuple(self.pages.values()), self.all.assets)
        linked = Linked(
            content=content, fragments=self.fragments, claims=self.claims, sources=self.sources,
            articles=self.articles, pages=self.pages, claimants=claimants,
            claimant_of=claimant_of, tags=tags, by_rating=by_rating,
            related={k: tuple(sorted(v, key=order.__getitem__)) for k, v in related.items()},
            uses=self.index_uses(entries), entries=entries, corrections=corrections,
            outputs=(), graph={},
        )
        outputs, graph = plan_outputs(linked, self.diagnostics)
        linked = replace(linked, outputs=outputs, graph=graph)
        self.check_urls(linked)
        return linked, self.diagnostics

    def index_claimants(self) -> tuple[dict[str, Claimant], dict[str, str]]:
        spellings: dict[str, tuple[str, Pos, str]] = {}  # slug → (name, where, file)
        members: dict[str, list[str]] = defaultdict(list)
        claimant_of = {}
        for claim in self.claims.values():
            slug = claim.claimant if is_slug(claim.claimant) else slugify(claim.claimant)
            claimant_of[claim.id] = slug
            members[slug].append(claim.id)
            if slug in self.claimant_files or is_slug(claim.claimant):
                continue
            first = spellings.setdefault(slug, (claim.claimant, claim.loc("claimant"),
                                                claim.file))
            if first[0] != claim.claimant:
                self.diagnostics.append(warning(
                    claim.loc("claimant"), f"'{claim.claimant}' and '{first[0]}' ({first[1]}) "
                    f"are one claimant page, /claimants/{slug}/; spell them the same"))
        out = {}
        for slug in sorted({*self.claimant_files, *members}):
            record = self.claimant_files.get(slug)
            name, _, named_by = (record.name, None, record.file) if record else \
                spellings.get(slug, (slug, None, ""))
            out[slug] = Claimant(slug, name, record.file if record else None,
                                 tuple(members.get(slug, ())), named_by)
        return out, claimant_of

    def index_tags(self) -> dict[str, Tag]:
        spellings: dict[str, tuple[str, Pos, str]] = {}  # slug → (name, where, file)
        claims: dict[str, list[str]] = defaultdict(list)
        articles: dict[str, list[str]] = defaultdict(list)
        for _kind, records, bucket in (("claim", self.claims, claims),
                                      ("article", self.articles, articles)):
            for record in records.values():
                for i, tag in enumerate(record.tags):
                    slug = slugify(tag)
                    first = spellings.setdefault(slug, (tag, record.loc("tags", i), record.file))
                    if first[0] != tag:
                        self.diagnostics.append(warning(
                            record.loc("tags", i), f"tag '{tag}' and '{first[0]}' ({first[1]}) are "
                            f"one tag page, /tags/{slug}/; spell them the same"))
                    if record.id not in bucket[slug]:
                        bucket[slug].append(record.id)
        return {slug: Tag(slug, spellings[slug][0], tuple(claims[slug]), tuple(articles[slug]),
                          spellings[slug][2]) for slug in sorted(spellings)}

    def entries_for(self, record: Claim | Article) -> tuple[Entry, ...]:
        """The numbered source list: cited sources in order of first citation (summary,
        then analysis), then the claim's other sources in the order listed."""
        texts = ([record.summary, record.analysis] if isinstance(record, Claim)
                 else [record.body])
        order: list[str] = []
        for text in texts:
            if text is not None:
                for ref in _in_order(self.fragments[text]):
                    if ref.kind == "cite":
                        order += [s for s, _ in ref.args if s not in order and s in self.sources]
        listed = {e.source: e for e in getattr(record, "sources", ())}
        order += [s for s in listed if s not in order and s in self.sources]
        return tuple(Entry(n, s, listed[s].quote if s in listed else None,
                           listed[s].locator if s in listed else None)
                     for n, s in enumerate(order, start=1))

    def index_uses(self, entries: Mapping[tuple[str, str], tuple[Entry, ...]]
                   ) -> dict[str, tuple[Use, ...]]:
        uses: dict[str, list[Use]] = defaultdict(list)
        for (kind, key), listed in entries.items():
            for entry in listed:
                quotes = [entry.quote] if entry.quote else []
                if kind == "claim":
                    quotes += [f.quote for f in self.claims[key].figures
                               if f.source == entry.source and f.quote and f.quote not in quotes]
                uses[entry.source].append(Use(kind, key, tuple(quotes)))
        for claim in self.claims.values():  # a figure's source that the claim does not list
            listed_ids = {e.source for e in entries[("claim", claim.id)]}
            for figure in claim.figures:
                if figure.source in self.sources and figure.source not in listed_ids:
                    listed_ids.add(figure.source)
                    quotes = tuple(f.quote for f in claim.figures
                                   if f.source == figure.source and f.quote)
                    uses[figure.source].append(Use("claim", claim.id, quotes))
        return {s: tuple(uses.get(s, ())) for s in self.sources}

    def check_urls(self, linked: Linked) -> None:
        """Links in Markdown to /paths the site does not have are warnings."""
        known = {o.path for o in linked.outputs} | {a.path for a in linked.content.assets}
        texts = [c.summary for c in self.claims.values()] + \
                [c.analysis for c in self.claims.values() if c.analysis] + \
                [r.body for r in (*self.articles.values(), *self.pages.values())]
        for text in texts:
            for ref in self.fragments[text].refs:
                if ref.kind != "url":
                    continue
                path = ref.args[0].split("#")[0].split("?")[0].lstrip("/")
                if url_to_path(path) not in known and path + "/index.html" not in known:
                    pos = text.locate(ref.offset) if ref.offset >= 0 else text.pos
                    self.diagnostics.append(warning(pos, f"the link to '{ref.args[0]}' goes to "
                                                    "no page or file of this site"))


def _in_order(fragment: Fragment) -> list[Ref]:
    refs = fragment.refs
    return [refs[n] for n in fragment.order]


def _ordinal(date) -> int:
    return date.toordinal() if date else 0
