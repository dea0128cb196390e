"""External link check: every URL in references.yml and the pages answers with a success code.

Needs the internet, so it runs only in the weekly GitHub workflow (``python -m devtools.linkcheck``),
never in ``make test``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from kb.core.citations import mask_code

_MARKDOWN_URL_RE = re.compile(r"\]\((?P<url>https?://[^)\s]+)")
_HTML_URL_RE = re.compile(r"\bhref=\"(?P<url>https?://[^\"]+)\"")


def external_urls(root: Path) -> dict[str, list[str]]:
    """Every external URL, with where it appears (``references.yml#key`` or a page path)."""
    found: dict[str, list[str]] = {}
    for entry in yaml.safe_load((root / "references.yml").read_text(encoding="utf-8")) or []:
        if entry.get("URL"):
            found.setdefault(entry["URL"], []).append(f"references.yml#{entry['id']}")
        if entry.get("DOI"):
            found.setdefault(f"https://doi.org/{entry['DOI']}", []).append(
                f"references.yml#{entry['id']}")
    for page in sorted((root / "docs").rglob("*.md")):
        text = mask_code(page.read_text(encoding="utf-8"))
        for pattern in (_MARKDOWN_URL_RE, _HTML_URL_RE):
            for match in pattern.finditer(text):
                found.setdefault(match.group("url"), []).append(page.relative_to(root).as_posix())
    return found


def check(url: str, timeout: float = 20.0) -> str | None:
    """None if ``url`` answers with a status below 400, else what went wrong."""
    import requests

    headers = {"User-Agent": "heroin-kb-link-check (+https://github.com/heroin-kb/knowledge-base)"}
    try:
        response = requests.head(url, allow_redirects=True, timeout=timeout, headers=headers)
        if response.status_code in (403, 405, 501):  # some servers refuse HEAD; ask properly
            response = requests.get(url, allow_redirects=True, timeout=timeout, headers=headers,
                                    stream=True)
    except requests.RequestException as error:
        return f"{type(error).__name__}"
    return None if response.status_code < 400 else f"HTTP {response.status_code}"


def report(results: Iterable[tuple[str, str | None]], where: dict[str, list[str]]) -> list[str]:
    """One line per broken URL, naming where it is used."""
    return [f"{url}: {problem} (in {', '.join(where[url])})"
            for url, problem in sorted(results) if problem]


def main() -> int:
    """Check every external URL; exit 1 if any is broken."""
    where = external_urls(Path.cwd())
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(zip(where, pool.map(check, where), strict=True))
    broken = report(results, where)
    print(f"{len(where)} external URLs checked, {len(broken)} broken")
    print("\n".join(broken))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
