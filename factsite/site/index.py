"""Link: the site index, made from every file's facts. It resolves every reference between
files (each unknown one is a problem at the place it is written), decides which file owns
each id, and groups the site: claims newest first, by claimant, tag and rating, related
claims both ways, the claims and articles relying on each source, the numbered source list
of each check, the corrections log.

`Index.updated` makes the next index from this one and the files whose facts changed: the
groups those files were in or are in now are made again, the others kept (see
`docs/architecture.md`). Records themselves are not in the index; a page that shows one
reads it when it is rendered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..content.model import Site
from ..content.slugs import is_slug, slugify
from ..diagnostics import Diagnostic, Pos, error, warning
from .facts import Facts, FactsMap
from .references import check_references
from .team import Member, team_of
from .translated import is_translation, translations

KINDS = ("claim", "source", "claimant", "article", "page", "person")


class Entry(NamedTuple):
    """A numbered entry in a check's (or article's) source list."""

    number: int
    source: str


class Group(NamedTuple):
    """A tag or a claimant: a page listing the claims (and articles) filed under it. Its
    name is read from `named_by`: the claimant's own file, or the first file (newest claim
    first) that spells it."""

    slug: str
    name: str
    claims: tuple[str, ...]
    articles: tuple[str, ...] = ()
    named_by: str = ""
    file: str | None = None  # a claimant's own file
    repeats: tuple[str, ...] = ()  # a claimant's: others' claims it repeated, newest first
    said: int = 0  # a claimant's: the places its own claims were made, in all


@dataclass(frozen=True)
class Index:
    site: Site
    drafts: bool  # drafts are published (a preview)
    facts: FactsMap  # every content file's, by its path in the site
    stored: Mapping[str, str]  # source id → its stored copy's path
    copies: Mapping[str, Mapping[str, str]]  # claim id → its appearances' stored copies'
    # paths, by file name
    translations: Mapping[tuple[str, str], Mapping[str, str]]  # (kind, id) → its
    # translations' files, by language code (published originals only)
    owners: Mapping[tuple[str, str], str]  # (kind, id) → the file that has it
    claims: tuple[str, ...]  # published, newest first
    articles: tuple[str, ...]  # published, newest first
    pages: tuple[str, ...]  # published, by id
    sources: tuple[str, ...]  # published, by id
    claimants: Mapping[str, Group]  # by slug (a draft claimant's file is not one)
    claimant_of: Mapping[str, str]  # claim id → claimant slug
    tags: Mapping[str, Group]  # by slug
    by_rating: Mapping[str, tuple[str, ...]]
    related: Mapping[str, tuple[str, ...]]  # both ways, newest first
    uses: Mapping[str, tuple[tuple[str, str], ...]]  # source id → (kind, id) relying on it
    quoted_by: Mapping[str, tuple[str, ...]]  # source id → the claims quoting it (drafts too)
    entries: Mapping[tuple[str, str], tuple[Entry, ...]]  # ("claim", id) → its source list
    corrections: tuple[tuple[str, int], ...]  # (claim id, its n-th correction), newest first
    team: Mapping[str, Member] = field(default_factory=dict)  # site.yaml's, by name (team.py)
    problems: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def of(self, kind: str, key: str) -> Facts:
        """The facts of the record of this kind and id."""
        return self.facts[self.owners[kind, key]]

    def file(self, kind: str, key: str) -> str:
        return self.owners[kind, key]

    def source_files(self, source_id: str) -> tuple[str, ...]:
        """A source's file and its stored copy (whether its quotes are verified)."""
        rel = self.owners["source", source_id]
        stored = self.stored.get(source_id)
        return (rel, stored) if stored else (rel,)

    def scale_page(self) -> str | None:
        """The page that shows the rating scale, if one does."""
        return next((p for p in self.pages if self.of("page", p).rating_scale), None)

    def updated(self, site: Site, changed: Mapping[str, Facts | bytes | None],
                stored: Mapping[str, str]) -> Index:
        """The index after these files' facts changed (None: the file is gone)."""
        return make_index(site, self.facts.updated(changed), stored, self.drafts)


