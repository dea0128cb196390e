# Two commands on a fresh machine: `make serve` and `make test`. Everything else bootstraps itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# The static site generator: mkdocs, properdocs (the maintained fork of MkDocs 1.x; same config),
# or zensical (the Material team's successor; optional, in .venv-engines from requirements-engines.lock).
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs zensical
# Engines that run no MkDocs hooks: the build writes the glossary exports with `python -m kb export`.
HOOKLESS := zensical
ENGINES_VENV := .venv-engines
ENGINES_STAMP := $(ENGINES_VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: engines serve build build-offline test chromium unit check review-report bench schema stubs new-page new-term new-ref letter-page clean help

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The venv is rebuilt whenever the hashed lock file changes, so it can never go stale.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5) and "Python 3.11.5+ is required")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "heroin_kb.pth").write_text(str(pathlib.Path("scripts").resolve()) + "\n")'
	touch $(STAMP)

# Optional engines: the main lock plus requirements-engines.lock, in a venv of their own.
$(ENGINES_STAMP): requirements.lock requirements-engines.lock pyproject.toml
	rm -rf $(ENGINES_VENV)
	$(PYTHON) -m venv $(ENGINES_VENV)
	$(ENGINES_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock -r requirements-engines.lock
	$(ENGINES_VENV)/bin/python -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "heroin_kb.pth").write_text(str(pathlib.Path("scripts").resolve()) + "\n")'
	touch $(ENGINES_STAMP)

serve: $(STAMP)  ## run the site on http://127.0.0.1:8000/knowledge-base/ with live reload (rebuilds only the pages an edit changes)
	$(BIN)/mkdocs serve --dirty -w references.yml -w glossary -w facts -w editorial -w instruments -w overrides -w ARCHITECTURE.md -w CONTRIBUTING.md --dev-addr $(HOST)

build: $(STAMP) $(if $(filter $(ENGINE),$(HOOKLESS)),$(ENGINES_STAMP))  ## build the site into site/ (strict: every warning is an error); ENGINE=properdocs or zensical
	@$(if $(filter $(ENGINE),$(ENGINES)),true,echo "ENGINE must be one of: $(ENGINES)" >&2; exit 2)
	$(if $(filter $(ENGINE),$(HOOKLESS)),$(ENGINES_VENV),$(VENV))/bin/$(ENGINE) build --strict -f mkdocs.yml
	$(if $(filter $(ENGINE),$(HOOKLESS)),$(BIN)/python -m kb export site)

engines: $(STAMP) $(ENGINES_STAMP)  ## build with MkDocs, ProperDocs and Zensical; per engine: seconds, pages matching the MkDocs build
	$(BIN)/python -m devtools.engines

build-offline: $(STAMP)  ## build the offline bundle into site-offline/ (open its index.html from disk)
	KB_OFFLINE=true $(BIN)/mkdocs build --strict -f mkdocs-offline.yml

check: $(STAMP)  ## fast validation of every source file, without building the site
	$(BIN)/python -m kb check

chromium:  ## install Debian's chromium for the browser tests if it is missing (make test does this first)
	@sh scripts/ensure-chromium

test: chromium build build-offline  ## build the site and the offline bundle, then run every test (unit, built-site, browser)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

unit: $(STAMP)  ## unit tests of the toolkit only
	$(BIN)/python -m pytest -m "not site and not browser"

bench: build  ## benchmarks against the budgets in BENCHMARKS.md (Lighthouse: npm ci from package-lock.json)
	$(BIN)/python -m devtools.bench

schema: $(STAMP)  ## regenerate the JSON Schemas for editors
	$(BIN)/python -m kb schema

review-report: $(STAMP)  ## every page with reading grade, words, sources and review age
	$(BIN)/python -m devtools report

stubs: $(STAMP)  ## list pages still marked as stubs
	$(BIN)/python -m kb stubs

new-page: $(STAMP)  ## scaffold a page: make new-page PAGE=treatment/example KIND=modality TITLE="Example"
	$(BIN)/python -m devtools new-page "$(PAGE)" --kind "$(or $(KIND),topic)" --title "$(TITLE)"

new-term: $(STAMP)  ## scaffold a glossary term: make new-term SLUG=naloxone TERM="Naloxone" CATEGORY=medication
	$(BIN)/python -m devtools new-term "$(SLUG)" --term "$(TERM)" --category "$(or $(CATEGORY),treatment)" --source "$(or $(SOURCE),replace-with-a-key)"

letter-page: $(STAMP)  ## create an A-Z letter page make check asks for: make letter-page KIND=references LETTER=k [PART=2]
	$(BIN)/python -m devtools letter-page "$(KIND)" "$(LETTER)" $(PART)

new-ref: $(STAMP)  ## scaffold a reference: make new-ref KEY=smith-topic-2024 TYPE=article-journal TITLE="..."
	$(BIN)/python -m devtools new-ref "$(KEY)" --type "$(or $(TYPE),article-journal)" --title "$(TITLE)"

clean:  ## remove the venv and build output
	rm -rf $(VENV) $(ENGINES_VENV) site site-offline test-artifacts .pytest_cache node_modules
