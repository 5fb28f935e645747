"""The command line: commands, options, exit codes and output formats."""

import json
import os
import pty
import re
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
    return "content/claims/paperwork-glitch.yaml:13:9"


def add_a_warning(site):
    """A source with neither a url nor a reason for having none: a warning (the example
    itself checks with none)."""
    source = site / "content/sources/attorneys-herald.yaml"
    source.write_text(source.read_text().split("no_url:")[0] + "kind: other\n")


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
    assert ("::error file=content/claims/paperwork-glitch.yaml,line=13,col=9::unknown rating "
            "'unverifiabel'; did you mean 'unverifiable'?") in done.stdout.splitlines()
    assert "::warning file=content/sources/vice-report.yaml,line=1,col=1::" in done.stdout


def test_json_format(tmp_path):
    site = copy_example(tmp_path / "site")
    break_a_claim(site)
    done = run("check", "--format", "json", cwd=site)
    problems = json.loads(done.stdout)
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors == [{"path": "content/claims/paperwork-glitch.yaml", "line": 13, "col": 9,
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


# ---- help: each command's own page, under the name the user typed ----------------------

# The options each command must not show (they mean nothing for it).
NOT_FOR = {
    "init": ("--site", "--out", "--drafts", "--format", "--jobs"),
    "build": ("--host", "--port"),
    "check": ("--out", "--host"),
    "serve": ("--out", "--drafts", "--strict", "--format", "--jobs", "--no-cache"),
    "new": ("--out", "--drafts", "--strict", "--format", "--jobs", "--no-cache"),
    "schemas": ("--out", "--drafts", "--strict", "--format", "--jobs", "--no-cache"),
    "links": ("--out", "--drafts", "--jobs", "--no-cache"),
    "archive": ("--out", "--drafts", "--strict", "--jobs", "--no-cache"),
    "import": ("--out", "--drafts", "--strict", "--jobs", "--no-cache"),
}


def test_every_command_has_its_own_help_with_a_description_and_examples(tmp_path):
    for command, absent in NOT_FOR.items():
        done = run(command, "--help", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        usage, _, rest = done.stdout.partition("\n\n")
        assert usage.startswith(f"usage: build.py {command} "), usage
        description = rest.split("\n\n")[0]
        assert len(description.split()) >= 10 and not description.startswith(
            ("positional", "options")), f"{command}: no description"
        examples = done.stdout.split("examples:\n")[1]
        assert f"  python {BUILD} {command}" in examples.splitlines()[0], done.stdout
        for option in absent:
            assert option not in done.stdout, f"{command} --help shows {option}"


def test_the_usage_line_names_the_program_as_typed(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    console = [str(ROOT / ".venv/bin/factsite")]
    assert (ROOT / ".venv/bin/factsite").is_file(), "pip install -e . makes the console script"
    for argv, name in ((console, "factsite"), ([sys.executable, "-m", "factsite"], "factsite"),
                       ([sys.executable, BUILD], "build.py")):
        done = subprocess.run([*argv, "check", "--help"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.stdout.startswith(f"usage: {name} check "), done.stdout
    top = run("--help", cwd=tmp_path).stdout
    assert top.startswith("usage: build.py ") and "init" in top and "examples:" in top


def test_an_option_before_a_command_it_does_not_apply_to_is_refused(tmp_path):
    site = copy_example(tmp_path / "site")
    done = run("--out", str(tmp_path / "web"), "new", "claim", "x", cwd=site)
    assert done.returncode == 2 and "--out does not apply to new" in done.stderr
    assert not (site / "content/claims/x.yaml").exists()


# ---- how problems are printed: warnings, then errors, then the count --------------------

DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning): ")


def test_errors_come_after_warnings_and_a_count_ends_the_output(tmp_path):
    site = copy_example(tmp_path / "site")
    break_a_claim(site)
    add_a_warning(site)
    done = run("check", cwd=site)
    lines = done.stderr.splitlines()
    kinds = [m.group(1) for m in map(DIAGNOSTIC.match, lines) if m]
    assert "warning" in kinds and kinds[-1] == "error"
    assert kinds == sorted(kinds, key=lambda k: k == "error"), "every warning first"
    assert lines[-1].startswith("check failed: 1 error, ")
    assert lines[-4].startswith("content/claims/paperwork-glitch.yaml:13:9: error:"), \
        "the first error is next to the count (its excerpt between)"


def test_a_command_that_is_not_a_build_ends_with_a_count_too(tmp_path):
    site = copy_example(tmp_path / "site")
    edit(site / "site.yaml", "title: Example Fact Desk", "title:")
    for command in (("archive",), ("new", "claim", "x")):
        done = run(*command, cwd=site)
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert lines[0].startswith("site.yaml:3:7: error: 'title' is empty"), done.stderr
        assert lines[-1] == "1 error, 0 warnings", done.stderr


def coloured(stderr):
    return "\033[31m" in stderr or "\033[33m" in stderr


def test_colour_in_a_terminal_and_not_when_piped_or_with_no_color(tmp_path):
    site = copy_example(tmp_path / "site")
    break_a_claim(site)
    add_a_warning(site)
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR")}
    piped = subprocess.run([sys.executable, BUILD, "check"], cwd=site, env=env,
                           capture_output=True, text=True, timeout=60)
    assert not coloured(piped.stderr) and "\033[" not in piped.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, BUILD, "check"], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    tty = seen.decode()
    assert ("\033[1mcontent/claims/paperwork-glitch.yaml:13:9\033[0m: \033[1m\033[31merror"
            "\033[0m: unknown rating") in tty
    assert "\033[33mwarning\033[0m" in tty
    assert "  13 | rating: unverifiabel" in tty, "the excerpt as it is"
    forced = subprocess.run([sys.executable, BUILD, "check"], cwd=site, capture_output=True,
                            text=True, timeout=60, env={**env, "FORCE_COLOR": "1"})
    assert coloured(forced.stderr)
    off = subprocess.run([sys.executable, BUILD, "check"], cwd=site, capture_output=True,
                         text=True, timeout=60, env={**env, "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\033[" not in off.stderr


def test_json_is_alone_on_stdout_for_check_and_build(tmp_path):
    site = copy_example(tmp_path / "site")
    add_a_warning(site)
    for command in ("check", "build"):
        done = run(command, "--format", "json", cwd=site)
        assert done.returncode == 0, done.stderr
        problems = json.loads(done.stdout)
        assert problems and all(p["severity"] == "warning" for p in problems)
        assert "\033[" not in done.stdout
