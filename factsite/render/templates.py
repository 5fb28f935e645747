"""Render: every output to bytes, handed on one by one as each is made. Nothing is written
here.

One Jinja2 environment per build, sandboxed (templates arrive in pull requests too):
autoescaping on, `StrictUndefined` (a misspelt variable is an error, not an empty string),
the site's templates/ first and the built-in theme as the fallback for any template the
site lacks. A page's Markdown texts reach its template already laid out by the theme's
refs.html (citations, claim links, figures).
"""

from __future__ import annotations

import functools
import hashlib
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.sandbox
import yaml
from markupsafe import Markup

from ..content import colours
from ..content.files import THEME_DIR, SourceFile
from ..content.typography import smarten
from ..diagnostics import Diagnostic, Pos, display_path, error
from ..engine.parallel import Workers
from ..site.urls import url_for
from .kinds import KINDS, context
from .outputs import Output
from .structured import FEED, site_meta
from .views import Views

TEMPLATE_ENDINGS = (".html", ".xml", ".txt")
# The modules whose types templates read directly (frozen records and values, no methods
# that change or reach anything): the content model, the index's groups, the views.
PLAIN_DATA = ("factsite.content.model", "factsite.content.values", "factsite.site.index",
              "factsite.render.views", "factsite.render.structured", "factsite.diagnostics")
REFS = "refs.html"  # the macros that lay out a text's references


class Templates(NamedTuple):
    """Where the templates are: the site's templates/ first, then the theme. `digest` is
    the hash of the folders' files: while it stays the same, so does the Environment (the
    preview does not compile the templates on every save, nor a worker process for every
    piece of pages it makes)."""

    dirs: tuple[Path, ...]
    digest: str = ""


def environment(templates: Templates, known_good: bool = False
                ) -> tuple[jinja2.Environment | None, list[Diagnostic]]:
    """The one Environment, with every template compiled up front so that a syntax error
    in any of them is reported at its own path:line before anything renders (unless they
    are `known_good`: the same files as a build that compiled them all)."""
    return _environment(*templates, known_good)


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja2's sandbox, with its verdict on each attribute remembered: it depends only on
    the object's type and the attribute's name, and asking again for every attribute of
    every page cost a tenth of rendering. The engine's own values (records, views) are
    plain data: their attributes are read directly, but for names starting with '_', which
    the sandbox decides on as for anything else (so do calls, and every other type)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj).__module__.startswith(PLAIN_DATA) and attribute[:1] != "_":
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


