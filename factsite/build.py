"""The whole build, as a table of contents: scan the site's files, compile the changed ones,
link the site, check the evidence, plan the outputs, render the ones to make again into a
staging folder, and only once everything succeeded move them into place.

Each step is a pure stage; the engine beside them (`engine.incremental`) remembers what
each one made and hands it only what changed since the last build.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from .content.documents import parse_bytes
from .content.files import Files, scan, template_dirs
from .content.model import Claim, Claimant, Page, Person, Site, Source
from .content.validate import check_site, convert
from .diagnostics import Diagnostic, Pos, display_path, error, has_errors, sort_key
from .engine.incremental import Compiled, Engine
from .engine.parallel import Workers
from .engine.state import PLAN, Stamp, State, changed_inputs, stale
from .evidence.checks import Checked, Tally
from .publish import search, write
from .render.editions import editions, missing
from .render.outputs import Output, Plan
from .render.templates import (
    REFS,
    Job,
    Templates,
    environment,
    load_strings,
    look,
    make_job,
    render,
)
from .render.views import Views
from .render.words import Words
from .site.history import History, history_problems
from .site.index import Index
from .site.units import compile_file

# The files made for machines (feeds, sitemap, data): the preview makes them when it starts.
PUBLISHED = frozenset({"feed", "corrections-feed", "sitemap", "robots", "editor-schema",
                       "data", "data-schema"})


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path | None = None  # None: public/ inside the site
    drafts: bool = False
    write: bool = True  # False for `check`
    jobs: int = 0  # processes for big batches of work; 0: every core
    cache: bool = True  # keep what was made in the site's .cache/ for the next build
    index: bool = True  # make the search index again when a page changed
    publish: bool = True  # make the feeds, sitemap and open data
    remember: bool = False  # keep everything made in memory for the next build (preview)
    changed: frozenset[str] | None = None  # the files a watcher saw change (the preview)
    strict: bool = False  # warnings fail too: nothing is written when there are any

    @property
    def output(self) -> Path:
        return self.out_dir or self.site_dir / "public"


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: write.WriteReport | None = None
    pages: int = 0
    rendered: list[str] = field(default_factory=list)  # the pages made this time
    state: State | None = None  # for the next build to start from
    base_path: str = ""  # base_url's path, once site.yaml has been read
    search_seconds: float = 0.0  # the time Pagefind took (0 when the index was kept)
    quotes: Tally | None = None  # quotes verified against stored copies
    language: str = ""  # the site's language, once site.yaml has been read
    history: str = ""  # why no check's history is published ("": it is, or is turned off)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(options: Options, previous: State | None = None) -> Result:
    """Scan, compile, link, check, plan, render, write: one line per stage. `previous` (or,
    without it, the state saved in the site's cache) lets the build redo only what changed.
    The processes that lay pages out are forked first, while this one is small: they are
    sent each page's values, and hold nothing of the site."""
    thresholds = gc.get_threshold()  # (a build makes millions of objects that live until
    gc.set_threshold(50_000, 20, 10)  # it ends: the usual thresholds rescan them endlessly)
    engine = _engine(options, previous)  # (the layer beside the stages)
    try:
        with Workers(options.jobs) as layout:
            return _build(options, engine, previous, layout)
    finally:
        gc.set_threshold(*thresholds)
        if not options.remember:  # (the preview keeps its cache open between builds)
            engine.store.close()


def _build(options: Options, engine: Engine, previous: State | None, layout: Workers
           ) -> Result:
    files = engine.scan(options.changed)                             # 1. the site's files
    files, history = engine.history(files)                           # (their history: git)
    templates = Templates(template_dirs(options.site_dir), engine.template_digest())
    present = _present(options)                                      # (the output folder)
    if engine.unchanged(files, templates.digest, present):
        return _unchanged(engine.stamp, previous)  # type: ignore[arg-type]
    if engine.most_pages_change(files, templates.digest):
        layout.start()  # (forked now, while this process is small)
    compiled = engine.compile(files)                                 # 2. each changed file
    if compiled.site is None:
        return _failed([*files.problems, *compiled.problems], previous)
    index, same = engine.link(compiled)                              # 3. the site index
    checked = engine.check_evidence(index, compiled)                 # 4. the evidence
    plan, replanned = engine.plan(index, same, frozenset(files.assets), history)  # 5.
    job, problems = _job(engine, files, compiled, index, plan, checked, templates,  # 6.
                         history)
    if job is None:
        return _failed(problems, previous, compiled.site, _tally(checked))
    digest = look(job.views, templates)                              # (what every page shows)
    todo, left = _todo(options, engine, plan, files, digest, replanned, present)
    staging = _stage(options, plan, todo, problems)                  # 7. what to make
    made, found = render(todo, job, layout, staging.add)             # 8. render, to staging
    problems = sorted([*problems, *found], key=sort_key)
    report = _commit(staging, options, problems)                     # 9. into place
    seconds = _search(report, options, compiled.site, problems)      # 10. the search index
    stamp = _stamp(options, engine, files, templates.digest, compiled.site, plan, problems,
                   checked, history)
    state = State(stamp, compiled.files, compiled.site, checked,
                  engine.settings, index, plan, digest, frozenset(left),
                  *((engine.memo, files) if options.remember else ()))
    if (report is not None or not options.write) and not options.remember:
        engine.save(state)  # (the preview keeps its state in memory)
    return Result(problems, report, _pages(plan), [p for p in made if p.endswith(".html")],
                  state if report is not None or not options.write else previous,
                  compiled.site.base_path, seconds, _tally(checked), compiled.site.language,
                  stamp.history)


def today() -> dt.date:
    """The day of the build (staleness is measured on it, `new` dates files with it):
    SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def _engine(options: Options, previous: State | None) -> Engine:
    """The incremental layer, with the last build's state for this output folder (or for
    `check`, which has none), from `previous` or from the cache."""
    where = str(options.output.resolve()) if options.write else "check"
    return Engine(options.site_dir, f"{where}|drafts={options.drafts}", previous,
                  drafts=options.drafts, cache=options.cache, keep_all=options.remember,
                  jobs=options.jobs, day=today())


def _job(engine: Engine, files: Files, compiled: Compiled, index: Index, plan: Plan,
         checked: dict[str, Checked], templates: Templates, history: History
         ) -> tuple[Job | None, list[Diagnostic]]:
    """Every problem so far, and, when there is no error, what rendering needs: the
    templates and the values pages are made of."""
    env, found = environment(templates, engine.stamp is not None
                             and engine.stamp.templates == templates.digest)
    problems = [*files.problems, *compiled.problems, *index.problems, *plan.problems, *found,
                *(d for c in checked.values() for d in c.problems),
                *history_problems(history, compiled.site)]
    site = compiled.site
    if has_errors(problems) or env is None or site is None:
        return None, problems
    refs = env.get_template(REFS).module
    views = {}
    for edition in editions(site):  # (the site's own language, then each other one)
        words = Words.of(edition.site, load_strings(templates, edition.code), edition.prefix,
                         missing(plan, edition))
        views["" if edition.own else edition.code] = Views(
            index, plan, engine.record, engine.fragment, checked, words, files.assets,
            engine.parts, refs, edition, views.get(""), history)
    return make_job(views, templates), problems


def _todo(options: Options, engine: Engine, plan: Plan, files: Files, digest: str,
          replanned: bool, present: set[str] | None) -> tuple[list[Output], list[str]]:
    """The outputs to make now, in the plan's order, and those left for a full build (the
    preview makes the files for machines only when it starts)."""
    changed = changed_inputs(engine.stamp.digests if engine.stamp else {}, files.digests)
    stale_paths = stale(engine.previous, plan, changed | ({PLAN} if replanned else set()),
                        digest, present)
    todo = [o for path, o in plan.outputs.items() if stale_paths is None or path in stale_paths]
    left = [] if options.publish else [o.path for o in todo if o.kind in PUBLISHED]
    todo = [o for o in todo if o.path not in left]
    engine.remade = None if stale_paths is None else {o.path for o in todo}
    return todo, left


def _present(options: Options) -> set[str] | None:
    """The files the last build made that the output folder still has (the preview trusts
    its own folder: None)."""
    return write.present(options.output) if options.write and not options.remember else None


def _stamp(options: Options, engine: Engine, files: Files, templates: str, site: Site,
           plan: Plan, problems: list[Diagnostic], checked: dict[str, Checked],
           history: History) -> Stamp:
    """What this build was made from, and what it said."""
    last = engine.stamp
    made = last.made if last and engine.previous and engine.previous.plan is plan \
        else frozenset(plan.outputs)  # (the same plan: the same files)
    return Stamp(str(options.site_dir.resolve()), options.drafts, engine.day, files.made_at,
                 files.stats, files.digests, templates, made, tuple(problems),
                 _tally(checked), _pages(plan), site.base_path,
                 history.reason if site.history else "")


def _tally(checked: dict[str, Checked]) -> Tally:
    return sum((c.tally for c in checked.values()), Tally())


def _pages(plan: Plan) -> int:
    return sum(1 for path in plan.outputs if path.endswith(".html"))


def _unchanged(stamp: Stamp, previous: State | None) -> Result:
    """The result of a build that found nothing to do: the last one's, again."""
    return Result(list(stamp.problems), write.WriteReport(unchanged=len(stamp.made)),
                  stamp.pages, state=previous, base_path=stamp.base_path, quotes=stamp.tally,
                  history=stamp.history)


