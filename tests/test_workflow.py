"""The GitHub Actions workflow: valid YAML (read as YAML 1.2 would, every key a string),
with the check, build and deploy jobs wired as docs/publishing.md says, the official
Pages actions, caches, and commands that really run."""

import os
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, copy_example

WORKFLOW = ROOT / ".github/workflows/site.yml"


@pytest.fixture(scope="module")
def workflow():
    # BaseLoader: `on:` stays the string 'on' (PyYAML's YAML 1.1 would make it True)
    return yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)


def uses(job):
    return {s["uses"].split("@")[0]: s for s in job["steps"] if "uses" in s}


def runs(job):
    return [s["run"] for s in job["steps"] if "run" in s]


def test_triggers_and_jobs(workflow):
    assert set(workflow["on"]) >= {"pull_request", "push"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert set(workflow["jobs"]) == {"check", "build", "deploy"}
    assert workflow["permissions"] == {"contents": "read"}


def test_a_pull_request_is_checked_with_annotations(workflow):
    check = workflow["jobs"]["check"]
    assert "if" not in check, "the check runs on every pull request and push"
    assert "python build.py check --format github" in runs(check)


def steps_running(job, command):
    return [s for s in job["steps"] if s.get("run") == command]


def test_a_pull_request_is_checked_since_its_base_branch_with_full_history(workflow):
    """On a pull request, `check --since` the branch it is to be merged into, which the
    checkout has (fetch-depth: 0 fetches every branch, and the whole history); a push
    checks as before (no base to compare with)."""
    check = workflow["jobs"]["check"]
    since = "python build.py check --since origin/${{ github.base_ref }} --format github"
    [guarded] = steps_running(check, since)
    assert guarded["if"].replace(" ", "") == "github.event_name=='pull_request'"
    [plain] = steps_running(check, "python build.py check --format github")
    assert plain["if"].replace(" ", "") == "github.event_name!='pull_request'"
    assert uses(check)["actions/checkout"]["with"]["fetch-depth"] == "0"


def test_the_build_fetches_the_whole_history(workflow):
    """A shallow checkout would publish no check's history (its pages read it from git)."""
    assert uses(workflow["jobs"]["build"])["actions/checkout"]["with"]["fetch-depth"] == "0"


def test_the_workflow_init_writes_is_this_one_but_for_how_factsite_is_installed(workflow):
    from factsite.commands.init import WORKFLOW as DESKS

    desk = yaml.load(DESKS, Loader=yaml.BaseLoader)
    for name, job in workflow["jobs"].items():
        mine = [(s.get("uses"), s.get("if"), s.get("with", {}).get("fetch-depth"),
                 s.get("run", "").replace("python build.py", "factsite")) for s in job["steps"]]
        theirs = [(s.get("uses"), s.get("if"), s.get("with", {}).get("fetch-depth"),
                   s.get("run", "").replace("wheels/factsite-*.whl", "."))
                  for s in desk["jobs"][name]["steps"]]
        assert mine == theirs, name


def test_a_push_to_main_builds_and_deploys_with_the_official_pages_actions(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["needs"] == "check" and deploy["needs"] == "build"
    assert "refs/heads/main" in build["if"] and "pull_request" in build["if"]
    steps = uses(build)
    assert {"actions/checkout", "actions/configure-pages",
            "actions/upload-pages-artifact"} <= set(steps)
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "public"
    names = [s.get("uses", "").split("@")[0] or s["run"] for s in build["steps"]]
    assert names.index("actions/configure-pages") < \
        names.index("python build.py build --format github") < \
        names.index("actions/upload-pages-artifact")
    assert uses(deploy)["actions/deploy-pages"]["id"] == "deployment"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]


def test_pip_and_the_build_cache_are_cached(workflow):
    build = workflow["jobs"]["build"]
    for job in (workflow["jobs"]["check"], build):
        assert uses(job)["actions/setup-python"]["with"]["cache"] == "pip"
    cache = uses(build)["actions/cache"]["with"]
    assert cache["path"] == ".cache"
    assert "hashFiles(" in cache["key"] and "content/**" in cache["key"]


def test_every_action_is_pinned_to_a_major_version(workflow):
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert step["uses"].startswith("actions/") and "@v" in step["uses"], step


GIT_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
           "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
           "GIT_AUTHOR_DATE": "2026-11-25T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-11-25T12:00:00+00:00"}


def git(cwd, *args):
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=GIT_ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def checkout(tmp_path):
    """The repository's site as the workflow's checkout has it on a pull request into main:
    pushed to a remote (`origin`) and cloned with its whole history (fetch-depth: 0), so
    `origin/main` is there."""
    site = copy_example(tmp_path / "desk")
    shutil.copy(ROOT / "build.py", site / "build.py")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "published")
    git(tmp_path, "clone", "-q", "--bare", str(site), str(tmp_path / "origin.git"))
    git(tmp_path, "clone", "-q", (tmp_path / "origin.git").as_uri(), str(tmp_path / "repo"))
    return tmp_path / "repo"


def run_step(command, site, base_ref="main"):
    """A step's command as the runner runs it: `${{ github.base_ref }}` is what GitHub
    puts there on a pull request into `base_ref`."""
    argv = shlex.split(command.replace("${{ github.base_ref }}", base_ref))
    assert argv[0] == "python" and "${{" not in command.replace("${{ github.base_ref }}", "")
    return subprocess.run([sys.executable, *argv[1:]], cwd=site,
                          env={**GIT_ENV, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=120)


def test_the_commands_the_workflow_runs_work(workflow, tmp_path):
    """Each job's commands, in a checkout of a repository holding a copy of this one's site
    (factsite already installed: the test uses this checkout's)."""
    site = checkout(tmp_path)
    for name in ("check", "build"):
        for command in runs(workflow["jobs"][name]):
            if command == "python -m pip install .":
                assert (ROOT / "pyproject.toml").is_file()
                continue
            done = run_step(command, site)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            assert "::error" not in done.stdout
            assert "::warning" not in done.stdout, "(a full clone: the history is there)"
    for published in ("index.html", "feed.xml", "sitemap.xml", "claims.json"):
        assert (site / "public" / published).is_file(), "upload-pages-artifact finds public/"
    assert (site / "public/claims/paperwork-glitch/history/index.html").is_file()


def test_the_pull_request_check_fails_a_silent_rating_change_on_its_line(workflow, tmp_path):
    site = checkout(tmp_path)
    claim = site / "content/claims/paperwork-glitch.yaml"
    lines = claim.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("rating: "))
    claim.write_text(claim.read_text().replace("rating: unverifiable", "rating: false"))
    [command] = [c for c in runs(workflow["jobs"]["check"]) if "--since" in c]
    done = run_step(command, site)
    assert done.returncode == 1, done.stderr
    assert f"::error file=content/claims/paperwork-glitch.yaml,line={line},col=9::the " \
        "rating changed from 'unverifiable' to 'false' since origin/main" in done.stdout
