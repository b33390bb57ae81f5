PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AS_OF ?= 2026-11-29

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[durable,test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p examples/out
	$(BIN)/velvoite audit examples/records --region hva-15 --as-of $(AS_OF) --format table
	$(BIN)/velvoite audit examples/records --region hva-15 --as-of $(AS_OF) --format json -o examples/out/audit.json
	$(BIN)/velvoite audit examples/records --region hva-15 --as-of $(AS_OF) --format csv -o examples/out/audit.csv
	@echo "wrote examples/out/audit.json and examples/out/audit.csv"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_audit.py

clean:
	rm -rf $(VENV) examples/out
