"""MkDocs configurations derived from the real ``mkdocs.yml``: the bare baseline, a new nav."""

from __future__ import annotations

import re
from typing import Any

import yaml

NavItem = str | dict[str, Any]


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads tags it does not know (``!!python/name:``, ``!ENV``) as their name.

    Nothing is imported or looked up: only the plain parts (nav, site name) are used.
    """


def _any_tag(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.tag)


_TolerantLoader.add_constructor(None, _any_tag)


def read_config(text: str) -> dict[str, Any]:
    """Parse ``mkdocs.yml`` without executing any of its Python tags."""
    data = yaml.load(text, Loader=_TolerantLoader)
    if not isinstance(data, dict):
        raise ValueError("mkdocs.yml is not a mapping")
    return data


def bare_config(real: dict[str, Any], docs_dir: str, site_dir: str) -> str:
    """The baseline: the same pages and nav with stock Material, no hooks and no extensions.

    ``font: false`` is kept so that neither build asks Google Fonts for anything: the page
    weight comparison is then about this project's own additions.
    """
    bare: dict[str, Any] = {
        "site_name": real.get("site_name", "bare"),
        "site_url": real.get("site_url"),
        "use_directory_urls": real.get("use_directory_urls", True),
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "theme": {"name": "material", "font": False},
    }
    if "nav" in real:
        bare["nav"] = real["nav"]
    return yaml.safe_dump({k: v for k, v in bare.items() if v is not None}, sort_keys=False,
                          allow_unicode=True)


def replace_nav(config_text: str, nav: list[NavItem]) -> str:
    """``config_text`` with its top-level ``nav:`` block replaced (or appended) by ``nav``.

    Text substitution keeps the rest of the file, tags and comments included, exactly as written.
    """
    block = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000)
    match = re.search(r"^nav:.*?(?=^\S|\Z)", config_text, re.M | re.S)
    if match is None:
        return config_text.rstrip("\n") + "\n" + block
    return config_text[: match.start()] + block + config_text[match.end():]


def without_hooks(config_text: str) -> str:
    """``config_text`` without its top-level ``hooks:`` block (the project's own code)."""
    return re.sub(r"^hooks:\n(?:[ ]+[^\n]*\n|\n)*", "", config_text, flags=re.M)


def without_project(config_text: str) -> str:
    """``config_text`` without the project's own code: its ``hooks:`` block and its Markdown
    extension (``kb.build.extension``, which does the per-page work since the hooks moved there)."""
    return re.sub(r"^[ ]*- kb\.build\.extension[^\n]*\n", "", without_hooks(config_text), flags=re.M)


def without_plugin(config_text: str, plugin: str) -> str:
    """``config_text`` without one entry (and its indented options) of the ``plugins:`` list."""
    pattern = rf"^(?P<indent>[ ]*)- {re.escape(plugin)}:?[^\n]*\n(?:(?P=indent)[ ]+[^\n]*\n|[ ]*\n)*"
    plugins = re.search(r"^plugins:\n(?:[ ]+[^\n]*\n|\n)*", config_text, re.M)
    if plugins is None:
        return config_text
    section = re.sub(pattern, "", plugins.group(0), count=1, flags=re.M)
    return config_text[: plugins.start()] + section + config_text[plugins.end():]
