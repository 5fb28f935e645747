"""Stage 4, render: every output page to bytes, handed on one by one. Nothing is written
here.

One Jinja2 environment per build: autoescaping on, `StrictUndefined` (a misspelt variable
is an error, not an empty string), the site's templates/ first and the built-in theme as
the fallback for any template the site lacks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import traceback
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.sandbox
import yaml

from ..commands import schemas
from ..content.files import THEME_DIR
from ..diagnostics import Diagnostic, Pos, display_path, error
from ..engine.parallel import Workers
from ..site.index import Linked
from ..site.pages import OutputPage, url_for
from .structured import claim_review, site_meta
from .views import LATEST, Views

TEMPLATE_ENDINGS = (".html", ".xml", ".txt")


class Templates(NamedTuple):
    """Where the templates are: the site's templates/ first, then the theme. `digest` is
    the hash of the folders' files: while it stays the same, so does the Environment (the
    live preview does not compile the templates on every save, nor a worker process for
    every piece of pages it is sent)."""

    dirs: tuple[Path, ...]
    digest: str = ""


def environment(templates: Templates) -> tuple[jinja2.Environment | None, list[Diagnostic]]:
    """The one Environment, with every template compiled up front so that a syntax error
    in any of them is reported at its own path:line before anything renders."""
    return _environment(*templates)


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja2's sandbox (templates arrive in pull requests too), with its verdict on each
    attribute remembered: it depends only on the object's type and the attribute's name,
    and asking again for every attribute of every page cost a tenth of rendering."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


@lru_cache(maxsize=4)
def _environment(template_dirs: tuple[Path, ...], templates: str
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
    diagnostics = []
    for name in env.list_templates(filter_func=lambda n: n.endswith(TEMPLATE_ENDINGS)):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            path = display_path(Path(exc.filename)) if exc.filename else name
            diagnostics.append(error(Pos(path, exc.lineno or 1, 1),
                                     f"template syntax error: {exc.message}"))
    return (None if diagnostics else env), diagnostics


def load_strings(template_dirs: Iterable[Path], language: str) -> dict[str, str]:
    """Interface text for the site's language: the theme's strings/<lang>.yaml (English
    for any string a language lacks), overridden by the site's own templates/strings/."""
    strings: dict[str, str] = {}
    base = language.split("-")[0].lower()
    for directory in [THEME_DIR, *reversed([d for d in template_dirs if d != THEME_DIR])]:
        for name in ("en", base, language):
            path = directory / "strings" / f"{name}.yaml"
            if path.is_file():
                strings.update(yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader) or {})
    return strings


def site_values(linked: Linked, views: Views) -> dict[str, Any]:
    """What every page shows, besides its own content."""
    site = linked.content.site
    asset_urls = {a.path: f"{views.href(a.path)}?v={hashlib.sha256(a.data).hexdigest()[:10]}"
                  for a in linked.content.assets}
    return {"site": site, "nav": _nav(views), "asset": asset_urls, "home_url": views.href(""),
            "submit_claim": site.submit_claim, "scale_url": _scale_url(views),
            "meta": site_meta(site)}


def look(linked: Linked, templates: str, strings: dict[str, str]) -> str:
    """A hash of everything every page shows (templates, strings, site-wide values): when
    it changes, every page is rendered again."""
    digest = hashlib.sha256(templates.encode())
    digest.update(repr(sorted(strings.items())).encode())
    digest.update(repr(site_values(linked, Views(linked, strings))).encode())
    return digest.hexdigest()


