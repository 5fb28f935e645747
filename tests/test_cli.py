"""The command line: commands, options, exit codes and output formats."""

import json
import subprocess
import sys

from conftest import ROOT, copy_example, edit

BUILD = str(ROOT / "build.py")


def run(*args, cwd):
    return subprocess.run([sys.executable, BUILD, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def break_a_claim(site):
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text().replace("rating: unverifiable", "rating: unverifiabel"))
    return "content/claims/paperwork-glitch.yaml:8:9"


def test_plain_build_writes_public_inside_the_site(tmp_path):
    site = copy_example(tmp_path / "site")
    done = run(cwd=site)
    assert done.returncode == 0, done.stderr
    assert (site / "public/index.html").is_file()
    assert "built" in done.stderr and "written" in done.stderr


def test_site_and_out_options(tmp_path):
    site = copy_example(tmp_path / "site")
    done = run("build", "--site", str(site), "--out", str(tmp_path / "web"), "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "web/claims/paperwork-glitch/index.html").is_file()
    assert done.stderr == "", "-q prints nothing when all is well"


def test_options_before_the_command_are_kept(tmp_path):
    site = copy_example(tmp_path / "site")
    done = run("--site", str(site), "--out", str(tmp_path / "web"), "build", cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "web/index.html").is_file()


def test_refuses_an_output_folder_it_did_not_make(tmp_path):
    site = copy_example(tmp_path / "site")
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    done = run("--site", str(site), "--out", str(home), cwd=tmp_path)
    assert done.returncode == 1
    assert "refusing to write into" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in home.iterdir()] == ["notes.txt"]


def test_refuses_to_write_into_content(tmp_path):
    site = copy_example(tmp_path / "site")
    done = run("--site", str(site), "--out", str(site / "content"), cwd=tmp_path)
    assert done.returncode == 1 and "holds the site's own files" in done.stderr


def test_errors_are_located_with_an_excerpt_and_exit_1(tmp_path):
    site = copy_example(tmp_path / "site")
    where = break_a_claim(site)
    done = run("check", cwd=site)
    assert done.returncode == 1
    assert f"{where}: error: unknown rating 'unverifiabel'; did you mean 'unverifiable'?" \
        in done.stderr
    assert "rating: unverifiabel" in done.stderr and "^" in done.stderr
    assert "check failed: 1 error" in done.stderr


def test_github_annotations(tmp_path):
    site = copy_example(tmp_path / "site")
    break_a_claim(site)
    edit(site / "content/sources/vice-report.yaml",  # (a source that does not say why it
         "no_url: >-\n  the copy the desk holds does not give one\n", "")  # has no url)
    done = run("check", "--format", "github", cwd=site)
    assert done.returncode == 1
    assert ("::error file=content/claims/paperwork-glitch.yaml,line=8,col=9::unknown rating "
            "'unverifiabel'; did you mean 'unverifiable'?") in done.stdout.splitlines()
    assert "::warning file=content/sources/vice-report.yaml,line=1,col=1::" in done.stdout


def test_json_format(tmp_path):
    site = copy_example(tmp_path / "site")
    break_a_claim(site)
    done = run("check", "--format", "json", cwd=site)
    problems = json.loads(done.stdout)
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors == [{"path": "content/claims/paperwork-glitch.yaml", "line": 8, "col": 9,
                       "severity": "error",
                       "message": "unknown rating 'unverifiabel'; did you mean 'unverifiable'?"}]


def test_strict_turns_warnings_into_errors(tmp_path):
    site = copy_example(tmp_path / "site")
    assert run("check", "--strict", cwd=site).returncode == 0  # (the example has no warning)
    (site / "content/sources/herald.yaml").write_text("title:\npublisher: Herald\ndraft: true\n")
    assert run("check", cwd=site).returncode == 0
    strict = run("check", "--strict", cwd=site)
    assert strict.returncode == 1
    assert ("content/sources/herald.yaml:1:7: error: unfinished draft: 'title' is empty"
            in strict.stderr)


def test_a_missing_site_folder_is_a_usage_error(tmp_path):
    done = run("--site", str(tmp_path / "nope"), cwd=tmp_path)
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_a_folder_without_site_yaml(tmp_path):
    done = run("check", cwd=tmp_path)
    assert done.returncode == 1 and "site.yaml not found" in done.stderr
