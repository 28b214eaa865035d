"""A throwaway Dovecot IMAP server in a temporary folder, for the mail tests and benchmark.

It listens on 127.0.0.1 on a free port with a configuration of its own (no system service,
no system mail): one user from a passwd-file, mail in a Maildir under the folder. With
`tls=True` it also listens for IMAPS with a self-signed certificate made by openssl, whose
file `cert` names (set SSL_CERT_FILE to it to trust it). As root, Dovecot's own accounts
(dovecot, dovenull) run its helpers and the mail belongs to `nobody`.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER = "siman"
PASSWORD = "correct horse battery staple"
_BINARY_PLACES = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")


def dovecot_binary() -> str | None:
    """Return the dovecot program, or None when it is not installed."""
    found = shutil.which("dovecot")
    if found:
        return found
    return next((place for place in _BINARY_PLACES if Path(place).exists()), None)


def why_unavailable(*, tls: bool = False) -> str | None:
    """Return why no test server can be started here, or None when one can."""
    if dovecot_binary() is None:
        return "Dovecot is not installed (apt-get install dovecot-imapd)"
    if os.getuid() == 0:
        for account in ("dovecot", "dovenull"):
            try:
                pwd.getpwnam(account)
            except KeyError:
                return f"running as root and there is no {account!r} account for Dovecot"
    if tls and shutil.which("openssl") is None:
        return "openssl is not installed to make a test certificate"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ImapServer:
    """A running server: log in as USER with PASSWORD on 127.0.0.1:port (imaps_port: TLS)."""

    folder: Path
    port: int
    imaps_port: int | None
    process: subprocess.Popen[bytes]
    cert: Path | None = None

    def url(self, mailbox: str = "INBOX", *, secure: bool = False) -> str:
        """The address `pipeline mail` takes for a mailbox of this server."""
        if secure:
            return f"imaps://{USER}@127.0.0.1:{self.imaps_port}/{mailbox}"
        return f"imap://{USER}@127.0.0.1:{self.port}/{mailbox}"

    def append(self, messages: list[bytes], mailbox: str = "INBOX") -> None:
        """Deliver messages into a mailbox (created when missing), unread."""
        import imaplib

        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(USER, PASSWORD)
            client.create(mailbox)
            for data in messages:
                status, detail = client.append(mailbox, "", None, data)
                assert status == "OK", detail

    def flags(self, mailbox: str = "INBOX") -> list[bytes]:
        """Return each message's flags (to check nothing was marked as read)."""
        import imaplib

        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(USER, PASSWORD)
            client.select(mailbox, readonly=True)
            status, data = client.fetch("1:*", "(FLAGS)")
            return [bytes(item) for item in data if item] if status == "OK" else []

    def clear(self, mailbox: str = "INBOX") -> None:
        """Remove every message of a mailbox."""
        import imaplib

        with imaplib.IMAP4("127.0.0.1", self.port) as client:
            client.login(USER, PASSWORD)
            if client.select(mailbox)[0] == "OK":
                client.store("1:*", "+FLAGS", "\\Deleted")
                client.expunge()

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def start_server(*, tls: bool = False) -> ImapServer:
    """Write a configuration in a new temporary folder and start Dovecot on it."""
    reason = why_unavailable(tls=tls)
    if reason is not None:
        raise RuntimeError(reason)
    binary = dovecot_binary()
    assert binary is not None
    folder = Path(tempfile.mkdtemp(prefix="pipeline-imap-"))
    os.chmod(folder, 0o755)
    root = os.getuid() == 0
    if root:
        owner = pwd.getpwnam("nobody")
        uid, gid = owner.pw_uid, owner.pw_gid
        internal, login = "dovecot", "dovenull"
    else:
        uid, gid = os.getuid(), os.getgid()
        internal = login = getpass.getuser()
    mail = folder / "mail"
    mail.mkdir()
    if root:
        os.chown(mail, uid, gid)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    port = _free_port()
    imaps_port = _free_port() if tls else None
    cert = None
    ssl_lines = "ssl = no"
    listeners = f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n"
    if tls:
        cert, key = _certificate(folder)
        ssl_lines = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}"
        listeners += (
            f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps_port}\n"
            "    ssl = yes\n  }\n"
        )
    config = folder / "dovecot.conf"
    config.write_text(
        f"""base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl_lines}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {min(uid, 500)}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
mail_location = maildir:{mail}/%u/Maildir
service imap-login {{
  chroot =
{listeners}}}
service anvil {{
  chroot =
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(config)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = ImapServer(folder, port, imaps_port, process, cert)
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return server
        if process.poll() is not None or time.monotonic() > deadline:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            log = (folder / "dovecot.log").read_text(errors="replace") if (
                folder / "dovecot.log").exists() else ""  # fmt: skip
            server.stop()
            raise RuntimeError(f"the test Dovecot did not start: {error} {log}".strip())
        time.sleep(0.05)
