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


def test_the_commands_the_workflow_runs_work(workflow, tmp_path):
    """Each job's commands, in a copy of the repository's site (factsite already
    installed: the test uses this checkout's)."""
    site = copy_example(tmp_path / "repo")
    shutil.copy(ROOT / "build.py", site / "build.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("check", "build"):
        for command in runs(workflow["jobs"][name]):
            if command == "python -m pip install .":
                assert (ROOT / "pyproject.toml").is_file()
                continue
            argv = shlex.split(command)
            assert argv[0] == "python"
            done = subprocess.run([sys.executable, *argv[1:]], cwd=site, env=env,
                                  capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            assert "::error" not in done.stdout
    for published in ("index.html", "feed.xml", "sitemap.xml", "claims.json"):
        assert (site / "public" / published).is_file(), "upload-pages-artifact finds public/"
