import shutil
from pathlib import Path

import pytest

from dashboard.data import load_dataset

FIXTURES = Path(__file__).parent / "fixtures"
FREEDONIA = FIXTURES / "freedonia"
REAL_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def freedonia():
    return load_dataset(FREEDONIA)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the Freedonia fixture; edit files in it to break it."""
    target = tmp_path / "data"
    shutil.copytree(FREEDONIA, target)
    return target