@functools.lru_cache(maxsize=4)
def _environment(template_dirs: tuple[Path, ...], digest: str, known_good: bool = False
                 ) -> tuple[jinja2.Environment | None, list[Diagnostic]]:
    dirs = [str(d) for d in template_dirs if d.is_dir()]
    env = _Sandbox(
        loader=jinja2.FileSystemLoader(dirs),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["smart"] = smart
    diagnostics = []
    names = [] if known_good else env.list_templates(
        filter_func=lambda n: n.endswith(TEMPLATE_ENDINGS))
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            path = display_path(Path(exc.filename)) if exc.filename else name
            diagnostics.append(error(Pos(path, exc.lineno or 1, 1),
                                     f"template syntax error: {exc.message}"))
    return (None if diagnostics else env), diagnostics


def smart(value: Any) -> Any:
    """The templates' `smart` filter: a record's plain text (a title, a claim, a name) with
    typographic quotes and dashes, as Markdown texts get them. (Quotes from sources, which
    are evidence, and HTML already made are shown as they are.)"""
    return smarten(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def load_strings(templates: Templates, language: str) -> dict[str, Any]:
    """Interface text for the site's language: the theme's strings/<lang>.yaml (English
    for any string a language lacks), overridden by the site's own templates/strings/.
    (Read again only when the template folders change.)"""
    return dict(_strings(templates.dirs, templates.digest, language))


@functools.lru_cache(maxsize=4)
def _strings(template_dirs: tuple[Path, ...], digest: str, language: str) -> dict[str, Any]:
    strings: dict[str, Any] = {}
    base = language.split("-")[0].lower()
    for directory in [THEME_DIR, *reversed([d for d in template_dirs if d != THEME_DIR])]:
        for name in ("en", base, language):
            path = directory / "strings" / f"{name}.yaml"
            if path.is_file():
                strings.update(yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader) or {})
    return strings


def site_values(views: Views) -> dict[str, Any]:
    """What every page shows, besides its own: the site, its menu, the assets' URLs (with
    their digests, so a changed stylesheet is fetched again), where the scale is explained."""
    site, href = views.site, views.href
    scale = views.index.scale_page()
    asset = {path: f"{href(path)}?v={f.digest[:10]}" for path, f in views.assets.items()}
    return {
        "site": site,
        "nav": [(item.title, href(item.url.lstrip("/")) if item.url.startswith("/")
                 else item.url) for item in site.nav],
        "asset": asset, "icons": [(asset[path], kind) for path, kind in icons(views.assets)],
        "home_url": href(""), "submit_claim": site.submit_claim,
        "funding_url": href("funding/") if site.organization and site.organization.funders
        else None,
        # base_url's path, in every language: what the addresses of Pagefind's results are
        # relative to (its one index has every language's pages, each at its own path)
        "base_path": views.words.base,
        "scale_url": href(url_for("page", scale) if scale else url_for("ratings")),
        "meta": replace(site_meta(site), feed=href(FEED)), "t": views.t, "href": href,
        "plural": views.words.plural,
        "logo": asset.get(site.logo.lstrip("/")) if site.logo else None,
        "accent": accent_style(site.accent),
        # (quotes, as the sources and claimants wrote them, stay in the site's own language)
        "quote_lang": None if views.edition is None or views.edition.own
        else views.index.site.language,
    }


def accent_style(accent: str | None) -> str | None:
    """The CSS custom properties a site's accent sets on <html>: the colour itself for the
    light scheme (checked to reach 4.5:1 there) and its nearest shade that does for the dark
    one. The colour is #rrggbb and nothing else (the field accepts no other text)."""
    if accent is None or not colours.HEX.fullmatch(accent):
        return None
    return f"--accent: {accent}; --accent-dark: {colours.passing_shade(accent, colours.DARK)}"


ICONS = {"favicon.ico": "image/x-icon", "favicon.svg": "image/svg+xml"}


def icons(assets: Mapping[str, SourceFile]) -> list[tuple[str, str]]:
    """The icons pages link, (path, type): the site's own favicon.ico and favicon.svg in
    static/ when it has either (the theme's would hide them), else the theme's two."""
    theme = THEME_DIR.resolve()
    own = [path for path in ICONS
           if path in assets and not Path(assets[path].path).resolve().is_relative_to(theme)]
    return [(path, ICONS[path]) for path in own or [p for p in ICONS if p in assets]]


# ---- rendering -----------------------------------------------------------------------------


class Job(NamedTuple):
    """What rendering needs: for each language's edition (by its code; "" for the site's
    own), the views that make its pages' values and its site-wide values; the templates."""

    views: Mapping[str, Views]
    common: Mapping[str, dict[str, Any]]
    templates: Templates


def make_job(editions: Mapping[str, Views], templates: Templates) -> Job:
    return Job(editions, {lang: site_values(v) for lang, v in editions.items()}, templates)


class Page(NamedTuple):
    """One page to lay out: its template, its URL (for messages) and its values."""

    template: str
    url: str
    values: dict[str, Any]
    lang: str = ""  # its edition


class Picture(NamedTuple):
    """One image to draw: its kind's drawing function, its URL (for messages) and what it
    shows."""

    draw: Callable[[Any], bytes]
    url: str
    shown: Any


def render(outputs: list[Output], job: Job, workers: Workers,
           sink: Callable[[str, bytes | Iterator[bytes]], None]) -> tuple[list[str],
                                                                            list[Diagnostic]]:
    """Each output to bytes, handed to `sink` with its path as it is made (so a big site is
    never all in memory at once); returns the outputs made and the problems. Each page's
    values are made here; a big batch of pages is laid out by the templates over the
    `workers` too, which are sent those values (they hold nothing of the site). Files made
    directly (feeds, data) are made here; pictures are drawn where pages are laid out."""
    pages = [o for o in outputs if KINDS[o.kind].template or KINDS[o.kind].draw]
    files = [o for o in outputs if not (KINDS[o.kind].template or KINDS[o.kind].draw)]
    made: list[str] = []
    problems: list[Diagnostic] = []
    views = job.views

    def make_file(output: Output) -> None:
        try:
            sink(output.path, KINDS[output.kind].make(output, views[output.lang]))  # type: ignore[misc]
            made.append(output.path)
        except Exception as exc:  # a bug of a make function: say which file
            problems.append(error(Pos("site.yaml"), f"could not make /{output.path}: {exc}"))

    lay_out = functools.partial(render_page, job.templates, job.common)
    # (this process makes every page's values, and the files while the workers lay the
    # pages out: that is its share)
    laid_out = workers.each(lay_out, (_page(o, views[o.lang]) for o in pages), len(pages),
                            share=False,
                            meanwhile=[functools.partial(make_file, o) for o in files])
    for output, page in zip(pages, laid_out, strict=True):  # (strict: the files left are
        # made as the pages run out)
        if isinstance(page, Diagnostic):
            problems.append(page)
        else:
            sink(output.path, page)
            made.append(output.path)
    return made, problems


def _page(output: Output, views: Views) -> Page | Picture | Diagnostic:
    kind = KINDS[output.kind]
    if kind.draw is not None:
        assert kind.context is not None
        return Picture(kind.draw, output.address, kind.context(output, views))
    template = kind.template
    assert template is not None
    try:
        return Page(template, output.address, context(output, views), output.lang)
    except Exception as exc:  # a template's mistake (or a value it asked for): say where
        return _template_error(exc, template, output.url)


def render_page(templates: Templates, common: Mapping[str, dict[str, Any]],
                page: Page | Picture | Diagnostic) -> bytes | Diagnostic:
    """One page's bytes, from its template and its values, or one picture's (in this
    process, or in a worker, which compiles the templates once)."""
    if isinstance(page, Diagnostic):
        return page
    if isinstance(page, Picture):
        try:
            return page.draw(page.shown)
        except Exception as exc:  # a bug of a drawing function: say which file
            return error(Pos("site.yaml"), f"could not make /{page.url}: {exc}")
    env, _ = environment(templates, known_good=True)
    assert env is not None
    try:
        return env.get_template(page.template).render(
            {**common[page.lang], **page.values}).encode()
    except Exception as exc:  # a template's mistake: report it where it is, go on
        return _template_error(exc, page.template, page.url)


def _template_error(exc: Exception, template: str, url: str) -> Diagnostic:
    """Point at the template line that failed (Jinja keeps template lines in tracebacks)."""
    where = Pos(template)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_ENDINGS) and Path(frame.filename).is_file():
            where = Pos(display_path(Path(frame.filename)), frame.lineno or 1, 1)
            break
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return error(where, f"template error while rendering /{url}: {message}")


def look(editions: Mapping[str, Views], templates: Templates) -> str:
    """A digest of everything every page shows (templates, strings, site-wide values, in
    every language): when it changes, every page is rendered again."""
    digest = hashlib.sha256(templates.digest.encode())
    for lang, views in sorted(editions.items()):
        digest.update(repr((lang, sorted(views.t.items()))).encode())
        values = site_values(views)
        digest.update(repr({k: v for k, v in values.items()
                            if k not in ("href", "plural")}).encode())
    return digest.hexdigest()
