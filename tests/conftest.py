import pytest

from velvoite.engine.match_durable import available
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules

ENGINES = ["python"] + (["durable"] if available() else [])


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def rules():
    return builtin_rules()


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param
