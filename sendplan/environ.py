"""What sendplan takes from environment variables besides the cache folder: each read when wanted and checked."""

from __future__ import annotations

import os

from sendplan.problems import SendplanError

# Starting two workers and sending them the files costs about as much as reading 1.5 MB of YAML (measured:
# docs/benchmarks.md); below this much uncached YAML one process is as fast (sendplan.parallel uses it).
PARALLEL_BYTES = 2 * 1024 * 1024


def parallel_bytes(default: int) -> int:
    """SENDPLAN_PARALLEL_BYTES, how much uncached YAML it takes to start worker processes, or `default` when it is
    unset or empty. Read when wanted, not at import, so that a bad value is a usage error naming it."""
    text = os.environ.get("SENDPLAN_PARALLEL_BYTES", "").strip()
    if not text:  # unset or empty: the default, as for any environment variable
        return default
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise SendplanError(
            f"SENDPLAN_PARALLEL_BYTES={text!r}: give a whole number of bytes, 0 or more (the default is "
            f"{default}), or unset it"
        )
    return value
