"""Pausing Python's cyclic garbage collector while one report is parsed and checked.

Parsing and checking a report make tens of thousands of objects and no reference cycles, so
reference counting frees everything that is dropped. The cyclic collector's passes over those
objects find nothing, and when a run keeps every report (cross-report rules need them) its full
passes walk all the reports kept so far: about a tenth of the time of a batch, and what made a
long input cost more than its length. The collector resumes as soon as the report is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collection"]


@contextmanager
def paused_collection() -> Iterator[None]:
    """Run the body with the cyclic collector off, restoring its previous state after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
