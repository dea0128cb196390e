"""The Content Security Policy builder (kb.build.csp) on small pages, and the policy in the built
site and its absence from the offline bundle."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import SITE_OFFLINE
from kb.build.csp import (
    EXECUTABLE_TYPES,
    add_policy,
    inline_scripts,
    policy,
    script_hash,
    theme_script_hashes,
)

THEME = 'var a = "</div>" && 1 < 2 && x &amp;&amp; y'
PAGE = f"""<!doctype html>
<html><head>
  <meta charset="utf-8">
  <title>t</title>
  <script>{THEME}</script>
  <script src="assets/bundle.js"></script>
  <script id="__config" type="application/json">{{"a": 1}}</script>
</head><body><article>{{content}}</article><script>window.x = 1</script></body></html>"""
CONTENT = "<p>Hi</p><script>window.injected = true</script>"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hash_is_over_the_exact_script_text() -> None:
    # The text between the tags, byte for byte: no entity decoding, no tag parsing inside.
    assert inline_scripts(PAGE) == [THEME, "window.x = 1"]
    assert script_hash(THEME) == sha(THEME)
    assert script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_content_scripts_are_not_hashed() -> None:
    page = PAGE.replace("{content}", CONTENT)
    assert theme_script_hashes(page, CONTENT) == sorted([sha(THEME), sha("window.x = 1")])


def test_a_content_script_equal_to_a_theme_script_leaves_the_theme_one_allowed() -> None:
    content = f"<script>{THEME}</script>"
    page = PAGE.replace("{content}", content)
    assert sha(THEME) in theme_script_hashes(page, content)


def test_policy_never_allows_unsafe_scripts() -> None:
    text = policy([sha("x")])
    directives = dict(part.split(" ", 1) for part in text.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == f"'self' {sha('x')}"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "unsafe" not in text


def test_tags_go_right_after_the_charset_before_any_script() -> None:
    page = PAGE.replace("{content}", CONTENT)
    out = add_policy(page, CONTENT)
    head = lxml_html.document_fromstring(out).find("head")
    assert head is not None
    assert [element.get("charset") or element.get("http-equiv") or element.get("name")
            for element in head.iter("meta")][:3] == ["utf-8", "Content-Security-Policy", "referrer"]
    assert out.replace(out[out.index("<meta http-equiv"):out.index('<meta name="referrer"')], "") \
        .replace('<meta name="referrer" content="no-referrer">', "") == page


def test_without_a_charset_the_tags_open_the_head() -> None:
    out = add_policy("<html><head><title>t</title></head><body></body></html>", "")
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


def test_a_page_without_head_fails() -> None:
    with pytest.raises(ValueError, match="no <head>"):
        add_policy("<p>no head</p>", "")


@pytest.mark.site
def test_built_pages_carry_the_policy(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        if "assets" in path.relative_to(built_site).parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1, path
        assert "'unsafe-inline'" not in text.split("</head>")[0], path


@pytest.mark.site
def test_offline_bundle_has_no_policy() -> None:
    """Under file:// every file is its own origin: 'self' would block the bundle's own scripts."""
    if not (SITE_OFFLINE / "index.html").exists():
        pytest.fail("site-offline/ is missing: run `make build-offline` (make test does it)")
    for path in SITE_OFFLINE.rglob("*.html"):
        assert "Content-Security-Policy" not in path.read_text(encoding="utf-8"), path


@pytest.mark.site
def test_the_script_scan_finds_what_a_full_parse_finds(built_site: Path) -> None:
    """``inline_scripts`` scans for script elements instead of parsing each page; on every built
    page it must find exactly the executable inline scripts a full HTML parse finds."""
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        parsed = [script.text or "" for script in lxml_html.document_fromstring(text).iter("script")
                  if script.get("src") is None
                  and (script.get("type") or "").strip().lower() in EXECUTABLE_TYPES]
        assert inline_scripts(text) == parsed, page
    assert inline_scripts('<p>x</p><SCRIPT type="module">a()</SCRIPT ><script src="b.js"></script>'
                          '<script type="application/json">{}</script>') == ["a()"]
