import pytest

from qiao.matching.services import reset_index


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Each test builds the in-process index from its own rows, not an earlier test's."""
    reset_index()
    yield
    reset_index()
