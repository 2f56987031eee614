"""`chatbi serve` freezes what start-up loaded, so full garbage collections stop scanning it (docs/connect.md)."""

from __future__ import annotations

import gc

from assistant.ui.server import freeze_startup_objects


def test_start_up_objects_leave_the_collectors_reach_and_new_cycles_are_still_collected() -> None:
    gc.unfreeze()
    loaded: list[object] = []
    loaded.append(loaded)  # a container tracked by the collector, alive since "start-up"
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
        assert not any(tracked is loaded for tracked in gc.get_objects())  # in no generation: never scanned
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # garbage made after the freeze is collected as before
    finally:
        gc.unfreeze()
