"""Imported applications carry exactly the derived columns sync_derived would give them."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from pipeline_tui import clock
from pipeline_tui.services.transfer import export_json, import_data
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store, open_store
from pipeline_tui.store.tables import application_table

CSV = (
    "Company,Role,Department,Status,Date Applied,Status Date,Notes\n"
    "ByteDance,LLM engineer,Seed,Interview 2,2024-09-01,2024-09-10,note one\n"
    "ＢｙｔｅＤａｎｃｅ,Researcher,,Rejected,2024-08-01,2024-08-20,\n"
    "Baidu,Search,,Offer,2024-07-01,2024-08-02,\n"
    "Baidu,Ranking,,Declined,2024-07-01,2024-08-02,\n"
    "Zhipu,GLM,,Withdrawn,2024-07-01,2024-07-03,\n"
    "Moonshot,Kimi,,Draft,,,\n"
)
_DERIVED = ("stage", "round", "applied_on", "last_event_on", "reached", "replied_on",
            "close_reason", "search_key")  # fmt: skip


def _derived(store: Store) -> dict[int, tuple[object, ...]]:
    columns = [application_table.c[name] for name in _DERIVED]
    with store.read() as session:
        rows = session.execute(sa.select(application_table.c.id, *columns))
        return {row[0]: tuple(row[1:]) for row in rows}


def _resynced(store: Store) -> dict[int, tuple[object, ...]]:
    with store.write() as session:
        for application_id in _derived(store):
            queries.sync_derived(session, application_id, clock.now())
    return _derived(store)


def test_csv_import_derives_what_sync_derived_would(store: Store) -> None:
    import_data(store, CSV.encode(), "t.csv")
    imported = _derived(store)
    assert len(imported) == 6
    assert _resynced(store) == imported


def test_json_merge_derives_what_sync_derived_would(store: Store, tmp_path: Path) -> None:
    import_data(store, CSV.encode(), "t.csv")
    dump = export_json(store).encode()
    other = open_store(tmp_path / "other.db")
    try:
        import_data(other, b"Company,Role,Date Applied\nAcme,Eng,2024-09-02\n", "a.csv")
        report = import_data(other, dump, "dump.json")
        assert report.new == 6
        merged = _derived(other)
        assert _resynced(other) == merged
    finally:
        other.close()
