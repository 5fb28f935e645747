"""Stage 5, write: changed-only writes, stale files removed, the manifest guard."""

import os

import pytest

from factsite.write import MANIFEST, WriteRefused, read_manifest, safe_path, write_output


def test_first_write_creates_files_and_manifest(tmp_path):
    out = tmp_path / "public"
    report = write_output({"index.html": b"home", "claims/a/index.html": b"a"}, out)
    assert sorted(report.written) == ["claims/a/index.html", "index.html"]
    assert (out / "claims/a/index.html").read_bytes() == b"a"
    assert set(read_manifest(out)) == {"index.html", "claims/a/index.html"}


def test_unchanged_files_keep_their_mtime(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"home", "a.html": b"a"}, out)
    old = 1_000_000_000_000_000_000
    os.utime(out / "index.html", ns=(old, old))
    report = write_output({"index.html": b"home", "a.html": b"changed"}, out)
    assert report.written == ["a.html"]
    assert report.unchanged == 1
    assert (out / "index.html").stat().st_mtime_ns == old
    assert (out / "a.html").read_bytes() == b"changed"


def test_files_the_last_build_made_are_deleted(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"x", "claims/gone/index.html": b"g"}, out)
    (out / "mine.txt").write_text("not ours")
    report = write_output({"index.html": b"x"}, out)
    assert report.deleted == ["claims/gone/index.html"]
    assert not (out / "claims").exists(), "emptied folders are removed too"
    assert (out / "mine.txt").read_text() == "not ours", "files it did not make are kept"


def test_refuses_a_non_empty_folder_without_manifest(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("precious")
    with pytest.raises(WriteRefused, match="not empty"):
        write_output({"index.html": b"x"}, home)
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]


def test_an_empty_folder_is_fine(tmp_path):
    write_output({"index.html": b"x"}, tmp_path)
    assert (tmp_path / MANIFEST).exists()


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a//b", "", "a\\b"])
def test_paths_outside_the_output_are_refused(tmp_path, bad):
    with pytest.raises(WriteRefused):
        safe_path(tmp_path, bad)


def test_a_bad_path_writes_nothing_at_all(tmp_path):
    out = tmp_path / "public"
    with pytest.raises(WriteRefused):
        write_output({"index.html": b"x", "../evil.html": b"y"}, out)
    assert not (tmp_path / "evil.html").exists()
    assert not (out / "index.html").exists()


def test_a_tampered_manifest_cannot_delete_outside(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"x"}, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (out / MANIFEST).write_text('{"generator": "factsite", "files": {"../victim.txt": "0"}}')
    write_output({"index.html": b"x"}, out)
    assert victim.read_text() == "keep"


def test_no_temporary_files_are_left(tmp_path):
    write_output({f"p{i}/index.html": b"x" * i for i in range(20)}, tmp_path)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
