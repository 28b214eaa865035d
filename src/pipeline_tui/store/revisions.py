"""Schema revisions this version knows, so an up-to-date database opens without alembic."""

# Keep in step with store/migrations/versions; tests/store/test_migrations.py checks they agree.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
