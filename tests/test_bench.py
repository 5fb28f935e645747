"""The benchmark's instruments (bench/): the generated site is valid content, the three tools
get the same pages, and the measuring harness sees every process. Speed itself is measured
by bench/run.py, never asserted here."""

import importlib
import subprocess
import sys

import pytest
from conftest import ROOT

BENCH = ROOT / "bench"
REFERENCES = ("[@", "[[", "[#")


def generate(out, claims=30, seed=1):
    run = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--claims", str(claims),
                          "--seed", str(seed), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("bench") / "site")


def files(folder):
    """What the generator wrote (not the cache a `check` keeps beside it)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def test_generated_site_passes_check(tiny):
    run = subprocess.run([sys.executable, "build.py", "check", "--site", str(tiny / "factsite")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "0 errors, 0 warnings" in run.stderr, run.stderr


def test_smallest_site_passes_check(tmp_path):
    site = generate(tmp_path / "five", claims=5, seed=3)
    run = subprocess.run([sys.executable, "build.py", "check", "--site", str(site / "factsite")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "0 errors, 0 warnings" in run.stderr, run.stderr


def test_generated_site_has_what_the_benchmark_promises(tiny):
    content = tiny / "factsite" / "content"
    claims = sorted((content / "claims").iterdir())
    assert len(claims) == 30
    assert {p.suffix for p in claims} == {".yaml", ".md"}  # both ways of writing a claim
    assert len(list((content / "sources").glob("*.yaml"))) == 15
    assert list((content / "sources").glob("*.txt")), "stored copies, for the evidence checks"
    assert len(list((content / "claimants").iterdir())) == 3
    text = (content / "claims" / claims[0].name).read_text()
    for syntax in ("[@", "[[", "[#", "[^1]", "|:--|", "](https://", "](/"):
        assert syntax in text, syntax


def test_hugo_and_plain_loop_get_the_same_pages(tiny):
    content = tiny / "factsite" / "content"
    expected = {f"{kind}/{p.stem}.md" for kind in ("claims", "articles", "pages")
                for p in (content / kind).iterdir()}
    hugo = files(tiny / "hugo" / "content")
    plain = files(tiny / "plain" / "content")
    assert set(hugo) == expected
    assert hugo == plain  # the same front matter and Markdown, byte for byte
    for name, data in plain.items():
        body = data.decode().split("---\n", 2)[2]
        assert not any(ref in body for ref in REFERENCES), name  # plain Markdown only
    assert (tiny / "hugo" / "hugo.toml").is_file()
    assert "{{ .Content }}" in (tiny / "hugo" / "layouts" / "single.html").read_text()


def test_same_seed_same_site_other_seed_other_site(tiny, tmp_path):
    again = generate(tmp_path / "again")
    assert files(again) == files(tiny)
    other = generate(tmp_path / "other", seed=2)
    assert files(other / "factsite") != files(tiny / "factsite")


def test_plain_loop_renders_every_page(tiny, tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(BENCH / "plainloop.py"), str(tiny / "plain"),
                          str(out), "--jobs", "2"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    made = {p.parent.relative_to(out).as_posix() + ".md" for p in out.rglob("index.html")}
    assert made == set(files(tiny / "plain" / "content"))
    claim = next((out / "claims").rglob("index.html")).read_text()
    assert "<table>" in claim and 'class="footnote"' in claim and "<h2 id=" in claim


def test_measure_counts_every_process_of_the_group():
    sys.path.insert(0, str(BENCH))
    measure = importlib.import_module("measure")
    # a parent and two workers, each holding 100 MB for a moment
    script = ("import multiprocessing, time\n"
              "def hold():\n"
              "    block = b'x' * (100 * 2**20); time.sleep(0.4)\n"
              "if __name__ == '__main__':\n"
              "    workers = [multiprocessing.Process(target=hold) for _ in range(2)]\n"
              "    for w in workers: w.start()\n"
              "    for w in workers: w.join()\n")
    sample = measure.run([sys.executable, "-c", script])
    assert sample.code == 0, sample.errors
    assert sample.processes >= 3
    assert sample.peak >= 200 * 2**20, "two workers' own 100 MB each, at the same moment"
    assert sample.peak_bound >= sample.peak
    assert sample.cpu > 0
    # memory a forked worker only shares with its parent counts once
    shared = ("import os, time\n"
              "block = b'x' * (200 * 2**20)\n"
              "pids = [os.fork() for _ in range(1)]\n"
              "time.sleep(0.6)\n"
              "if pids[0]: os.waitpid(pids[0], 0)\n")
    forked = measure.run([sys.executable, "-c", shared])
    assert forked.processes >= 2 and forked.peak < 300 * 2**20 < forked.peak_bound
    failed = measure.run([sys.executable, "-c", "import sys; sys.exit('broken on purpose')"])
    assert failed.code == 1 and "broken on purpose" in failed.errors


def test_report_pairs_each_run_with_the_same_rounds_baselines():
    sys.path.insert(0, str(BENCH))
    report = importlib.import_module("report")

    def row(tool, scenario, round_no, wall, code=0):
        return {"size": 10, "tool": tool, "scenario": scenario, "round": round_no,
                "wall": wall, "cpu": wall, "peak": 100 * round_no, "code": code}

    rows = [row("hugo", "cold", 1, 1.0), row("plain loop", "cold", 1, 2.0),
            row("factsite", "cold", 1, 4.0), row("hugo", "cold", 2, 2.0),
            row("plain loop", "cold", 2, 5.0), row("factsite", "cold", 2, 10.0),
            row("factsite", "cold", 3, 99.0, code=1)]  # a failed run: counted, not averaged
    stats = report.summarise(rows)[10, "factsite", "cold"]
    assert stats["wall"] == 7.0  # the median of 4 and 10
    assert stats["vs_hugo"] == 4.5  # the median of 4/1 and 10/2, not 7/1.5
    assert stats["vs_plain"] == 2.0  # 4/2 and 10/5
    assert stats["failed"] == 1
    text = report.markdown(rows, {}, {"cpu": "x", "python": "3", "hugo": "", "factsite": "",
                                      "factsite_args": "", "repeat": 2, "command": "c"}, {})
    assert "| factsite | cold (1 failed) | 7.00 |" in text
    assert "| cold build ≤ 1.25× the plain loop (10) | 2.00× | no |" in text


def test_report_shows_the_veritas_site_alone():
    sys.path.insert(0, str(BENCH))
    report = importlib.import_module("report")

    def row(scenario, round_no, wall, code=0):
        return {"size": "veritas", "tool": "factsite", "scenario": scenario, "round": round_no,
                "wall": wall, "cpu": wall / 2, "peak": 100 * 2**20, "code": code}

    about = {"cpu": "x", "python": "3", "hugo": "", "factsite": "", "factsite_args": "",
             "repeat": 3, "command": "c"}
    rows = [row("cold", 1, 20.0), row("cold", 2, 30.0), row("cold", 3, 99.0, code=1),
            row("check", 1, 12.0)]
    text = report.markdown([], {}, about, {}, veritas={"runs": rows, "pages": 3812})
    assert "Pages made: factsite 3,812." in text
    assert "| factsite | cold (1 failed) | 25.00 | 12.50 | 100 |" in text
    assert "| factsite | check | 12.00 | 6.00 | 100 |" in text
    assert "targets" not in text  # the synthetic sites' targets: none measured
