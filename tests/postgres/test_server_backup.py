"""A search moved from SQLite to a server, and backups of a server database (its JSON export)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from pipeline_tui.cli import run
from pipeline_tui.paths import ServerUrl


def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """The command line in-process, with byte-backed streams (import - reads stdin)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        code = run(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    texts = [stream.buffer.getvalue().decode() for stream in (out, err)]  # type: ignore[attr-defined]
    return code, texts[0], texts[1]


def _server(request: pytest.FixtureRequest, name: str) -> ServerUrl:
    server = request.getfixturevalue("pg_server")
    database = f"{name}_{os.getpid()}"
    server.admin(f"CREATE DATABASE {database}")
    request.addfinalizer(lambda: server.admin(f"DROP DATABASE {database} WITH (FORCE)"))
    return ServerUrl(server.url(database))


def _without_stamp(export: str) -> dict[str, object]:
    data = json.loads(export)
    data.pop("exported_at", None)
    return data


def test_a_search_moves_from_sqlite_to_a_server_unchanged(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    local = str(tmp_path / "local.db")
    assert _run("--db", local, "demo", "--size", "300", "--seed", "3")[0] == 0
    for args in (
        ["contact", "add", "Li Lei", "--company", "Meituan", "--every", "14"],
        ["contact", "link", "li", "1", "--as", "referred me"],
        ["offer", "2", "--base", "26k x 16", "--bonus", "15%", "--deadline", "2024-09-20"],
        ["remind", "3", "call back", "--on", "2024-09-18"],
    ):
        code, _, err = _run("--db", local, *args)
        assert code == 0, (args, err)
    code, export, err = _run("--db", local, "export", "--format", "json")
    assert code == 0, err
    server = str(_server(request, "moved"))
    code, _, err = _run("--db", server, "import", "-", stdin=export)
    assert code == 0, err
    for report in (["funnel", "--format", "json"], ["offers", "--format", "json"], ["due"]):
        assert _run("--db", local, *report)[1] == _run("--db", server, *report)[1], report
    again = _run("--db", server, "export", "--format", "json")[1]
    assert _without_stamp(again) == _without_stamp(export)


def test_a_server_backup_is_its_export_and_restore_puts_it_back(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    server = str(_server(request, "backed"))
    _run("--db", server, "add", "Acme", "Eng")
    _run("--db", server, "add", "Baidu", "Search")
    code, out, err = _run("--db", server, "backup")
    assert code == 0, err
    (backup,) = tmp_path.glob("*-backup-*.json")
    assert out.startswith(f"Backed up 2 applications to {backup}")
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    _run("--db", server, "add", "Later", "Eng")
    _run("--db", server, "move", "1", "rejected")
    code, out, err = _run("--db", server, "restore", str(backup))
    assert code == 0, err
    listed = json.loads(_run("--db", server, "list", "--format", "json")[1])
    assert [(item["company"], item["stage"]) for item in listed] == [
        ("Acme", "submitted"),
        ("Baidu", "submitted"),
    ]
    (kept,) = tmp_path.glob("before-restore-*.json")
    assert "Later" in kept.read_text()
    # A SQLite backup restores into a server as well (moving back and forth by file).
    local = str(tmp_path / "file.db")
    _run("--db", local, "add", "FromFile", "Eng")
    code, _, err = _run("--db", local, "backup", str(tmp_path / "file-backup.db"))
    assert code == 0, err
    code, _, err = _run("--db", server, "restore", str(tmp_path / "file-backup.db"))
    assert code == 0, err
    listed = json.loads(_run("--db", server, "list", "--format", "json")[1])
    assert [item["company"] for item in listed] == ["FromFile"]
    assert _run("--db", server, "add", "Next", "Eng")[0] == 0  # ids go on after restored ones