def make_index(site: Site, facts: Mapping[str, Facts], copies: Mapping[str, str],
               drafts: bool) -> Index:
    """The index of a site from its files' facts, and its stored copies (path in the site →
    path as messages show it)."""
    problems: list[Diagnostic] = []
    kept = facts if isinstance(facts, FactsMap) else FactsMap(facts)
    facts = dict(kept.items())  # (unpacked once, for this; the index keeps them packed)
    owners, dropped = owners_of((f for f in facts.values() if not is_translation(f)),
                                problems)
    published = {rel: f for rel, f in facts.items()
                 if not f.broken and rel not in dropped and (drafts or not f.draft)}
    newest = sorted((f for f in published.values() if f.kind in ("claim", "article")),
                    key=lambda f: (-_ordinal(f.date), f.id))
    claims = tuple(f.id for f in newest if f.kind == "claim")
    articles = tuple(f.id for f in newest if f.kind == "article")
    of = {f.key: f for f in published.values()}
    shown = {k: rel for k, rel in owners.items() if rel in published}  # (not drafts, unless)
    sources = tuple(sorted(k for kind, k in shown if kind == "source"))
    stored = stored_copies(facts, owners, copies, problems)
    claimants, claimant_of = _claimants(claims, of, shown, problems)
    claimants = _repeats(claims, of, claimants)
    entries = {**{("claim", c): _entries(of["claim", c], owners) for c in claims},
               **{("article", a): _entries(of["article", a], owners) for a in articles}}
    index = Index(
        site=site, drafts=drafts, facts=kept, stored=stored,
        copies=appearance_copies(owners, copies, problems), owners=owners, claims=claims,
        translations=(attached := translations(site, facts, owners, published, problems)),
        articles=articles, pages=tuple(sorted(f.id for f in published.values()
                                              if f.kind == "page")),
        sources=sources, claimants=claimants, claimant_of=claimant_of,
        tags=_tags(claims, articles, of, problems),
        by_rating={r.id: tuple(c for c in claims if of["claim", c].rating == r.id
                               and not of["claim", c].theirs)  # (another desk's verdict)
                   for r in site.ratings},
        related=_related(claims, of), uses=_uses(claims, entries, of, owners),
        quoted_by=_quoted_by(facts, owners), entries=entries,
        corrections=_corrections(claims, of), team=team_of(site, claims, of, problems))
    problems += check_references(index, facts, (  # (a translation of nothing: said once)
        f for f in published.values() if not is_translation(f)
        or f.language in attached.get((f.kind.removesuffix("-translation"), f.id), {})))
    return replace(index, problems=tuple(problems))


def _ordinal(date) -> int:
    return date.toordinal() if date else 0


# ---- which file has which id ---------------------------------------------------------------


def owners_of(facts: Iterable[Facts], problems: list[Diagnostic]
            ) -> tuple[dict[tuple[str, str], str], set[str]]:
    """One file per id of a kind. The file named after the id keeps it; the others (an
    explicit `id:` that collides, or a second file of the same name) are reported and left
    out (returned as `dropped`)."""
    groups: dict[tuple[str, str], list[Facts]] = defaultdict(list)
    for f in facts:
        if not f.broken:
            groups[f.key].append(f)
    owners, dropped = {}, set()
    for (kind, key), group in sorted(groups.items()):
        group.sort(key=lambda f: (f.id_pos is not None, f.file))
        first = group[0]
        owners[kind, key] = first.file
        where = first.id_pos or first.path
        for other in group[1:]:
            dropped.add(other.file)
            problems.append(error(other.id_pos or Pos(other.path), f"the {kind} id '{key}' is "
                                  f"already used by {where}; ids must be unique"))
    return owners, dropped


