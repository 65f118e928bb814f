"""Stable import for scripts: `from dashboard.data import load_dataset`.

The loader lives in `dashboard.loading` and the Dataset in `dashboard.model.dataset`; this module
only re-exports their public names (docs/ARCHITECTURE.md).
"""

from dashboard.loading import (
    DATA_DIR_ENV,
    DATA_FILES,
    DEFAULT_DATA_DIR,
    DataError,
    Problem,
    data_dir_from_env,
    load_dataset,
    source_files,
    validate_dir,
)
from dashboard.model.dataset import Dataset

__all__ = [
    "DATA_DIR_ENV",
    "DATA_FILES",
    "DEFAULT_DATA_DIR",
    "DataError",
    "Dataset",
    "Problem",
    "data_dir_from_env",
    "load_dataset",
    "source_files",
    "validate_dir",
]
