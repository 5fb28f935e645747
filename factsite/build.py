"""The whole build, as a table of contents: first gather everything from every file, then
check it, then render each page to the staging folder, and only once all succeeded move
them into place."""

from __future__ import annotations

import gc
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from .content import files as load
from .content import markdown as markup
from .content import validate
from .content.model import Content, Site, Text
from .diagnostics import Diagnostic, Pos, display_path, error, has_errors
from .engine import parallel
from .engine import state as incremental
from .engine.state import State
from .engine.store import Cache, fragment_key
from .evidence import quotes as evidence
from .publish import search, write
from .render import publish
from .render import templates as render
from .site import index as link


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path | None = None  # None: public/ inside the site
    drafts: bool = False
    write: bool = True  # False for `check`
    jobs: int = 0  # processes for big batches of work; 0: every core
    cache: bool = True  # keep Markdown and the last build's state in the site's .cache/
    index: bool = True  # make the search index again when a page changed
    publish: bool = True  # make the feeds, sitemap and open data
    remember: bool = False  # keep parsed files for the next build in this process (preview)

    @property
    def output(self) -> Path:
        return self.out_dir or self.site_dir / "public"
    strict: bool = False  # warnings fail too: nothing is written when there are any


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: write.WriteReport | None = None
    pages: int = 0
    rendered: list[str] = field(default_factory=list)  # the pages rendered this time
    state: State | None = None  # for the next build to reuse
    base_path: str = ""  # base_url's path, once site.yaml has been read
    search_seconds: float = 0.0  # the time Pagefind took (0 when the index was kept)
    quotes: evidence.Tally | None = None  # quotes verified against stored copies

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(options: Options, previous: State | None = None) -> Result:
    """Read, check, render, then write: one line per step. `previous` (or, without it, the
    state saved in the site's cache) lets the build redo only what changed."""
    # A build makes millions of objects that live until it ends: with the garbage
    # collector's usual thresholds, it spends more time scanning them than parsing YAML.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 10)
    try:
        with parallel.Workers(options.jobs) as workers:  # (forked now, while small)
            return _build(options, previous, workers)
    finally:
        gc.set_threshold(*thresholds)


def _build(options: Options, previous: State | None, workers: parallel.Workers) -> Result:
    cache = Cache(options.site_dir / ".cache") if options.cache else None
    previous = previous or (cache.state(_state_name(options)) if cache and options.write
                            else None)
    result = Result(state=previous)
    problems = result.diagnostics

    files = load.scan(options.site_dir)  # 1. read every file
    stamp = incremental.Stamp(files.digests, incremental.templates_digest(files.template_dirs),
                              options.drafts, evidence.today())
    present = write.present(options.output) if options.write else set()
    if options.write and incremental.nothing_changed(previous, stamp, present):
        return _unchanged(previous)  # nothing changed since the last build
    memo = _memo(previous, files) if options.remember else (None, None, None)
    inputs = load.parse(files, memo[0])  # 2. positioned YAML
    del files  # the files' bytes: parsed now (a big site's would stay to the end)
    problems += inputs.diagnostics
    content, found = validate.validate(inputs, memo[1])  # 3. typed records, per-file checks
    problems += found
    template_dirs = inputs.template_dirs
    del inputs  # the YAML trees: the records hold all they had (unless `memo` keeps them)
    if content is None:
        return result
    result.base_path = content.site.base_path
    result.quotes, found = evidence.check(content, stamp.day,  # 4. quotes, figures, dates
                                          memo[2], stamp.inputs)
    problems += found
    fragments, parsed = parse_markdown(content, previous, cache, workers)  # 5. Markdown
    parsed = parsed if options.remember else {}  # (for the preview's next build only)
    linked, found = link.link(content, fragments, include_drafts=options.drafts)  # 6. references
    problems += found
    templates = render.Templates(tuple(template_dirs), stamp.templates)
    env, found = render.environment(templates)  # 7. templates
    problems += found
    if has_errors(problems) or env is None:
        return result
    strings = render.load_strings(template_dirs, content.site.language)
    look = render.look(linked, stamp.templates, strings)
    stale = incremental.stale_pages(previous, linked, stamp, look, present)
    keep = {p.path for p in linked.outputs} - (stale if stale is not None else set())
    if not options.publish and previous:  # the last build's feeds and data stay
        keep |= previous.published
    staging = _stage(keep, options, problems) if options.write else None
    output = staging or write.Nowhere()  # (`check` writes nothing)
    stored = cache.html if cache else None  # the long texts' HTML, read as pages need it
    result.rendered, found = render.render_site(  # 8. pages, one by one, to staging
        linked, templates, strings, stale, workers, output.add, stored)
    problems += found
    workers.close()  # (what is left is this process's work)
    published: set[str] = set()
    if options.publish:  # 9. feeds, sitemap, open data, to staging too
        published, found = publish.publish(linked, strings, options.site_dir, output,
                                           preview=options.drafts, stored=stored)
        problems += found
    result.pages = len(linked.outputs)
    pages, graph, search_on = {p.path: p for p in linked.outputs}, linked.graph, \
        content.site.search
    # A big site's records are not needed from here on: let them go before the manifest and
    # the state are made, which then take their place in memory instead of adding to it.
    del content, linked, fragments
    result.report = _commit(staging, options, problems)  # 10. only now, into place
    del staging, output, present, keep, stale  # (as big as the site's list of pages)
    if result.report is None:
        return result
    if search_on and options.index:  # 11. the search index, when a page changed
        result.search_seconds = _index(result.report, options, problems)
    result.state = State(stamp, look, pages, graph, tuple(problems), result.base_path,
                         result.quotes, frozenset(published) if options.publish else
                         (previous.published if previous else frozenset()), parsed, memo)
    if cache:
        cache.save_state(_state_name(options), result.state)
    return result


