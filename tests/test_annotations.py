"""`check --format github` on the bad-content fixtures: each expected problem becomes a
GitHub Actions workflow command (`::error file=…,line=…,col=…::message`), so an editor
sees it on the line of their pull request. Expectations are derived from each case's
expect.txt with the escaping GitHub's documentation gives for workflow commands."""

import re
import shutil
import subprocess
import sys

import pytest
from test_bad_content import (
    ARGS,
    BAD,
    BUILD_PY,
    CASES,
    MINIMAL,
    apply_overlay,
    expected_lines,
)

from factsite import cli

LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|warning): "
                  r"(?P<message>.*)$")


def data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(value: str) -> str:
    return data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(expected: str) -> str:
    m = LINE.match(expected)
    assert m, expected
    return (f"::{m['kind']} file={prop(m['path'])},line={m['line']},col={m['col']}::"
            f"{data(m['message'])}")


def bad_site(case, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINIMAL, site)
    apply_overlay(BAD / case, site)
    return site


@pytest.mark.parametrize("case", CASES)
def test_each_bad_case_is_annotated_on_its_line(case, tmp_path, monkeypatch, capsys):
    site = bad_site(case, tmp_path)
    monkeypatch.chdir(site)
    args = (BAD / case / ARGS).read_text().split() if (BAD / case / ARGS).is_file() else []
    code = cli.main(["check", "--site", ".", "--format", "github", *args])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [annotation(line) for line in expected_lines(case)]
    assert err == "", "annotations only: no text report mixed in"


def test_the_command_line_prints_an_annotation_for_a_bad_fixture(tmp_path):
    site = bad_site("unknown-rating", tmp_path)
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", "--format", "github"],
                          cwd=site, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "::error file=content/claims/flight.yaml,line=3,col=9::unknown rating 'acurate'; " \
           "did you mean 'accurate'?" in done.stdout.splitlines()


def test_annotation_values_are_escaped():
    from factsite.diagnostics import Diagnostic, Pos, Severity, format_github

    text = format_github([Diagnostic(Pos("content/a,b:c.yaml", 2, 3), Severity.ERROR,
                                     "100% wrong\nsecond line")])
    assert text == "::error file=content/a%2Cb%3Ac.yaml,line=2,col=3::100%25 wrong%0Asecond line"
