# The two commands of the README: `make run` and `make test`. Everything else is a step they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test setup catalogues db lint clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate catalogues

catalogues: $(BIN)/activate
	$(FLASK) translate compile >/dev/null

db: setup
	$(FLASK) db upgrade
	$(FLASK) demo load

run: db
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	$(BIN)/pytest -m "not browser and not services"

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
