# The README's two commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
KG      = $(BIN)/kg
STAMP   = $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(KG) build
	$(KG) summary
	$(KG) query --name jp-measures-2023-12
	$(KG) query --name ru-countermeasures
	$(KG) query --name south-kurils-claims

test: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy kg

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf build $(VENV)
