"""Demo data: a synthetic search loaded in bulk (`pipeline demo`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pipeline_tui.errors import ForceReason, NeedsForce, UserError
from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipeline_tui.store.bulk import Loaded


def fill_demo(
    store: Store,
    size: int,
    seed: int,
    *,
    today: date,
    force: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> Loaded:
    """Add a synthetic search of size applications (refusing a non-empty database unless force)."""
    from pipeline_tui.domain.demo import generate
    from pipeline_tui.store import bulk

    if size < 1:
        raise UserError("the demo needs at least 1 application")
    with store.write() as session:
        existing = bulk.count_applications(session)
        if existing and not force:
            raise NeedsForce(
                ForceReason.NOT_EMPTY,
                f"{store.name} already holds {existing:,} application"
                f"{'s' if existing != 1 else ''}",
            )
        return bulk.load_applications(
            session, generate(size, seed, today), today=today, on_progress=on_progress
        )
