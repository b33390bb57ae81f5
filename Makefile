PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo is pinned to one date so that its output is reproducible; override with AS_OF=...
AS_OF ?= 2026-11-29
# The language of the audit the demo prints (the example config says en): make demo DEMO_LANG=fi (LUEMINUT.md) or sv
DEMO_LANG ?= en
DEMO := $(BIN)/velvoite --config examples/velvoite.toml

.PHONY: demo test test-pythons bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# durable-rules has no wheels and compiles a C extension; if that fails, velvoite still
# installs and runs on its pure-Python matcher.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[durable,test,web,pdf,fast,harvest]' || $(BIN)/python -m pip install --quiet -e '.[test,web,pdf,fast,harvest]' \
	  || $(BIN)/python -m pip install --quiet -e '.[test,web]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p examples/out
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --lang $(DEMO_LANG)
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format json -o examples/out/audit.json
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format csv -o examples/out/audit.csv
	$(DEMO) audit examples/records --region hva-15 --as-of $(AS_OF) --format md --lang fi -o examples/out/audit.fi.md
	$(DEMO) calendar examples/records --region hva-15 --as-of $(AS_OF) --lang fi -o examples/out/deadlines.ics
	$(DEMO) report examples/records --region hva-15 --as-of $(AS_OF) --lang fi --include advice -o examples/out/report.html
	$(DEMO) report examples/records --region hva-15 --as-of $(AS_OF) --lang fi -o examples/out/report.xlsx
	$(DEMO) template --region hva-15 --from 2025-01-01 --until $(AS_OF) --lang fi -o examples/out/template.xlsx
	@echo "wrote examples/out/: audit.json, audit.csv, audit.fi.md, deadlines.ics, report.html, report.xlsx, template.xlsx"

# One pytest-xdist worker per core (at most 4), each test file in one worker, the slowest files first
# (tests/conftest.py); `.venv/bin/python -m pytest` alone runs the same tests in one process.
WORKERS := -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder
test: $(STAMP)
	$(BIN)/python -m pytest $(WORKERS)

# The suite on the other supported Pythons (3.12, 3.13), each in a venv of its own (.venv-3.12, .venv-3.13),
# with the interpreter from PATH or pyenv's versions; a Python not found is named and passed over.
# (make test runs tests/test_installed_package.py, which installs the wheel and runs every command on each
# of them; this runs the whole suite.) On 3.13 durable-rules builds but does not load: its tests skip.
OTHER_PYTHONS ?= 3.12 3.13
test-pythons:
	@for v in $(OTHER_PYTHONS); do \
	  py=$$(python$$v -c 'import sys; print(sys.executable)' 2>/dev/null || ls $$HOME/.pyenv/versions/$$v.*/bin/python$$v 2>/dev/null | tail -n 1); \
	  if [ -z "$$py" ]; then echo "python$$v: not found here, not tested"; continue; fi; \
	  echo "== the suite on $$py"; \
	  [ -x .venv-$$v/bin/python ] || $$py -m venv .venv-$$v || exit 1; \
	  .venv-$$v/bin/python -m pip install --quiet -e '.[durable,test,web]' || .venv-$$v/bin/python -m pip install --quiet -e '.[test,web]' || exit 1; \
	  .venv-$$v/bin/python -m pytest $(WORKERS) -p no:cacheprovider --deselect tests/test_installed_package.py || exit 1; \
	done

# Extract the strings to translate, merge them into velvoite/locale/{fi,sv}/LC_MESSAGES/velvoite.po
# (new ones untranslated, never a fuzzy guess) and compile the .mo files; tests/test_i18n.py fails
# while a string is untranslated or a .mo is older than its .po.
messages: $(STAMP)
	$(BIN)/python -m velvoite.i18n_catalogue

bench: $(STAMP)
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_columnar.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_workspace.py
	$(BIN)/python bench/bench_trend.py

clean:
	rm -rf $(VENV) .venv-3.* examples/out
