"""Process helpers shared by the build and the search indexes (no project imports)."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """Whether a process with this id exists (it may be a stranger that reused the id: then a
    stale folder waits for a later build, which is harmless)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
