"""The session's data: loaded once per process and shared read-only, reloaded when a file changes."""

from __future__ import annotations

import contextlib
import ctypes
import gc
from pathlib import Path

import pyarrow
import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, ngettext
from dashboard.loading import DataError, Dataset, data_dir_from_env, load_dataset, source_files
from dashboard.render import geo


def _fingerprint(data_dir: Path) -> tuple:
    """Modification times and sizes of every file the loader reads (briefing decks included):
    editing any of them and reloading shows the change, while an ordinary rerun reads nothing."""
    stamps = []
    for path in source_files(data_dir):
        try:
            stat = path.stat()
            stamps.append((path.name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((path.name, None, None))
    return tuple(stamps)


# The spinner's text is fixed when the module is imported, so it stays English: it shows only
# while the data is read, once per process and after a data file changed.
@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def _load(data_dir: str, fingerprint: tuple) -> Dataset:
    # cache_resource, not cache_data: the validated Dataset is shared read-only by every session
    # and rerun, instead of being unpickled again on each one.
    loaded = load_dataset(Path(data_dir))
    release_freed_memory()
    return loaded


def release_freed_memory() -> None:
    """Hands back to the system the memory that reading and validating the files freed. Arrow's
    pool and the C library's heap keep freed pages for reuse, and the server's resident memory
    then never falls: at 100,000 milestones it stayed about 170 MB above what the dataset holds,
    and every page's own peak came on top of that (docs/PERFORMANCE.md). Once per load."""
    pyarrow.default_memory_pool().release_unused()
    with contextlib.suppress(AttributeError, OSError):  # glibc; elsewhere (macOS, musl) there is no such call
        ctypes.CDLL(None).malloc_trim(0)


def dataset() -> Dataset:
    """The data, its texts worded in this run's language (each language made once and kept)."""
    data_dir = data_dir_from_env().resolve()
    return _load(str(data_dir), _fingerprint(data_dir)).in_language(i18n.current())


@st.cache_resource
def world_geojson() -> dict:
    return geo.load_world()


_frozen = False
_completed_runs = 0


def freeze_long_lived_objects() -> None:
    """Call at the start of every script run. At the start of the second run in the process,
    moves every object alive (modules, the cached data, plotly's validators) out of the garbage
    collector's sight: Streamlit runs a full collection after every script run, and those
    long-lived objects made each of them slow (docs/PERFORMANCE.md, "gc freeze"). Not during the
    first run, so that the first page waits for nothing."""
    global _frozen
    if not _frozen and _completed_runs:
        _frozen = True
        gc.freeze()


def run_completed() -> None:
    global _completed_runs
    _completed_runs += 1


def show_data_error(error: DataError) -> None:
    """The problems themselves stay in English: they are for the data's maintainers."""
    st.title(_("The data could not be loaded"), anchor=False)
    count = len(error.problems)
    st.error(
        ngettext(
            "The data directory has {count} problem. Nothing is shown until it is fixed. "
            "Each line names the file, the line and the column.",
            "The data directory has {count} problems. Nothing is shown until they are fixed. "
            "Each line names the file, the line and the column.",
            count,
        ).format(count=count)
    )
    st.code("\n".join(str(p) for p in error.problems[:200]), language=None, wrap_lines=True)
    if count > 200:
        more = count - 200
        st.caption(
            ngettext(
                "…and {count} more. Run `python -m dashboard.validate` for the full list.",
                "…and {count} more. Run `python -m dashboard.validate` for the full list.",
                more,
            ).format(count=more)
        )
    st.caption(_("Check the directory with `python -m dashboard.validate [DATA_DIR]`; the data dictionary is docs/DATA.md."))
