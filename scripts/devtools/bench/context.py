"""What every benchmark needs: the project, a scratch directory, run counts, shared builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from devtools.bench.configs import bare_config, read_config
from devtools.bench.process import mkdocs_build

# Top-level entries a derived project must not link: the build output, the venv, VCS data.
_NOT_LINKED = frozenset({"mkdocs.yml", "site", ".venv", ".git", "bench", "site-offline"})


@dataclass
class Context:
    """Shared settings; ``bare_site`` is built once and reused by the browser benchmarks."""

    root: Path
    work: Path
    runs: int = 5
    quick: bool = False
    scale_runs: int = 3  # real and bare builds at each scale (scaling)
    largest_runs: int | None = None  # builds at the largest scale, when fewer are affordable
    built: dict[str, Path] = field(default_factory=dict)

    @property
    def real_site(self) -> Path:
        """The site ``make build`` wrote (``make bench`` depends on ``build``)."""
        return self.root / "site"

    def bare_config(self) -> Path:
        """Write (once) the bare configuration over the real ``docs/``; return its path."""
        config = self.work / "bare" / "mkdocs.yml"
        if not config.exists():
            config.parent.mkdir(parents=True, exist_ok=True)
            real = read_config((self.root / "mkdocs.yml").read_text(encoding="utf-8"))
            config.write_text(bare_config(real, str(self.root / "docs"),
                                          str(self.work / "bare" / "site")), encoding="utf-8")
        return config

    def bare_site(self) -> Path:
        """The bare build's output, building it if no benchmark has yet."""
        if "bare" not in self.built:
            site = self.work / "bare" / "site"
            mkdocs_build(self.bare_config(), site, strict=False, root=self.root)
            self.built["bare"] = site
        return self.built["bare"]

    def variant(self, name: str, config_text: str) -> Path:
        """A copy of the project made of links to its sources, with its own ``mkdocs.yml``.

        The hooks find ``references.yml`` and ``glossary/`` next to the configuration file, so a
        variant configuration needs them beside it; links make that free and always current.
        """
        directory = self.work / name
        directory.mkdir(parents=True, exist_ok=True)
        for entry in self.root.iterdir():
            link = directory / entry.name
            if entry.name not in _NOT_LINKED and not link.exists():
                link.symlink_to(entry, target_is_directory=entry.is_dir())
        config = directory / "mkdocs.yml"
        config.write_text(config_text, encoding="utf-8")
        return config
