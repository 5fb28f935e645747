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
from dataclasses import dataclass, field, replace
from pathlib import Path

from .content.documents import parse_bytes
from .content.files import FOLDERS, scan, template_dirs
from .content.model import Claim, Claimant, Site, Source
from .content.validate import check_site, convert
from .diagnostics import Diagnostic, Pos, display_path, error, has_errors, sort_key
from .engine.incremental import Engine
from .engine.parallel import Workers
from .engine.state import PLAN, State, changed_inputs, stale
from .evidence.quotes import Tally
from .publish import search, write
from .render.kinds import KINDS
from .render.outputs import Output
from .render.templates import Job, Templates, environment, load_strings, look, render, site_values
from .render.views import Views
from .render.words import Words
from .site.units import compile_file

PUBLISHED = {"feed", "corrections-feed", "sitemap", "robots", "editor-schema", "data",
             "data-schema"}  # the files made for machines (the preview makes them at start)


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

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def build(options: Options, previous: State | None = None) -> Result:
    """Scan, compile, link, check, plan, render, write: one line per stage. `previous` (or,
    without it, the state saved in the site's cache) lets the build redo only what changed."""
    thresholds = gc.get_threshold()  # (a build makes millions of objects that live until
    gc.set_threshold(50_000, 20, 10)  # it ends: the usual thresholds rescan them endlessly)
    try:
        return _build(options, previous)
    finally:
        gc.set_threshold(*thresholds)


def _build(options: Options, previous: State | None) -> Result:
    engine = Engine(options.site_dir, _state_name(options), previous, drafts=options.drafts,
                    cache=options.cache, keep_all=options.remember, jobs=options.jobs,
                    day=today())
    files = engine.scan()                                            # 1. the site's files
    templates = Templates(template_dirs(options.site_dir), engine.template_digest())
    if engine.unchanged(files, templates.digest) and _present(options, engine.previous):
        return _unchanged(engine.previous)  # type: ignore[arg-type]
    compiled = engine.compile(files)                                 # 2. each changed file
    problems = [*files.problems, *compiled.problems]
    if compiled.site is None:
        return _failed(problems, previous)
    index, same = engine.link(compiled)                              # 3. the site index
    checked = engine.check_evidence(index)                           # 4. the evidence
    plan, replanned = engine.plan(index, same, frozenset(files.assets))  # 5. the outputs
    env, found = environment(templates)                              # 6. the templates
    problems += [*index.problems, *plan.problems, *found,
                 *(d for c in checked.values() for d in c.problems)]
    tally = sum((c.tally for c in checked.values()), Tally())
    if has_errors(problems) or env is None:
        return _failed(problems, previous, compiled.site, tally, len(plan.outputs))
    strings = load_strings(templates.dirs, compiled.site.language)
    views = Views(index, plan, engine.record, engine.fragment, checked,
                  Words.of(compiled.site, strings), files.assets)
    digest = look(views, templates)
    changed = changed_inputs(engine.previous, files.digests) | ({PLAN} if replanned else set())
    todo, skipped = _todo(options, plan, stale(engine.previous, plan, changed, digest,
                                              _present_files(options)))
    staging = _stage(options, plan, todo, problems) if options.write else None
    sink = staging or write.Nowhere()
    with Workers(options.jobs, Job(views, site_values(views), templates)) as workers:
        made, found = render(todo, workers.shared, workers, sink.add)  # 7. render, to staging
    problems += found
    state = State(str(options.site_dir.resolve()), options.drafts, engine.day, files.made_at,
                  files.stats, compiled.files, {p: f.digest for p, f in files.assets.items()},
                  templates.digest, compiled.site, engine.checked, index, plan, digest,
                  frozenset(skipped), tuple(sorted(problems, key=sort_key)), tally,
                  engine.memo if options.remember else None)
    report = _commit(staging, options, problems)                     # 8. into place
    pages = [path for path in made if path.endswith(".html")]
    result = Result(sorted(problems, key=sort_key), report, _pages(plan), pages,
                    previous, compiled.site.base_path, 0.0, tally)
    if report is None and options.write:
        return result
    if report and compiled.site.search and options.index:           # 9. the search index
        result.search_seconds = _search(report, options, result.diagnostics)
    result.state = replace(state, problems=tuple(result.diagnostics))
    engine.save(result.state) if options.cache else None
    return result


def today() -> dt.date:
    """The day of the build (staleness is measured on it, `new` dates files with it):
    SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def _state_name(options: Options) -> str:
    where = str(options.output.resolve()) if options.write else "check"
    return f"{where}|drafts={options.drafts}"


def _pages(plan) -> int:
    return sum(1 for o in plan.outputs.values() if o.path.endswith(".html"))


def _todo(options: Options, plan, stale_paths: set[str] | None
          ) -> tuple[list[Output], list[str]]:
    """The outputs to make now, in the plan's order, and those left for a full build (the
    preview makes the files for machines only when it starts)."""
    todo = [o for path, o in plan.outputs.items() if stale_paths is None or path in stale_paths]
    if options.publish:
        return todo, []
    return [o for o in todo if o.kind not in PUBLISHED], \
        [o.path for o in todo if o.kind in PUBLISHED]


def _present(options: Options, previous: State | None) -> bool:
    """Does the output folder still have every file the last build made?"""
    if not options.write or previous is None or previous.plan is None:
        return True
    present = write.present(options.output)
    return previous.plan.outputs.keys() <= present


def _present_files(options: Options) -> set[str] | None:
    return write.present(options.output) if options.write and not options.remember else None


def _unchanged(previous: State) -> Result:
    """The result of a build that found nothing to do: the last one's, again."""
    pages = _pages(previous.plan)
    return Result(list(previous.problems), write.WriteReport(unchanged=len(previous.plan.outputs)),
                  pages, state=previous, base_path=previous.site.base_path if previous.site
                  else "", quotes=previous.tally)


def _failed(problems: list[Diagnostic], previous: State | None, site: Site | None = None,
            tally: Tally | None = None, pages: int = 0) -> Result:
    """A build with errors writes nothing; the next one starts from the last good one."""
    return Result(sorted(problems, key=sort_key), None, pages, [], previous,
                  site.base_path if site else "", 0.0, tally)


def _stage(options: Options, plan, todo: list[Output], problems: list[Diagnostic]
           ) -> write.Staging | None:
    """Where the outputs go as they are made; the last build's files that are not made
    again stay (and its search index, made again only when a page changed)."""
    try:
        guard_output(options.output, options.site_dir)
        made = {o.path for o in todo}
        index = {p for p in write.read_manifest(options.output) or {}
                 if p.startswith(search.FOLDER)}
        return write.Staging(options.output, (set(plan.outputs) - made) | index)
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


def _search(report: write.WriteReport, options: Options, problems: list[Diagnostic]) -> float:
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


@dataclass(frozen=True)
class Content:
    """The site's records, for the commands that read them (links, archive, import)."""

    site: Site
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    claimants: tuple[Claimant, ...]


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

    return Content(site, records(Claim), records(Source), records(Claimant)), problems


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


__all__ = ["FOLDERS", "KINDS", "Options", "Result", "build", "site_config", "today"]