def stored_copies(facts: Mapping[str, Facts], owners: Mapping[tuple[str, str], str],
            copies: Mapping[str, str], problems: list[Diagnostic]) -> dict[str, str]:
    """Each source's stored copy: the file beside it with the same name. A source has at
    most one; a copy belongs to a source; a source with a copy says when it was stored."""
    copies = {rel: path for rel, path in copies.items() if not is_appearance_copy(rel)}
    by_stem = {rel.rsplit(".", 1)[0]: key for (kind, key), rel in owners.items()
               if kind == "source"}
    files = {f.file.rsplit(".", 1)[0] for f in facts.values() if f.kind == "source"}
    stored: dict[str, str] = {}
    seen: set[str] = set()
    for rel, path in sorted(copies.items()):
        stem = rel.rsplit(".", 1)[0]
        name = stem.rsplit("/", 1)[-1]
        if stem in seen:
            problems.append(error(Pos(path), f"source '{name}' has two stored copies; keep "
                                  "one, .txt or .html"))
            continue
        seen.add(stem)
        if stem not in files:
            problems.append(warning(Pos(path), f"a stored copy with no source file: add "
                                    f"{name}.yaml next to it, or remove it"))
        elif stem in by_stem:
            stored[by_stem[stem]] = rel
    for (kind, key), rel in owners.items():
        f = facts[rel]
        if kind != "source":
            continue
        if key in stored and f.stored_on is None:
            problems.append(warning(f.pos or Pos(f.path), f"{stored[key]} is the stored copy "
                                    "of this source: add 'stored_on' with the date it was "
                                    "stored"))
        if key in stored and f.no_copy is not None:
            problems.append(error(f.no_copy, f"no_copy says the desk holds no copy of this "
                                  f"source, but {stored[key]} is its stored copy: remove one"))
        if f.stored_on is not None and key not in stored:
            stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            problems.append(warning(f.stored_on, f"stored_on is set but there is no stored "
                                    f"copy: add {stem}.txt or {stem}.html next to this file"))
    return stored


def is_appearance_copy(rel: str) -> bool:
    """Is this stored copy an appearance's (content/claims/<claim>/appearances/<name>)?"""
    return rel.startswith("content/claims/")


def appearance_copies(owners: Mapping[tuple[str, str], str], copies: Mapping[str, str],
                      problems: list[Diagnostic]) -> dict[str, dict[str, str]]:
    """Each claim's appearances' stored copies, by file name: the files in the folder named
    after its file (content/claims/<claim>/appearances/). Which appearance reads which is
    the evidence's to say."""
    by_stem = {rel.rsplit(".", 1)[0]: key for (kind, key), rel in owners.items()
               if kind == "claim"}
    out: dict[str, dict[str, str]] = {}
    for rel, path in sorted(copies.items()):
        if not is_appearance_copy(rel):
            continue
        folder, name = rel.rsplit("/appearances/", 1)
        claim = by_stem.get(folder)
        if claim is None:
            problems.append(warning(Pos(path), f"a stored copy of an appearance with no claim "
                                    f"file: {folder}.yaml (or .md) would be its claim"))
        else:
            out.setdefault(claim, {})[name] = rel
    return out


# ---- groups -----------------------------------------------------------------------------


def _claimants(claims: tuple[str, ...], of: Mapping[tuple[str, str], Facts],
               owners: Mapping[tuple[str, str], str], problems: list[Diagnostic]
               ) -> tuple[dict[str, Group], dict[str, str]]:
    """A page per claimant: from a file in content/claimants/, or from a name in claims
    (spelt as the newest claim spells it; another spelling is a warning)."""
    spellings: dict[str, tuple[str, Pos, str]] = {}  # slug → (name, where, file)
    members: dict[str, list[str]] = defaultdict(list)
    claimant_of = {}
    for cid in claims:
        claim = of["claim", cid]
        written = claim.claimant
        slug = written if is_slug(written) else slugify(written)
        claimant_of[cid] = slug
        members[slug].append(cid)
        if ("claimant", slug) in owners or is_slug(written):
            continue
        first = spellings.setdefault(slug, (written, claim.claimant_pos, claim.file))
        if first[0] != written:
            problems.append(warning(claim.claimant_pos, f"'{written}' and '{first[0]}' "
                                    f"({first[1]}) are one claimant page, /claimants/{slug}/; "
                                    "spell them the same"))
    groups = {}
    for slug in sorted({key for kind, key in owners if kind == "claimant"} | members.keys()):
        if ("claimant", slug) in owners:
            record = of["claimant", slug]
            name, named_by, file = record.title, record.file, record.file
        else:
            name, _, named_by = spellings.get(slug, (slug, None, ""))
            file = None
        groups[slug] = Group(slug, name, tuple(members.get(slug, ())), (), named_by, file)
    return groups, claimant_of


def _repeats(claims: tuple[str, ...], of: Mapping[tuple[str, str], Facts],
             groups: dict[str, Group]) -> dict[str, Group]:
    """Each claimant's repeats: the claims of others that an appearance says it made too,
    and how many times its own claims were made."""
    repeated: dict[str, list[str]] = defaultdict(list)
    for cid in claims:
        for written in of["claim", cid].repeaters:
            slug = written if is_slug(written) else slugify(written)
            if slug in groups and cid not in groups[slug].claims:
                repeated[slug].append(cid)
    return {slug: g._replace(repeats=tuple(repeated.get(slug, ())),
                             said=sum(of["claim", c].appearances for c in g.claims))
            for slug, g in groups.items()}


