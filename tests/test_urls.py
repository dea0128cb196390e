"""Relative URLs between pages (kb.core.urls): the fast relative path against posixpath's."""

from __future__ import annotations

import itertools
import posixpath

from kb.core.urls import _relpath, relative_url

FOLDERS = ["/", "/a", "/a/", "/a/b", "/a/b/", "/a/bc/d/", "/ab/", "/b/a/", "/a/b/c/d/e/",
           "/glossary/n/", "/references/", "/treatment/medications/naltrexone/",
           "/a/./b/", "/a/../b/", "/..", "/a//b/"]


def test_relpath_is_posixpath_relpath() -> None:
    for target, start in itertools.product(FOLDERS, repeat=2):
        assert _relpath(target, start) == posixpath.relpath(target, start), (target, start)


def test_relative_url_between_directory_urls() -> None:
    assert relative_url("glossary/n/", "glossary/") == "n/"
    assert relative_url("glossary/", "glossary/") == "./"
    assert relative_url("", "a/b/") == "../../"
    assert relative_url("a/b/c/", "a/x/") == "../b/c/"
