"""Every built page through the Nu Html Checker (npm's vnu-jar, a current release, run on
the machine's Java), in one run over one folder: the example site as it is, and variants
that exercise what the example lacks (a sub-path with a logo and another language,
hostile text in the JSON-LD, redirects, pagination). One page is invalid on purpose, and
must be the only one reported, so the run is known to have checked the rest."""

import json
import subprocess

from conftest import NODE_MODULES, build_site, copy_example, edit, require, spanish_only

VNU = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
CANARY = '<!doctype html>\n<html lang="en"><head><title>x</title></head><body><p><div>' \
         "</div></p></body></html>\n"



def variants(root):
    """The sites to check, each built into its own folder below root."""
    copy_example(root / "src/example")
    build_site(root / "src/example", root / "www/example")

    site = copy_example(root / "src/cuba", base_url="https://example.org/cuba/")
    edit(site / "site.yaml", "  url: https://example.org/\n",
         "  url: https://example.org/\n  logo: /logo.png\n")
    spanish_only(site)
    edit(site / "site.yaml", "per_page: 50", "per_page: 3")
    (site / "static").mkdir(exist_ok=True)
    (site / "static/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    claim = site / "content/claims/paperwork-glitch.yaml"
    claim.write_text(claim.read_text() + "aliases: [/2019/04/glitch/, /old-glitch.html]\n")
    build_site(site, root / "www/cuba")

    site = copy_example(root / "src/hostile")
    edit(site / "content/claims/paperwork-glitch.yaml",
         'short: One more deportee was pulled from the flight over a "paperwork glitch"',
         "short: '</script><!--<script>alert(1)</script> & \"x\"'")
    (site / "content/claimants/miami-herald.yaml").write_text(
        "name: 'Herald <!-- </script> -->'\nkind: organization\n")
    build_site(site, root / "www/hostile")
    return root / "www"


def test_every_page_is_valid_html(tmp_path):
    require("java", "install a Java runtime (Java 17 or later): apt-get install default-jre")
    require(VNU, "install the test tools: npm ci (see the Makefile's `make test`)")
    www = variants(tmp_path)
    (www / "canary.html").write_text(CANARY)
    pages = sorted(www.rglob("*.html"))
    assert len(pages) > 3 * 40
    assert sum(p.parent.name == "embed" for p in pages) >= 3 * 7, "the claims' embeds too"
    assert sum(p.is_relative_to(www / "example/es") for p in pages) > 30, "the Spanish edition"
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html",
                          "--errors-only", str(www)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    shown = "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)
    assert errors, "the invalid canary page was not reported: did vnu check anything?"
    assert {m["url"].rsplit("/", 1)[1] for m in errors} == {"canary.html"}, shown
    assert run.returncode == 1
