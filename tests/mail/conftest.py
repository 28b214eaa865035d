"""Fixtures of the mail suite: a throwaway Dovecot IMAP server on loopback (one per session
and xdist worker, started the first time a test asks), and a mailbox of its own per test."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

_mailboxes = itertools.count(1)


@pytest.fixture(scope="session")
def imap_server() -> Iterator[object]:
    """A Dovecot server on 127.0.0.1 without TLS; skipped, with the reason, when none runs."""
    import dovecot

    reason = dovecot.why_unavailable()
    if reason is not None:
        pytest.skip(f"IMAP tests skipped: {reason} (.ci/run installs dovecot-imapd)")
    server = dovecot.start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def imaps_server() -> Iterator[object]:
    """A Dovecot server that also speaks IMAPS and STARTTLS, with a self-signed certificate."""
    import dovecot

    reason = dovecot.why_unavailable(tls=True)
    if reason is not None:
        pytest.skip(f"IMAPS tests skipped: {reason} (.ci/run installs dovecot-imapd)")
    server = dovecot.start_server(tls=True)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox_name() -> str:
    """A mailbox name no other test of the session uses."""
    return f"Test{next(_mailboxes)}"