def _failed(problems: list[Diagnostic], previous: State | None, site: Site | None = None,
            tally: Tally | None = None) -> Result:
    """A build with errors writes nothing; the next one starts from the last good one."""
    return Result(sorted(problems, key=sort_key), None, 0, [], previous,
                  site.base_path if site else "", 0.0, tally, site.language if site else "")


def _stage(options: Options, plan: Plan, todo: list[Output], problems: list[Diagnostic]
           ) -> write.Staging | write.Nowhere:
    """Where the outputs go as they are made (nowhere, for `check`); the last build's files
    that are not made again stay (and its search index, made again only when a page
    changed)."""
    if not options.write:
        return write.Nowhere()
    try:
        guard_output(options.output, options.site_dir)
        made = {o.path for o in todo}
        staging = write.Staging(options.output)
        index = {p for p in staging.old if p.startswith(search.FOLDER)}
        return staging.keep((set(plan.outputs) - made) | index)
    except (write.WriteRefused, OSError) as exc:
        problems.append(error(Pos(display_path(options.output)), str(exc)))
        return write.Nowhere()


def _commit(staging: write.Staging | write.Nowhere, options: Options,
            problems: list[Diagnostic]) -> write.WriteReport | None:
    """Move what was staged into place, if the build succeeded; else leave the output as
    the last build made it."""
    if not isinstance(staging, write.Staging):
        return None
    # (after another error, a file that could not be staged is most likely its consequence)
    if staging.problem and not has_errors(problems):
        problems.append(error(Pos(display_path(options.output)), staging.problem))
    if has_errors(problems) or (options.strict and problems):
        staging.discard()
        return None
    try:
        return staging.commit()
    except OSError as exc:
        problems.append(error(Pos(display_path(options.output)), str(exc)))
        return None


