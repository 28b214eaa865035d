"""`pipeline doctor`: check the database and say what to do about each problem found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline_tui.paths import ServerUrl
from pipeline_tui.store.health import HealthFacts, inspect, private_mode_problems
from pipeline_tui.store.revisions import HEAD_REVISION, KNOWN_REVISIONS

if TYPE_CHECKING:
    from pipeline_tui.store.server import ServerFacts

Status = Literal["ok", "warning", "problem"]
# Above this the -wal file is not being checkpointed (another program holds an old snapshot).
WAL_LIMIT_BYTES = 4 * 1024 * 1024
BACKUP_STALE_DAYS = 7
# Every command makes a few round trips to a server; above this each one is noticeably slow.
LATENCY_LIMIT_MS = 50.0


@dataclass(frozen=True, slots=True)
class Check:
    """One thing doctor looked at: its verdict, what it saw, and what to do about it."""

    name: str
    status: Status
    detail: str
    advice: str = ""

    def as_json(self) -> dict[str, Any]:
        """Return {"name", "status", "detail", "advice"}."""
        return {
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "advice": self.advice,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Every check of one database."""

    path: Path | ServerUrl
    checks: list[Check]

    @property
    def problems(self) -> int:
        """How many checks found something that needs doing."""
        return sum(check.status == "problem" for check in self.checks)

    def as_json(self) -> dict[str, Any]:
        """Return {"database", "problems", "warnings", "checks": [...]}."""
        return {
            "database": str(self.path),
            "problems": self.problems,
            "warnings": sum(check.status == "warning" for check in self.checks),
            "checks": [check.as_json() for check in self.checks],
        }


def examine(path: Path | ServerUrl, *, now: datetime, own_folder: bool) -> Report:
    """Inspect the database at path (without changing it) and judge what was found.

    own_folder: the folder is pipeline-tui's own (the default data folder), so it should be
    private too; a folder the user chose (--db ./search.db) is theirs to open up. A server's
    database gets its own checks: the server's version, the round-trip time, the schema.
    """
    if isinstance(path, ServerUrl):
        from pipeline_tui.store.server import inspect_server

        return Report(path, judge_server(inspect_server(path)))
    return Report(path, judge(inspect(path), now=now, own_folder=own_folder))


def judge_server(facts: ServerFacts) -> list[Check]:
    """Turn what inspect_server found into checks."""
    if facts.error is not None:
        return [
            Check(
                "database",
                "problem",
                facts.error,
                "check that the server is running and that the URL (user, password, host, "
                "port, database name) is right; see docs/postgres.md",
            )
        ]
    server = Check("server", "ok", f"PostgreSQL {facts.version}")
    if not facts.pipeline_database:
        return [
            server,
            Check(
                "database",
                "problem",
                f"{facts.name} holds other tables, but is not a pipeline-tui database",
                "create a database of its own for the tracker (createdb pipeline) and point "
                "--db or $PIPELINE_DB at it",
            ),
        ]
    latency = f"round trip {facts.latency_ms:.1f} ms (median of 5)"
    if facts.latency_ms > LATENCY_LIMIT_MS:
        timing = Check(
            "latency",
            "warning",
            latency,
            "every command makes a few round trips; a server nearer to you (or a faster "
            "network) makes commands quicker",
        )
    else:
        timing = Check("latency", "ok", latency)
    return [server, timing, _revision(facts.revision)]


def judge(facts: HealthFacts, *, now: datetime, own_folder: bool = True) -> list[Check]:
    """Turn what inspect found into checks, each with advice where something needs doing."""
    if not facts.exists:
        return [
            Check(
                "database",
                "problem",
                f"there is no database at {facts.path}",
                "run a command that writes (pipeline add ...) to create it, or check --db and "
                "$PIPELINE_DB",
            )
        ]
    if facts.error is not None:
        return [
            Check(
                "database",
                "problem",
                f"{facts.path} cannot be read: {facts.error}",
                "restore the newest backup (pipeline restore PATH) or a copy from elsewhere",
            )
        ]
    if not facts.pipeline_database:
        return [
            Check(
                "database",
                "problem",
                f"{facts.path} is a SQLite database, but not a pipeline-tui one",
                "point --db or $PIPELINE_DB at the tracker's database",
            )
        ]
    return [
        _integrity(facts),
        _revision(facts.revision),
        _pragmas(facts),
        _modes(facts, own_folder),
        _wal(facts),
        _backups(facts, now),
    ]


