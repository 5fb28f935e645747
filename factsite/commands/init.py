"""`factsite init [DIR]`: a new site that checks and builds as it is, in an empty folder.

What it writes: site.yaml (placeholders that validate, and a common rating scale), the
content/ folders `new` writes into, the editor schemas and VS Code's settings for them, a
.gitignore, a GitHub Actions workflow that checks pull requests and publishes `main` on
GitHub Pages, and a short README for the desk. No templates/: the build falls back to the
theme inside factsite for every template a site does not have, so a desk that keeps the
default look carries no copy of it.
"""

from __future__ import annotations

from pathlib import Path

from ..build import site_config
from ..content.files import FOLDER_OF, FOLDERS
from ..content.schemas import FILES, FRONT_MATTER
from .new import write_schemas


class InitError(Exception):
    pass


SITE_YAML = """\
# The site's settings. Change the title, base_url and description to your desk's own.
# Your editor describes every field as you type (schemas/site.schema.json).
title: My Fact Desk                # the site's name, shown on every page
base_url: https://example.org/     # the address the site will be published at
language: en                       # the theme speaks en and es
description: Fact-checks of claims made in public, with the sources for each verdict.
# team:                            # the people who check and edit claims; a claim's
#   - name: Your Name              # checked_by and edited_by name them
#     role: Fact-checker
# The verdicts a claim can get, best to worst. A claim's `rating` is one of these ids;
# `value` places a verdict on the scale; `on_scale: false` keeps one off it.
ratings:
  - id: "true"
    label: "True"
    description: The claim is accurate and nothing significant is missing.
    value: 5
  - id: mostly-true
    label: Mostly true
    description: The claim is accurate but needs clarification or more information.
    value: 4
  - id: mixed
    label: Mixed
    description: The claim is partly accurate and partly not.
    value: 3
  - id: mostly-false
    label: Mostly false
    description: The claim has an element of truth but leaves out facts that would give a
      different impression.
    value: 2
  - id: "false"
    label: "False"
    description: The claim is not accurate.
    value: 1
  - id: unproven
    label: Unproven
    description: The available evidence can neither confirm nor refute the claim.
    on_scale: false
"""

VSCODE_SETTINGS = """\
{
  "yaml.schemas": {
%s
  },
  "yaml.yamlVersion": "1.2",
  "files.associations": { "*.yaml": "yaml" }
}
"""

VSCODE_EXTENSIONS = '{\n  "recommendations": ["redhat.vscode-yaml"]\n}\n'

GITIGNORE = "/public/\n/.cache/\n"

WORKFLOW = """\
# Check, build and publish the site on GitHub Pages.
#
#   pull request     check the content: each problem shows as an annotation on its line,
#                    and a check published on the base branch may not change its
#                    rating, a figure or its words without a corrections entry
#   push to main     check, build into public/, deploy public/ to GitHub Pages
#
# Once per repository: Settings -> Pages -> Build and deployment -> Source: GitHub Actions,
# and set base_url in site.yaml to the address Pages gives the site.
#
# factsite is installed from the wheel in wheels/ (see README.md: build it from your clone
# of factsite with `python -m pip wheel --no-deps -w wheels /path/to/factsite`).
name: site

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:  # rebuild by hand (Actions -> site -> Run workflow)

permissions:
  contents: read

concurrency:  # a newer push replaces a queued run; a deploy under way is never cut off
  group: site-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

env:
  PYTHON_VERSION: "3.12"

jobs:
  check:
    name: Check the content
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0  # the whole history: the base branch --since compares with
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ env.PYTHON_VERSION }}
          cache: pip  # pip's downloads, kept between runs
          cache-dependency-path: wheels/*.whl
      - name: Install factsite
        run: python -m pip install wheels/factsite-*.whl
      - name: Check
        if: github.event_name != 'pull_request'
        run: factsite check --format github
      - name: Check, and that no published check changed without a correction
        if: github.event_name == 'pull_request'
        run: factsite check --since origin/${{ github.base_ref }} --format github

  build:
    name: Build the site
    needs: check
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0  # the whole history: each check's published history is read from git
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ env.PYTHON_VERSION }}
          cache: pip
          cache-dependency-path: wheels/*.whl
      - name: Install factsite
        run: python -m pip install wheels/factsite-*.whl
      - name: Restore the build cache
        uses: actions/cache@v5
        with:
          path: .cache
          key: site-${{ runner.os }}-${{ hashFiles('site.yaml', 'content/**', 'templates/**', 'static/**') }}
          restore-keys: site-${{ runner.os }}-
      - name: Configure Pages
        uses: actions/configure-pages@v6
      - name: Build
        run: factsite build --format github
      - name: Upload public/
        uses: actions/upload-pages-artifact@v5
        with:
          path: public

  deploy:
    name: Deploy to GitHub Pages
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write     # to deploy
      id-token: write  # to prove the deployment comes from this workflow
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy
        id: deployment
        uses: actions/deploy-pages@v5
"""  # noqa: E501 (the cache key's line, as GitHub reads it)

