# Kazakhstan's dependence on Russia: build the book and run the tests.
#   make book   HTML, PDF and the brief (sets up .venv and the TeX packages when missing)
#   make test   the tests (they build the book too)
#   make html | make pdf | make data | make clean
#   make bench  measure the build on this machine (serial floor, clean HTML, PDF, no-op, one-parameter edit)
# A build with nothing changed since the last successful one does not start Sphinx (kzdep.buildcache fresh);
# otherwise the chapters whose inputs changed are executed in parallel into the execution cache before Sphinx reads
# them (kzdep.buildcache execute), so the HTML and the PDF both read executed notebooks.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.requirements-installed
# Reproducible dates: the last commit's time unless SOURCE_DATE_EPOCH is given.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# What to build and where (the tests point these at small books of their own).
BOOK ?= book
CONFIG ?= $(CURDIR)/_config.yml
TOC ?= $(CURDIR)/_toc.yml
OUT ?= $(CURDIR)
JBFLAGS = --config $(CONFIG) --toc $(TOC) --path-output $(OUT) -n -W --keep-going
# The kzdep package the build imports (a test points this at a copy, with PYTHONPATH).
KZDEP_PKG ?= $(CURDIR)/kzdep
BUILDCACHE = $(PY) $(KZDEP_PKG)/buildcache.py --book $(BOOK) --toc $(TOC) --config $(CONFIG) --out $(OUT) \
	--cache $(OUT)/_build/.jupyter_cache
# Parallel workers for the notebooks (default: the cores this process may use).
JOBS ?=
EXECUTE = $(BUILDCACHE) execute $(if $(JOBS),--jobs $(JOBS))
# Up to date: the inputs' content hash equals the stamp of the last successful build and the outputs exist.
FRESH = $(BUILDCACHE) fresh --input $(CURDIR)/requirements.txt --input $(CURDIR)/requirements-nodeps.txt \
	--input $(CURDIR)/Makefile \
	--input $(CURDIR)/CITATION.cff --settings "$(JBFLAGS) SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)"
HTML_OUT := $(OUT)/_build/html/index.html
PDF_OUT := $(OUT)/_build/latex/report.pdf
KZDEP_RAW ?= ../shared/sources
# Debian packages the PDF needs (xelatex, the fonts and LaTeX packages sphinx-jupyterbook-latex loads).
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended \
	texlive-fonts-extra texlive-lang-cyrillic fonts-freefont-otf latexmk xindy poppler-utils

.PHONY: book html pdf brief build-html build-pdf bench test setup tex browser data clean
# html and pdf share the execution cache and Sphinx's doctrees: never run them at the same time (make -j).
.NOTPARALLEL:

book: html pdf brief

setup: $(STAMP)

$(STAMP): requirements.txt requirements-nodeps.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check --quiet --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install --disable-pip-version-check --quiet --no-deps --no-build-isolation -e .
	@touch $@

tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v xindy >/dev/null \
	   && command -v pdftotext >/dev/null && kpsewhich bbm.sty >/dev/null && kpsewhich ucharclasses.sty >/dev/null \
	   && fc-list 2>/dev/null | grep FreeSerif >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing the TeX packages for the PDF (once; about 1.5 GB)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) >/dev/null; \
	else \
	  echo "The PDF needs TeX. Run as root:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $(TEX_PACKAGES)"; \
	  exit 1; \
	fi

html: setup
	@$(FRESH) html --output $(HTML_OUT) || $(MAKE) --no-print-directory build-html

pdf: setup tex
	@$(FRESH) pdf --output $(PDF_OUT) || $(MAKE) --no-print-directory build-pdf
	@if [ -d $(OUT)/_build/html ] && ! cmp -s $(PDF_OUT) $(OUT)/_build/html/report.pdf; then \
	  cp $(PDF_OUT) $(OUT)/_build/html/report.pdf; fi

# The brief: a short PDF beside the report (kzdep/brief.py), rebuilt only when the package, the data or the release
# changed; copied next to the report in the HTML and LaTeX outputs.
BRIEF_OUT := $(OUT)/_build/brief/brief.pdf
BRIEF_INPUTS := $(wildcard $(CURDIR)/kzdep/*.py $(CURDIR)/data/*.csv $(CURDIR)/data/datapackage.json) $(CURDIR)/CITATION.cff

brief: setup tex $(BRIEF_OUT)
	@mkdir -p $(OUT)/_build/latex $(OUT)/_build/html
	@cmp -s $(BRIEF_OUT) $(OUT)/_build/latex/brief.pdf || cp $(BRIEF_OUT) $(OUT)/_build/latex/brief.pdf
	@cmp -s $(BRIEF_OUT) $(OUT)/_build/html/brief.pdf || cp $(BRIEF_OUT) $(OUT)/_build/html/brief.pdf

$(BRIEF_OUT): $(BRIEF_INPUTS)
	$(PY) -m kzdep.brief --out $(OUT)/_build/brief

# The builds proper (run by html and pdf when an input changed). Pre-build checks go first in these recipes.
build-html:
	$(EXECUTE)
	$(BUILDCACHE) consistency
	$(JB) build $(BOOK) $(JBFLAGS) --builder html
	@test -s $(HTML_OUT)
	@$(BUILDCACHE) done html
	@echo "HTML: $(HTML_OUT)"

build-pdf:
	$(EXECUTE)
	$(BUILDCACHE) consistency
	$(JB) build $(BOOK) $(JBFLAGS) --builder pdflatex
	@test -s $(PDF_OUT)
	@$(BUILDCACHE) done pdf
	@echo "PDF: $(PDF_OUT)"

bench: setup
	$(PY) scripts/bench.py

browser:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser test (once)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
	  echo "The browser test needs Chromium. Run as root: sudo apt-get install -y chromium"; exit 1; \
	fi

# Tests run in TEST_JOBS processes (pytest-xdist), a test file at a time each: the book is built once (a lock in
# tests/conftest.py) while the other process runs the tests that build small books of their own or check the data.
TEST_JOBS ?= 2
test: setup tex browser
	$(PY) -m pytest -q -n $(TEST_JOBS) --dist loadfile tests

data: setup
	$(PY) scripts/make_data.py --raw "$(KZDEP_RAW)"

clean:
	rm -rf _build book/figdata book/_generated
