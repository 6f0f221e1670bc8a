"""Python's cycle collector, tuned for an interactive app. Process-wide, so the entry point
(`cli`) decides: it pauses the collector for start-up and hands `resume` to the app, which
calls it once its first screen is drawn. No Textual here.
"""

from __future__ import annotations

import asyncio
import gc

#: New objects between two passes of the collector over the youngest ones (Python: 700).
#: Drawing one keypress's frame makes ~13,000 short-lived objects (strips, segments, styles);
#: at 700 the collector ran ~18 times per keypress, plus an older-generation pass every
#: few keys: 3-4 ms of each keypress. Almost all of them are freed by reference counting
#: long before a pass at 20,000, which leaves little for the collector to find.
YOUNG_OBJECTS_PER_COLLECTION = 20_000
#: How often the young generations are collected between keypresses, so that an automatic
#: pass (~3 ms at the threshold above) rarely falls inside one.
YOUNG_COLLECTION_SECONDS = 1.0

_tasks: set[asyncio.Task[None]] = set()
#: Whether `keep_made` has kept what the app made ahead (it does so again after a run switch).
_kept_before = False


def pause() -> None:
    """For start-up: the collector would walk every object the imports and the briefing
    created, again and again (~70 ms for the bundled briefing), and none is garbage yet."""
    gc.disable()


def resume() -> None:
    """Once the first screen is drawn, on the app's event loop: keep what start-up built out
    of every later collection (one pass over it costs ~20 ms at 45 items, far more at
    100,000), collect less often, and collect the young generations while keys rest."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])
    gc.enable()
    task = asyncio.get_running_loop().create_task(_collect_young())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def keep_made() -> None:
    """Once the app has made ahead what it keeps for the whole run (the walkthrough, the
    dialogs): keep that out of every later collection too, as `resume` does with what
    start-up made. Otherwise the next pass of the young generations walks all of it (~3-5
    ms), most likely in the first key after the app opens. What is garbage among the young
    is collected first, so that none is kept."""
    global _kept_before
    if not gc.isenabled():
        return
    if _kept_before:
        # Again, after a switch of run: what was kept before (the other run's views) is
        # garbage now, and would stay for good. Everything is let go and walked once.
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    _kept_before = True
    gc.freeze()


async def _collect_young() -> None:
    while True:
        await asyncio.sleep(YOUNG_COLLECTION_SECONDS)
        gc.collect(1)  # the two young generations: ~1 ms while nothing else is happening


def enable() -> None:
    """Turn the collector back on, tuned or not (the app could not start, or has ended)."""
    gc.enable()
