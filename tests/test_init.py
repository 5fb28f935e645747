"""`factsite init [DIR]`: from an empty folder to a site that checks, builds and takes new
files, run as a user runs it (`python -m factsite` from a fresh folder, not this checkout).
"""

import json
import os
import subprocess
import sys

import yaml
from conftest import ROOT, fill

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1795000000",
       "NO_COLOR": "1"}


def factsite(*args, cwd):
    return subprocess.run([sys.executable, "-m", "factsite", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)



def test_init_then_new_claim_gives_a_site_that_checks_and_builds(tmp_path):
    """The issue's done-when: `factsite init DESK && cd DESK && factsite new claim x`."""
    desk = tmp_path / "desk"
    done = factsite("init", str(desk), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"cd {desk}" in done.stderr and "python -m factsite new claim" in done.stderr
    assert not (desk / "templates").exists(), "the default theme comes from factsite itself"
    fresh = factsite("check", cwd=desk)
    assert fresh.returncode == 0, fresh.stderr
    assert "0 errors, 0 warnings" in fresh.stderr

    made = factsite("new", "claim", "x", cwd=desk)
    assert made.returncode == 0, made.stderr
    claim = desk / "content/claims/x.yaml"
    text = claim.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/claim.schema.json")
    assert "then run: python -m factsite check" in text
    assert "draft: true" in text.splitlines()
    assert "One of: true, mostly-true, mixed, mostly-false, false, unproven." in text
    unfilled = factsite("check", cwd=desk)  # an unfinished draft: warnings, left out
    assert unfilled.returncode == 0, unfilled.stderr
    assert "content/claims/x.yaml:10:7: warning: unfinished draft: 'claim' is empty" in \
        unfilled.stderr
    assert factsite("build", cwd=desk).returncode == 0, "it builds as it is"
    strict = factsite("check", "--strict", cwd=desk)  # a desk's CI may refuse them
    assert strict.returncode == 1 and "Traceback" not in strict.stderr

    assert factsite("new", "source", "city-report", cwd=desk).returncode == 0
    fill(desk / "content/sources/city-report.yaml", [
        ("title:\n", "title: Annual report\n"), ("publisher:\n", "publisher: The council\n")])
    fill(claim, [("claim:\n", "claim: The list grew.\n"),
                 ("claimant:\n", "claimant: A Mayor\n"), ("rating:\n", "rating: mixed\n"),
                 ("summary:\n", "summary: It did.\n"),
                 ("  - source:\n", "  - source: city-report\n")])
    filled = factsite("check", cwd=desk)
    assert filled.returncode == 0, filled.stderr
    assert "0 errors, 1 warning" in filled.stderr, "only: the source has no url"
    built = factsite("build", "--drafts", cwd=desk)
    assert built.returncode == 0, built.stderr
    assert (desk / "public/claims/x/index.html").is_file()
    assert "The list grew." in (desk / "public/claims/x/index.html").read_text()
    assert factsite("build", cwd=desk).returncode == 0
    assert not (desk / "public/claims/x/index.html").exists(), "a draft is not published"


def test_init_writes_what_a_desk_needs(tmp_path):
    desk = tmp_path / "new" / "desk"  # made, parents too
    assert factsite("init", str(desk), cwd=tmp_path).returncode == 0
    for folder in ("claims", "sources", "claimants", "articles", "pages"):
        assert (desk / "content" / folder).is_dir()
    assert (desk / ".gitignore").read_text().split() == ["/public/", "/.cache/"]
    settings = json.loads((desk / ".vscode/settings.json").read_text())
    for schema in settings["yaml.schemas"]:
        assert (desk / schema).is_file(), schema
    assert settings["yaml.schemas"]["./schemas/claim.schema.json"] == "content/claims/*.yaml"
    claim_schema = json.loads((desk / "schemas/claim.schema.json").read_text())
    assert {"true", "mostly-true", "unproven"} <= set(claim_schema["properties"]["rating"]["enum"])
    readme = (desk / "README.md").read_text()
    for command in ("factsite new claim", "factsite check", "factsite serve",
                    "factsite build", "python -m pip install /path/to/factsite"):
        assert command in readme


def test_the_desks_workflow_installs_factsite_from_its_wheel_and_checks(tmp_path):
    desk = tmp_path / "desk"
    assert factsite("init", str(desk), cwd=tmp_path).returncode == 0
    # BaseLoader: `on:` stays the string 'on' (YAML 1.1 would make it True)
    flow = yaml.load((desk / ".github/workflows/site.yml").read_text(), Loader=yaml.BaseLoader)
    assert set(flow["jobs"]) == {"check", "build", "deploy"}
    runs = {name: [s["run"] for s in job["steps"] if "run" in s]
            for name, job in flow["jobs"].items()}
    assert runs["check"] == [
        "python -m pip install wheels/factsite-*.whl", "factsite check --format github",
        "factsite check --since origin/${{ github.base_ref }} --format github"]
    assert runs["build"] == ["python -m pip install wheels/factsite-*.whl",
                             "factsite build --format github"]
    check = flow["jobs"]["check"]["steps"]
    assert [s.get("if", "").replace(" ", "") for s in check if "run" in s][1:] == [
        "github.event_name!='pull_request'", "github.event_name=='pull_request'"], \
        "on a pull request, --since the branch it goes into"
    for job in ("check", "build"):  # the base branch, and each check's history, are there
        [fetch] = [s for s in flow["jobs"][job]["steps"] if s.get("uses", "").startswith(
            "actions/checkout@")]
        assert fetch["with"]["fetch-depth"] == "0", job
    # the commands it runs, in the new site (factsite here is this checkout's), as a
    # checkout of a pull request into main has it: origin/main there
    git = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org",
           "-c", "commit.gpgsign=false"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "new"],
                 ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        assert subprocess.run([*git, *args], cwd=desk, capture_output=True).returncode == 0
    for command in (*runs["check"][1:], runs["build"][1]):
        command = command.replace("${{ github.base_ref }}", "main")
        done = factsite(*command.split()[1:], cwd=desk)
        assert done.returncode == 0 and "::error" not in done.stdout, done.stderr
    assert (desk / "public/index.html").is_file(), "upload-pages-artifact finds public/"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    done = factsite("init", cwd=tmp_path)  # DIR defaults to the current folder
    assert done.returncode == 1
    assert "is not empty" in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_in_the_current_empty_folder(tmp_path):
    done = factsite("init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cd " not in done.stderr, "no need to change folder"
    assert (tmp_path / "site.yaml").is_file()
