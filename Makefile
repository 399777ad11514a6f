# Kazakhstan's dependence on Russia: build the book and run the tests.
#   make book   HTML and PDF (sets up .venv and the TeX packages when missing)
#   make test   the tests (they build the book too)
#   make html | make pdf | make data | make clean
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
SYNC = $(PY) -m kzdep.buildcache --book $(BOOK) --toc $(TOC) --cache $(OUT)/_build/.jupyter_cache
KZDEP_RAW ?= ../shared/sources
# Debian packages the PDF needs (xelatex, the fonts and LaTeX packages sphinx-jupyterbook-latex loads).
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended \
	texlive-fonts-extra texlive-lang-cyrillic fonts-freefont-otf latexmk xindy poppler-utils

.PHONY: book html pdf test setup tex browser data clean

book: html pdf

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
	$(SYNC)
	$(PY) -m kzdep.consistency
	$(JB) build $(BOOK) $(JBFLAGS) --builder html
	@test -s $(OUT)/_build/html/index.html
	@echo "HTML: $(OUT)/_build/html/index.html"

pdf: setup tex
	$(SYNC)
	$(PY) -m kzdep.consistency
	$(JB) build $(BOOK) $(JBFLAGS) --builder pdflatex
	@test -s $(OUT)/_build/latex/report.pdf
	@if [ -d $(OUT)/_build/html ]; then cp $(OUT)/_build/latex/report.pdf $(OUT)/_build/html/report.pdf; fi
	@echo "PDF: $(OUT)/_build/latex/report.pdf"

browser:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser test (once)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
	  echo "The browser test needs Chromium. Run as root: sudo apt-get install -y chromium"; exit 1; \
	fi

test: setup tex browser
	$(PY) -m pytest -q tests

data: setup
	$(PY) scripts/make_data.py --raw "$(KZDEP_RAW)"

clean:
	rm -rf _build book/figdata book/_generated
