PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo is pinned to one date so that its output is reproducible; override with AS_OF=...
AS_OF ?= 2026-11-29
DEMO := $(BIN)/velvoite --config examples/velvoite.toml

.PHONY: demo test bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# durable-rules has no wheels and compiles a C extension; if that fails, velvoite still
# installs and runs on its pure-Python matcher.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[durable,test,web]' || $(BIN)/python -m pip install --quiet -e '.[test,web]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p examples/out
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF)
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format json -o examples/out/audit.json
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format csv -o examples/out/audit.csv
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format md --lang fi -o examples/out/audit.fi.md
	$(DEMO) calendar examples/records --region hva-15 --as-of $(AS_OF) --lang fi -o examples/out/deadlines.ics
	$(DEMO) report examples/records --region hva-15 --as-of $(AS_OF) --lang fi --include advice -o examples/out/report.html
	$(DEMO) report examples/records --region hva-15 --as-of $(AS_OF) --lang fi -o examples/out/report.xlsx
	$(DEMO) template --region hva-15 --from 2025-01-01 --until $(AS_OF) --lang fi -o examples/out/template.xlsx
	@echo "wrote examples/out/: audit.json, audit.csv, audit.fi.md, deadlines.ics, report.html, report.xlsx, template.xlsx"

test: $(STAMP)
	$(BIN)/python -m pytest

# Extract the strings to translate, merge them into velvoite/locale/{fi,sv}/LC_MESSAGES/velvoite.po
# (new ones untranslated, never a fuzzy guess) and compile the .mo files; tests/test_i18n.py fails
# while a string is untranslated or a .mo is older than its .po.
messages: $(STAMP)
	$(BIN)/python -m velvoite.i18n_catalogue

bench: $(STAMP)
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf $(VENV) examples/out