def _integrity(facts: HealthFacts) -> Check:
    if facts.integrity == ["ok"] and not facts.foreign_key_problems:
        return Check("integrity", "ok", "PRAGMA integrity_check: ok; no broken references")
    found = "; ".join(facts.integrity[:3])
    if facts.foreign_key_problems:
        found += f"; {facts.foreign_key_problems} broken references"
    return Check(
        "integrity",
        "problem",
        f"the database is damaged: {found}",
        "stop writing to it; restore the newest backup (pipeline restore PATH), or export what "
        "can still be read (pipeline export --format json) and import it into a new file",
    )


def _revision(revision: str | None) -> Check:
    if revision == HEAD_REVISION or revision is None:
        return Check("schema", "ok", f"schema revision {revision or 'new'} (current)")
    if revision in KNOWN_REVISIONS:
        return Check(
            "schema",
            "warning",
            f"schema revision {revision}; this version uses {HEAD_REVISION}",
            "the next command upgrades it (a SQLite file is copied beside it first)",
        )
    return Check(
        "schema",
        "problem",
        f"schema revision {revision!r} is newer than this version knows ({HEAD_REVISION})",
        "upgrade pipeline-tui; this version leaves the file untouched",
    )


def _pragmas(facts: HealthFacts) -> Check:
    issues = []
    if not facts.foreign_keys:
        issues.append("foreign keys are off")
    if facts.busy_timeout_ms < 1000:
        issues.append(f"busy timeout is {facts.busy_timeout_ms} ms")
    if issues:
        return Check(
            "settings",
            "problem",
            "; ".join(issues),
            "this SQLite build ignores settings pipeline-tui needs; report it with `python -c "
            '"import sqlite3; print(sqlite3.sqlite_version)"`',
        )
    if facts.journal_mode != "wal":
        return Check(
            "settings",
            "warning",
            f"journal mode is {facts.journal_mode!r}, not WAL: this filesystem refuses it",
            "it still works with a rollback journal, but other programs wait while one "
            "writes; keep the database on a local disk for WAL",
        )
    return Check(
        "settings",
        "ok",
        f"WAL journal, foreign keys on, busy timeout {facts.busy_timeout_ms // 1000} s",
    )


def _modes(facts: HealthFacts, own_folder: bool) -> Check:
    loose = [item for item in private_mode_problems(facts) if own_folder or not item.is_dir]
    if not loose:
        return Check("permissions", "ok", "readable by you only (files 0600, its folder 0700)")
    shown = ", ".join(f"{item.path} is {item.mode:o}" for item in loose)
    commands = "; ".join(f"chmod {'700' if item.is_dir else '600'} '{item.path}'" for item in loose)
    return Check("permissions", "problem", f"others can read it: {shown}", commands)


def _wal(facts: HealthFacts) -> Check:
    size = facts.wal_bytes
    if size <= WAL_LIMIT_BYTES:
        return Check("wal", "ok", f"write-ahead log {size / 1024:,.0f} KB")
    return Check(
        "wal",
        "warning",
        f"write-ahead log is {size / 1024 / 1024:,.1f} MB",
        "another program keeps an old read open (a second UI?); close it and the log shrinks "
        "at the next write",
    )


def _backups(facts: HealthFacts, now: datetime) -> Check:
    if not facts.backups:
        return Check("backup", "warning", "no backup beside the database", "run pipeline backup")
    newest, when = facts.backups[0]
    age = (now - when).days
    if age > BACKUP_STALE_DAYS:
        return Check(
            "backup",
            "warning",
            f"the newest backup ({newest.name}) is {age} days old",
            "run pipeline backup",
        )
    return Check("backup", "ok", f"newest backup {newest.name}, {age} days old")
