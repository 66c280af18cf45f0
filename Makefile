# The README's two commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
KG      = $(BIN)/kg
STAMP   = $(VENV)/.installed

.PHONY: demo test lint bench clean system-packages

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

# Debian packages the tests drive: Chromium for the browser views (Playwright launches it through
# executable_path; `playwright install` would download a browser and fails offline) and libseccomp
# for the query workers' network ban. Installed only where missing, as root on CI machines.
SYSTEM_PACKAGES = chromium libseccomp2
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

test: $(STAMP) system-packages
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