def _search(report: write.WriteReport | None, options: Options, site: Site,
            problems: list[Diagnostic]) -> float:
    """Index the built pages again if any changed (or there is no index yet); the seconds
    it took."""
    if report is None or not site.search or not options.index:
        return 0.0
    made = report.files
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


# ---- for the commands that are not a build ----------------------------------------------


@dataclass(frozen=True)
class Content:
    """The site's records, for the commands that read them (links, archive, import)."""

    site: Site
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    claimants: tuple[Claimant, ...]
    pages: tuple[Page, ...] = ()
    people: tuple[Person, ...] = ()


def read_content(site_dir: Path) -> tuple[Content | None, list[Diagnostic]]:
    """Every file compiled, no cache: the records, and every problem a file has alone."""
    files = scan(site_dir)
    units = [compile_file(f.kind, rel, f.path, f.read()) for rel, f in files.inputs.items()]
    problems = [*files.problems, *(d for u in units for d in u.problems)]
    site = next((u.record for u in units if u.kind == "site"), None)
    if not isinstance(site, Site):
        return None, problems

    def records(kind: type) -> tuple:
        found = [u.record for u in units if isinstance(u.record, kind)]
        return tuple(sorted(found, key=lambda r: (r.id, r.file)))

    return Content(site, records(Claim), records(Source), records(Claimant),
                   records(Page), records(Person)), problems


def site_config(site_dir: Path) -> tuple[Site | None, list[Diagnostic]]:
    """site.yaml alone, for the commands that need the site's settings but not its content."""
    path = site_dir / "site.yaml"
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None, [error(Pos(shown), "site.yaml not found")]
    doc, problems = parse_bytes(data, kind="site", rel="site.yaml", path=shown, stem="site")
    if doc is None:
        return None, problems
    site, found = convert(doc)
    if not isinstance(site, Site):
        return None, problems + found
    return site, problems + check_site(site)


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