README = """\
# My Fact Desk

A fact-check site made with factsite: `site.yaml` holds the settings and the rating scale,
`content/` the claims, sources, claimants, articles and pages; `factsite build` turns them
into the website in `public/`.

## Set up

Install factsite from your clone of its repository (it is not on PyPI):

```sh
python -m pip install /path/to/factsite
```

## Add a claim

```sh
factsite new source my-source   # a source file to fill in: content/sources/my-source.yaml
factsite new claim my-claim     # a claim file: content/claims/my-claim.yaml
```

Each file says what every field is. A new file starts as a draft (`draft: true`): it is
checked, and shown by the preview, but not published until you remove that line.
`factsite new --help` lists the other kinds (claimant, article, page).

## Check, preview, build

```sh
factsite check    # every problem, at its file:line:col; exit 1 on an error
factsite serve    # live preview on http://localhost:8000/, drafts shown
factsite build    # check, then build the site into public/
```

`factsite --help` and `factsite COMMAND --help` say more. VS Code with its YAML extension
completes and checks fields as you type (the schemas in `schemas/`; `factsite schemas`
refreshes them after you change the rating scale).

## Publish

`.github/workflows/site.yml` checks every pull request and publishes `main` on GitHub
Pages. It installs factsite from a wheel kept in `wheels/`: build one from your clone of
factsite and commit it (keep one wheel there; replace it to upgrade):

```sh
python -m pip wheel --no-deps -w wheels /path/to/factsite
```

Then, once: Settings -> Pages -> Build and deployment -> Source: GitHub Actions, and set
`base_url` in `site.yaml` to the address Pages gives the site.
"""


def starter_files() -> dict[str, str]:
    """Every file of a new site but the schemas, by its path in the site."""
    mapping = ",\n".join(
        f'    "./schemas/{name}": "{_glob(kind)}"' for kind, name in FILES.items()
        if kind not in FRONT_MATTER)  # (a YAML editor does not read front matter)
    return {
        "site.yaml": SITE_YAML,
        ".gitignore": GITIGNORE,
        ".vscode/settings.json": VSCODE_SETTINGS % mapping,
        ".vscode/extensions.json": VSCODE_EXTENSIONS,
        ".github/workflows/site.yml": WORKFLOW,
        "README.md": README,
    }


def _glob(kind: str) -> str:
    if kind == "site.yaml":
        return "site.yaml"
    if kind.endswith("-translation"):  # <id>.<code>.yaml, beside the original
        folder = FOLDER_OF[kind.removesuffix("-translation")]
        return f"content/{folder}/*.*.yaml"
    return f"content/{FOLDER_OF[kind]}/*.yaml"


def init_site(site_dir: Path) -> list[str]:
    """Write a new site into `site_dir` (made if missing); refuses a folder that is not
    empty, writing nothing. Returns the paths written, relative to the site."""
    if site_dir.exists() and not site_dir.is_dir():
        raise InitError(f"{site_dir} is a file, not a folder; nothing was written")
    if site_dir.is_dir() and any(site_dir.iterdir()):
        raise InitError(f"{site_dir} is not empty; init starts a site only in an empty (or "
                        "new) folder, so nothing was written")
    site_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for rel, text in starter_files().items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made.append(rel)
    for folder in FOLDERS:
        (site_dir / "content" / folder).mkdir(parents=True, exist_ok=True)
    site, problems = site_config(site_dir)
    if site is None or problems:  # the starter's own site.yaml: a bug if it fails
        raise InitError("the new site.yaml does not validate: " + "; ".join(map(str, problems)))
    made += write_schemas(site_dir, site)
    return made


def next_steps(site_dir: Path, typed: str) -> str:
    """What `init` says once it has written the site: what is where, and what to type."""
    go = "" if site_dir.resolve() == Path.cwd().resolve() else f"  cd {site_dir}\n"
    return (f"made a new site in {site_dir}:\n"
            "  site.yaml       the title, address and rating scale: change them to yours\n"
            "  content/        claims, sources, claimants, articles, pages (empty)\n"
            "  schemas/, .vscode/   field completion and checks in your editor\n"
            "  .github/workflows/site.yml   checks pull requests, publishes on GitHub Pages\n"
            "  README.md       how to add a claim, check, preview, build and publish\n"
            f"next:\n{go}"
            f"  {typed} new source my-source\n"
            f"  {typed} new claim my-claim\n"
            f"  {typed} serve")