def _memo(previous: State | None, files: load.Files) -> tuple[dict, dict, dict]:
    """The live preview's memory of parsed files, converted records and checked claims,
    kept to the files there are now (so a long session does not hoard every version;
    evidence.check keeps the checked claims to this build's itself)."""
    parsed, converted, checked = previous.memo if previous and previous.memo[0] is not None \
        else ({}, {}, {})
    sources = set(files.sources)
    parsed = {k: v for k, v in parsed.items() if k in sources}
    documents = {doc for doc, _ in parsed.values() if doc is not None}
    return parsed, {k: v for k, v in converted.items() if k[0] in documents}, checked


def _stage(keep: set[str], options: Options, problems: list[Diagnostic]
           ) -> write.Staging | None:
    """Where the pages go as they render; the last build's search index stays (it is made
    again only when a page changed)."""
    try:
        guard_output(options.output, options.site_dir)
        index = {p for p in write.read_manifest(options.output) or {}
                 if p.startswith(search.FOLDER)}
        return write.Staging(options.output, keep | index)
    except (write.WriteRefused, OSError) as exc:
        problems.append(error(Pos(display_path(options.output)), str(exc)))
        return None


def _commit(staging: write.Staging | None, options: Options, problems: list[Diagnostic]
            ) -> write.WriteReport | None:
    """Move what was staged into place, if the build succeeded; else leave the output as
    the last build made it."""
    # (after another error, a file that could not be staged is most likely its consequence)
    if staging and staging.problem and not has_errors(problems):
        problems.append(error(Pos(display_path(options.output)), staging.problem))
    if staging is None or has_errors(problems) or (options.strict and problems):
        if staging:
            staging.discard()
        return None
    try:
        return staging.commit()
    except OSError as exc:
        problems.append(error(Pos(display_path(options.output)), str(exc)))
        return None


def _index(report: write.WriteReport, options: Options, problems: list[Diagnostic]) -> float:
    """Index the built pages again if any changed (or there is no index yet)."""
    made = write.read_manifest(options.output) or {}
    if not search.pages_changed(report.written, report.deleted) and \
            any(p.startswith(search.FOLDER) for p in made):
        return 0.0
    files, seconds, found = search.index(options.output, Pos("site.yaml"))
    problems += found
    if files:
        others = {p for p in made if not p.startswith(search.FOLDER)}
        try:
            written = write.write_output(files, options.output, others)
        except (write.WriteRefused, OSError) as exc:
            problems.append(error(Pos(display_path(options.output)), str(exc)))
            return seconds
        report.written += written.written
        report.deleted += written.deleted
    return seconds


