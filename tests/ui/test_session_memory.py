"""The memory a large load frees is handed back to the system (ui/session.release_freed_memory)."""

import sys

import pytest

from dashboard.ui import session


def _resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; malloc_trim is glibc's")
def test_freed_memory_goes_back_to_the_system():
    # Objects of 2 KB come from the C library's heap (Python's own allocator takes only small
    # ones), and keeping every tenth alive leaves the freed ones in the middle of that heap,
    # where the C library does not give them back by itself: as after reading and validating files.
    blocks = [bytes(2048) for _ in range(100_000)]
    kept = blocks[::10]
    del blocks
    before = _resident_mb()
    session.release_freed_memory()
    after = _resident_mb()
    assert before - after > 60, (before, after)  # about 180 MB was freed, of which most whole pages
    assert len(kept) == 10_000