def render_site(linked: Linked, templates: Templates, strings: dict[str, str],
                stale: set[str] | None, workers: Workers, sink: Callable[[str, bytes], None],
                stored: Callable[[str], str | None] | None = None
                ) -> tuple[list[str], list[Diagnostic]]:
    """Every asset, and the pages to render (all, or those in `stale`), handed to `sink`
    as output path and bytes one at a time, as each is made (so a big site is never all in
    memory at once); returns the pages rendered. Each page's values are made here; a big
    batch of pages is laid out by the templates over the `workers` too, which are sent
    those values. `stored` reads the HTML of a text left in the cache."""
    views = Views(linked, strings, stored)
    for asset in linked.content.assets:
        sink(asset.path, asset.data)
    for name, data in schemas.file_schemas(linked.content.site).items():
        sink(f"schemas/{name}", data)
    common = {**site_values(linked, views), "t": strings, "href": views.words.href,
              "plural": views.words.plural}
    todo = [o for o in linked.outputs if stale is None or o.path in stale]

    def contexts() -> Iterator[Page | Diagnostic]:
        for output in todo:
            try:
                yield Page(output.template, output.url, page_context(output, views))
            except Exception as exc:  # a template's mistake: report it where it is, go on
                yield _template_error(exc, output.template, output.url)

    lay_out = functools.partial(render_page, templates, common)
    rendered, diagnostics = [], []
    # (the workers lay out two pages for each one this process does: it makes all values)
    with contextlib.closing(workers.each(lay_out, contexts(), len(todo),
                                         every=workers.jobs + 1)) as pages:
        for output, page in zip(todo, pages, strict=True):
            if isinstance(page, Diagnostic):
                diagnostics.append(page)
            else:
                sink(output.path, page)
                rendered.append(output.path)
    return rendered, diagnostics


class Page(NamedTuple):
    """One page to lay out: its template, its URL and the values it shows."""

    template: str
    url: str
    context: dict[str, Any]


def render_page(templates: Templates, common: dict[str, Any], page: Page | Diagnostic
                ) -> bytes | Diagnostic:
    """One page's bytes, from its template and its values (in this process, or in a
    worker, which compiles the templates once)."""
    if isinstance(page, Diagnostic):
        return page
    env, _ = environment(templates)
    assert env is not None  # (render_site runs only when every template compiled)
    try:
        return env.get_template(page.template).render({**common, **page.context}).encode()
    except Exception as exc:  # a template's mistake: report it where it is, go on
        return _template_error(exc, page.template, page.url)


def _scale_url(views: Views) -> str:
    """Where the rating scale is explained: the page that shows it, else /ratings/."""
    page = next((p for p in views.linked.pages.values() if p.rating_scale), None)
    return views.href(url_for("page", page.id) if page else url_for("ratings"))


def _nav(views: Views) -> list[tuple[str, str]]:
    return [(item.title, views.href(item.url.lstrip("/")) if item.url.startswith("/")
             else item.url) for item in views.site.nav]


