"""Stable import for scripts: `from dashboard.data import load_dataset`.

The loader lives in `dashboard.loading` and the Dataset in `dashboard.model.dataset`; this module
re-exports the loader's public names (docs/ARCHITECTURE.md).
"""

from dashboard.loading import *  # noqa: F403
from dashboard.loading import __all__  # noqa: F401