def _state_name(options: Options) -> str:
    return f"{options.output.resolve()}|drafts={options.drafts}"


def _unchanged(previous: State) -> Result:
    """The result of a build that found nothing to do: the last one's, written again."""
    return Result(list(previous.diagnostics), write.WriteReport(unchanged=len(previous.pages)),
                  len(previous.pages), state=previous, base_path=previous.base_path,
                  quotes=previous.quotes)


Parsed = dict[tuple[str, bool], markup.Fragment]  # (Markdown source, inline) → phase 1
LONG = 1024  # characters of HTML: a longer block's waits in the cache for its page


def site_config(site_dir: Path) -> tuple[Site | None, list[Diagnostic]]:
    """site.yaml alone, for the commands that need the site's settings but not its content."""
    doc, problems = load.read_document(site_dir / "site.yaml", site_dir, "site")
    if doc is None:
        return None, problems or [error(Pos("site.yaml"), "site.yaml not found")]
    site, found = validate.convert(doc)
    return site, problems + found + (validate.check_site(site) if site else [])


def parse_markdown(content: Content, previous: State | None, cache: Cache | None,
                   workers: parallel.Workers | None = None
                   ) -> tuple[dict[Text, markup.Fragment], Parsed]:
    """Phase 1 for every Markdown text in the site (corrections inline). A text parsed
    before (by the last build, or in the cache) is not parsed again; a big batch is
    parsed over the `workers` too (without them, in this process alone)."""
    texts: list[tuple[Text, bool]] = []
    for claim in content.claims:
        texts += [(claim.summary, False), *((c.text, True) for c in claim.corrections)]
        if claim.analysis is not None:
            texts.append((claim.analysis, False))
    texts += [(record.body, False) for record in (*content.articles, *content.pages)]
    keys = {(text.source, inline) for text, inline in texts}
    known = previous.fragments if previous else {}
    parsed = {key: known[key] for key in keys & known.keys()}
    if cache:  # (a long text's HTML stays in the cache until its page renders)
        parsed.update((key, _lighter(key, f)) for key, f in cache.fragments(keys - parsed.keys()))
    todo = sorted(keys - parsed.keys())
    made = zip(todo, (workers or parallel.Workers(1)).each(_parse, todo, len(todo)), strict=True)
    while batch := dict(itertools.islice(made, 500)):  # kept as they come
        stored = cache is not None and cache.add_fragments(batch)
        parsed.update((key, _lighter(key, f) if stored else f) for key, f in batch.items())
    return {text: parsed[(text.source, inline)] for text, inline in texts}, parsed


def _lighter(key: tuple[str, bool], fragment: markup.Fragment) -> markup.Fragment:
    """A fragment the cache holds, without its HTML if that is long (an analysis, an
    article's body): all of them at once would be most of a big site's memory."""
    if key[1] or fragment.html is None or len(fragment.html) <= LONG:
        return fragment
    return fragment.without_html(fragment_key(*key))


def _parse(key: tuple[str, bool]) -> markup.Fragment:
    return markup.parse(key[0], inline=key[1])


def guard_output(out_dir: Path, site_dir: Path) -> None:
    """The output may not be, or be inside, the site's own source folders."""
    out = out_dir.resolve()
    site = site_dir.resolve()
    protected = [site, *(site / name for name in ("content", "templates", "static"))]
    for folder in protected:
        if out == folder or (folder != site and out.is_relative_to(folder.resolve())):
            raise write.WriteRefused(f"refusing to write into {display_path(out_dir)}: it holds "
                                     "the site's own files; choose another --out")
    if site.is_relative_to(out):
        raise write.WriteRefused(f"refusing to write into {display_path(out_dir)}: the site "
                                 "itself is inside it")