def page_context(output: OutputPage, views: Views) -> dict[str, Any]:
    """What one page's template receives, besides the site-wide values."""
    linked = views.linked
    t = views.t
    page = {"url": views.href(output.url), "canonical": views.absolute(output.url),
            "description": views.site.description or "", "number": output.number,
            "count": output.count, "type": "website", "jsonld": None, "published": None,
            "modified": None}
    ctx: dict[str, Any] = {"page": page}
    kind = output.template
    if output.count > 1:
        base = output.url if output.number == 1 else output.url.rsplit("page/", 1)[0]
        page["prev"] = None if output.number == 1 else views.href(
            base if output.number == 2 else f"{base}page/{output.number - 1}/")
        page["next"] = None if output.number == output.count else views.href(
            f"{base}page/{output.number + 1}/")
    if kind == "home.html":
        page["title"] = views.site.title
        ctx["latest"] = [views.cards[c] for c in output.items[:LATEST]]
        ctx["counts"] = views.verdict_counts()
        ctx["articles"] = [views.article_card(a) for a in list(linked.articles)[:5]]
    elif kind in ("claims.html", "rating.html", "claimant.html"):
        ctx["cards"] = [views.cards[c] for c in output.items]
        if kind == "claims.html":
            page["title"] = t["all_checks"]
        elif kind == "rating.html":
            rating = views.site.rating(output.key)
            ctx["verdict"] = views.verdict(rating)
            page["title"] = rating.label
            page["description"] = rating.description
        else:
            claimant = linked.claimants[output.key]
            record = next((c for c in linked.content.claimants if c.id == claimant.slug), None)
            ctx["claimant"], ctx["record"] = claimant, record
            page["title"] = claimant.name
            if record and record.description:
                page["description"] = record.description
    elif kind == "claim.html":
        ctx.update(views.claim_page(output.key))
        claim = ctx["claim"]
        page.update(title=claim.heading, description=ctx["description"], type="article",
                    jsonld=claim_review(linked, claim.id), published=claim.published.isoformat(),
                    modified=claim.modified.isoformat())
    elif kind == "sources.html":
        page["title"] = t["sources"]
        ctx["entries"] = [views.source_entry(s) for s in output.items]
    elif kind == "source.html":
        ctx.update(views.source_page(output.key, output.items))
        if output.number > 1:  # the count of quotes verified is on the first page only
            ctx["evidence"] = None
        page["title"] = ctx["source"].title
        page["description"] = f"{ctx['source'].publisher}: {ctx['source'].title}"
    elif kind == "tags.html":
        page["title"] = t["tags"]
        ctx["tags"] = [(tag.name, views.href(url_for("tags", tag.slug)),
                        len(tag.claims) + len(tag.articles)) for tag in linked.tags.values()]
    elif kind == "tag.html":
        tag = linked.tags[output.key]
        page["title"] = tag.name
        ctx["tag"] = tag
        ctx["cards"] = [views.cards[i] for i in output.items if i in tag.claims]
        ctx["articles"] = [views.article_card(i.removeprefix("article:")) for i in output.items
                           if i.startswith("article:")]
    elif kind == "ratings.html":
        page["title"] = t["ratings"]
        ctx["counts"] = views.verdict_counts()
    elif kind == "claimants.html":
        page["title"] = t["claimants"]
        ctx["claimants"] = [(c.name, views.href(url_for("claimants", c.slug)), len(c.claims))
                            for c in linked.claimants.values()]
    elif kind == "articles.html":
        page["title"] = t["articles"]
        ctx["articles"] = [views.article_card(a) for a in output.items]
    elif kind == "article.html":
        ctx.update(views.article_page(output.key))
        article = ctx["article"]
        page.update(title=article.title, type="article",
                    description=article.summary or page["description"],
                    published=article.date.isoformat(),
                    modified=(article.updated or article.date).isoformat())
    elif kind == "corrections.html":
        page["title"] = t["corrections"]
        ctx["corrections"] = views.corrections(output.items)
    elif kind == "page.html":
        record = linked.pages[output.key]
        page["title"] = record.title
        page["description"] = record.summary or page["description"]
        ctx["record"] = record
        ctx["body"] = views.html(record.body, "page", record.id)
        ctx["scale"] = [views.verdict(r) for r in views.site.ratings] if record.rating_scale \
            else []
    elif kind == "redirect.html":
        ctx["target"] = views.href(output.key)
        page["canonical"] = views.absolute(output.key)
        page["title"] = t["moved"]
        target = views.output_at(output.key)
        if target is not None:  # an old link, shared, shows the new page's card
            shown = page_context(target, views)["page"]
            page.update(title=shown["title"], description=shown["description"],
                        type=shown["type"])
    elif kind == "search.html":
        page["title"] = t["search_title"]
    elif kind == "404.html":
        page["title"] = t["not_found"]
    if output.count > 1:
        page["title"] = f"{page['title']} ({t['page_of'].format(output.number, output.count)})"
    return ctx


def _template_error(exc: Exception, template: str, url: str) -> Diagnostic:
    """Point at the template line that failed (Jinja keeps template lines in tracebacks)."""
    where = Pos(template)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_ENDINGS) and Path(frame.filename).is_file():
            where = Pos(display_path(Path(frame.filename)), frame.lineno or 1, 1)
            break
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return error(where, f"template error while rendering /{url}: {message}")
