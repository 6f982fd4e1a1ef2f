"""A warm worker's long-lived objects out of the garbage collector's way (issue 19).

A server process that has served a few pages holds some 200 000 objects that live as long as it
does: modules, URL patterns, compiled templates, translation catalogues, form classes, the
querysets built once per process. Python's full (generation 2) collection walks every one of them
to find cycles among the few that died: on the bench's process that took 134–169 ms, about once in
every fifteen pages, and landed on whichever request allocated the object that set it off — the
agreement PDF took 270–300 ms instead of 125–145 in those rounds (docs/benchmarks/latest.md).

After the process's first requests, and again after ten and a hundred times as many (caches of
pages visited later), `gc.collect()` clears what is garbage then and `gc.freeze()` moves every
object still alive to a permanent generation that the collector skips from then on; a full
collection then walks only what was made since. Nothing changes for the objects themselves:
reference counting still frees them, and a frozen object is only kept if it becomes part of a
garbage cycle afterwards (a replaced cache entry that points to itself), which three freezes bound.

Each freeze is one full collection, run after a response has been handed to the server
(`request_finished`), three times in a worker's life. `KRAMI_GC_FREEZE_AFTER` (settings) gives the
first count, 0 turns it off; the test suite turns it off, since its process lives for thousands of
tests whose objects would be frozen with it.
"""

import gc
import logging

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver

logger = logging.getLogger(__name__)

_served = 0


def freeze_points(first: int) -> tuple[int, ...]:
    """The counts of served requests after which the process freezes what it holds."""
    return (first, first * 10, first * 100) if first > 0 else ()


@receiver(request_finished, dispatch_uid="krami.warm.freeze_when_warm")
def freeze_when_warm(sender, **kwargs) -> None:
    """Count the requests this process has served; freeze what it holds at each freeze point."""
    global _served  # noqa: PLW0603 (one counter per process, by design)
    _served += 1
    if _served in freeze_points(settings.KRAMI_GC_FREEZE_AFTER):
        gc.collect()
        gc.freeze()
        if logger.isEnabledFor(logging.INFO):  # counting the frozen objects walks them (18 ms)
            logger.info("Objects kept out of full collections after %d requests: %d", _served, gc.get_freeze_count())