def _tags(claims: tuple[str, ...], articles: tuple[str, ...],
          of: Mapping[tuple[str, str], Facts], problems: list[Diagnostic]) -> dict[str, Group]:
    """A page per tag, named as the newest claim (or article) spells it."""
    spellings: dict[str, tuple[str, Pos, str]] = {}  # slug → (name, where, file)
    members: dict[str, dict[str, dict[str, None]]] = {"claim": defaultdict(dict),
                                                      "article": defaultdict(dict)}
    for kind, ids in (("claim", claims), ("article", articles)):
        for key in ids:
            record = of[kind, key]
            for tag, pos in record.tags:
                slug = slugify(tag)
                first = spellings.setdefault(slug, (tag, pos, record.file))
                if first[0] != tag:
                    problems.append(warning(pos, f"tag '{tag}' and '{first[0]}' ({first[1]}) "
                                            f"are one tag page, /tags/{slug}/; spell them the "
                                            "same"))
                members[kind][slug][key] = None
    return {slug: Group(slug, spellings[slug][0], tuple(members["claim"][slug]),
                        tuple(members["article"][slug]), spellings[slug][2])
            for slug in sorted(spellings)}


def _related(claims: tuple[str, ...], of: Mapping[tuple[str, str], Facts]
             ) -> dict[str, tuple[str, ...]]:
    """Related claims, both ways, newest first."""
    order = {cid: i for i, cid in enumerate(claims)}
    related: dict[str, set[str]] = defaultdict(set)
    for cid in claims:
        for other in of["claim", cid].related:
            if other in order:
                related[cid].add(other)
                related[other].add(cid)
    return {k: tuple(sorted(v, key=order.__getitem__)) for k, v in related.items()}


def _entries(record: Facts, owners: Mapping[tuple[str, str], str]) -> tuple[Entry, ...]:
    """The numbered source list: cited sources in order of first citation (summary, then
    analysis), then the claim's other sources in the order listed."""
    order = [s for s in dict.fromkeys([*record.cited, *record.listed])
             if ("source", s) in owners]
    return tuple(Entry(n, s) for n, s in enumerate(order, start=1))


def _uses(claims: tuple[str, ...], entries: Mapping[tuple[str, str], tuple[Entry, ...]],
          of: Mapping[tuple[str, str], Facts], owners: Mapping[tuple[str, str], str]
          ) -> dict[str, tuple[tuple[str, str], ...]]:
    """Who relies on each source: the checks and articles listing or citing it, then the
    checks whose figures alone come from it, or that it records where they were made."""
    uses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (kind, key), listed in entries.items():
        for entry in listed:
            uses[entry.source].append((kind, key))
    for cid in claims:
        listed_ids = {e.source for e in entries["claim", cid]}
        claim = of["claim", cid]
        for source in [*(s for _, s in claim.figures), *claim.quoted]:
            if ("source", source) in owners and source not in listed_ids:
                listed_ids.add(source)
                uses[source].append(("claim", cid))
    return {key: tuple(uses.get(key, ())) for kind, key in sorted(owners) if kind == "source"}


def _quoted_by(facts: Mapping[str, Facts], owners: Mapping[tuple[str, str], str]
               ) -> dict[str, tuple[str, ...]]:
    """The claims quoting each source, drafts too (whose evidence is checked as well)."""
    out: dict[str, list[str]] = defaultdict(list)
    for (kind, key), rel in owners.items():
        if kind == "claim":
            for source in facts[rel].quoted:
                out[source].append(key)
    return {source: tuple(claims) for source, claims in out.items()}


def _corrections(claims: tuple[str, ...], of: Mapping[tuple[str, str], Facts]
                 ) -> tuple[tuple[str, int], ...]:
    every = [(cid, i, date) for cid in claims
             for i, (date, *_) in enumerate(of["claim", cid].corrections)]
    return tuple((cid, i) for cid, i, _ in sorted(every, key=lambda c: (-c[2].toordinal(),
                                                                        c[0], c[1])))
