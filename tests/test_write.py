"""Write: changed-only writes, stale files removed, the manifest guard."""

import os

import pytest

from factsite.publish.write import (
    MANIFEST,
    STAGING,
    Staging,
    WriteRefused,
    read_manifest,
    safe_path,
    write_output,
)


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


def test_staged_pages_reach_the_output_only_on_commit(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"old", "gone.html": b"g"}, out)
    staging = Staging(out)
    staging.add("index.html", b"new")
    staging.add("claims/a/index.html", b"a")
    assert (out / "index.html").read_bytes() == b"old", "nothing moves before the commit"
    assert not (out / "claims").exists()
    report = staging.commit()
    assert report.written == ["claims/a/index.html", "index.html"]
    assert report.deleted == ["gone.html"]
    assert (out / "index.html").read_bytes() == b"new"
    assert not (out / STAGING).exists()


def test_a_discarded_build_leaves_the_output_as_it_was(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"old"}, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    staging = Staging(out)
    staging.add("index.html", b"new")
    staging.add("claims/a/index.html", b"a")
    staging.discard()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_discarded_first_build_leaves_no_folder(tmp_path):
    staging = Staging(tmp_path / "public")
    staging.add("index.html", b"x")
    staging.discard()
    assert not (tmp_path / "public").exists()


def test_a_file_that_cannot_be_staged_is_a_problem_not_a_crash(tmp_path):
    staging = Staging(tmp_path / "public")
    staging.add("feed.xml/index.html", b"a page")
    staging.add("feed.xml", b"a feed where the page's folder is")
    staging.add("../evil.html", b"y")
    assert staging.problem and "feed.xml" in staging.problem, "the first problem is kept"
    staging.discard()
    assert not (tmp_path / "evil.html").exists()


def test_an_interrupted_builds_staging_is_cleared(tmp_path):
    out = tmp_path / "public"
    write_output({"index.html": b"x"}, out)
    (out / STAGING / "claims").mkdir(parents=True)
    (out / STAGING / "claims/half.html").write_bytes(b"half")
    write_output({"index.html": b"x"}, out)
    assert not (out / STAGING).exists()
    assert set(read_manifest(out)) == {"index.html"}


def test_an_interrupted_first_build_does_not_lock_the_folder(tmp_path):
    out = tmp_path / "public"
    (out / STAGING / "claims").mkdir(parents=True)  # Ctrl-C during the very first build
    (out / STAGING / "claims/half.html").write_bytes(b"half")
    report = write_output({"index.html": b"x"}, out)
    assert report.written == ["index.html"]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "index.html"]


def test_a_file_written_in_pieces_is_staged_like_any_other(tmp_path):
    """The open data of a big site is streamed: unchanged, it keeps its mtime; changed, it
    reaches the output only on commit; a bad path is a problem, not a crash."""
    out = tmp_path / "public"
    write_output({"claims.json": b'{"claims":[1,2]}', "claims.csv": b"id\r\n1\r\n"}, out)
    old = 1_000_000_000_000_000_000
    os.utime(out / "claims.json", ns=(old, old))
    staging = Staging(out)
    with staging.stream("claims.json") as write:
        for piece in (b'{"claims":[', b"1,2", b"]}"):
            write(piece)
    with staging.stream("claims.csv") as write:
        write(b"id\r\n")
        write(b"3\r\n")
    assert (out / "claims.csv").read_bytes() == b"id\r\n1\r\n", "nothing moves before commit"
    report = staging.commit()
    assert report.written == ["claims.csv"] and report.unchanged == 1
    assert (out / "claims.json").stat().st_mtime_ns == old
    assert (out / "claims.csv").read_bytes() == b"id\r\n3\r\n"
    assert read_manifest(out).keys() == {"claims.json", "claims.csv"}

    staging = Staging(out)
    with staging.stream("../outside.json") as write:
        write(b"x")
    assert staging.problem and "outside.json" in staging.problem
    staging.discard()
    assert not (tmp_path / "outside.json").exists()
