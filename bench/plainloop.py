#!/usr/bin/env python3
"""The floor: the plainest Python static site build there is, for comparison.

    python bench/plainloop.py bench/out/4000/plain OUT [--jobs 2]

For every content/<section>/<slug>.md: read it, split the YAML front matter from the
Markdown, convert the Markdown with Python-Markdown (tables, footnotes, toc), put the result
into one Jinja2 template and write OUT/<section>/<slug>/index.html. The files are split
across --jobs processes; each builds its Markdown and template once. No links between
pages, no lists, no checks: what is left is the cost any Python-Markdown site pays.
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def build(files: list[Path], content: Path, out: Path, template_file: Path) -> int:
    md = markdown.Markdown(extensions=["tables", "footnotes", "toc"], output_format="html")
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(template_file.read_text("utf-8"))
    for file in files:
        _, front, body = file.read_text("utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader=Loader)
        md.reset()
        html = template.render(title=meta["title"], content=Markup(
            md.convert(body)))
        target = out / file.relative_to(content).with_suffix("") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")
    return len(files)


def _work(args: tuple) -> int:
    return build(*args)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source", type=Path, help="a folder with content/ and page.html")
    p.add_argument("out", type=Path, help="where to write the pages")
    p.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    args = p.parse_args(argv)
    content = args.source / "content"
    files = sorted(content.rglob("*.md"))
    template = args.source / "page.html"
    if args.jobs <= 1:
        done = build(files, content, args.out, template)
    else:
        chunks = [(files[i::args.jobs], content, args.out, template) for i in range(args.jobs)]
        with multiprocessing.Pool(args.jobs) as pool:
            done = sum(pool.map(_work, chunks))
    print(f"{done} pages -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
