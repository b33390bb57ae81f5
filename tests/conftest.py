import os

import pytest
from hypothesis import settings

from velvoite.engine.match_durable import available
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules

# CI runs a fixed set of examples (the same on every run, so a landing never depends on luck);
# local runs explore new ones. .ci/run sets HYPOTHESIS_PROFILE=ci.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
