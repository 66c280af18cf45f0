# The README's two commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
KG      = $(BIN)/kg
STAMP   = $(VENV)/.installed

.PHONY: demo test lint bench docs clean system-packages

# Debian packages the project needs: Chromium for the browser views (Playwright launches it through
# executable_path; `playwright install` would download a browser and fails offline), libseccomp
# for the query workers' network ban, ICU headers to build PyICU (followthemoney) where no wheel
# fits. Installed only where missing (CI machines run as root).
SYSTEM_PACKAGES = chromium libseccomp2 libicu-dev pkg-config
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

$(STAMP): pyproject.toml | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip "setuptools>=77"
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(KG) build
	$(KG) summary
	$(KG) query --name jp-measures-2023-12
	$(KG) query --name ru-countermeasures
	$(KG) query --name south-kurils-claims
	$(KG) analyse
	$(KG) view

test: $(STAMP) system-packages
	$(BIN)/ruff check kg tests bench notebooks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests bench notebooks
	$(BIN)/ruff format --check kg tests bench notebooks
	$(BIN)/mypy kg

docs: $(STAMP)
	$(KG) docs --out build/docs

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf build $(VENV)
