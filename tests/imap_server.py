"""A real IMAP server for the mail desk's tests: Debian's Dovecot, started once per test session on a loopback port,
with its own configuration, a passwd-file user and maildirs in a temporary directory (never the system service).
Tests skip, saying why, where Dovecot is not installed (`.ci/install-system-packages` installs dovecot-imapd)."""
from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from imaplib import IMAP4
from pathlib import Path

import pytest
from imapclient import IMAPClient

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
USER, PASSWORD = "support", "imap-test-password"


@dataclass(frozen=True)
class ImapServer:
    """The running Dovecot: where it listens and who may sign in."""

    port: int
    user: str = USER
    password: str = PASSWORD

    @property
    def url(self) -> str:
        """MAIL_IMAP_URL for the app (plain IMAP: the server is on this machine)."""
        return f"imap://{self.user}:{self.password}@127.0.0.1:{self.port}/INBOX"

    def client(self) -> IMAPClient:
        """A signed-in IMAP connection of the test's own."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def empty(self) -> None:
        """Delete every message in every folder, so that each test starts with an empty mailbox."""
        with self.client() as client:
            for _flags, _delimiter, name in client.list_folders():
                client.select_folder(name)
                uids = client.search("ALL")
                if uids:
                    client.delete_messages(uids)
                    client.expunge()

    def count(self, folder: str) -> int:
        """How many messages a folder holds (0 when it does not exist)."""
        with self.client() as client:
            if not client.folder_exists(folder):
                return 0
            return client.folder_status(folder, ["MESSAGES"])[b"MESSAGES"]

    def deliver(self, *messages: bytes) -> None:
        """Put messages into INBOX, as the mail server does when mail arrives."""
        with self.client() as client:
            for message in messages:
                client.append("INBOX", message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _config(root: Path, port: int) -> str:
    """Dovecot's configuration: IMAP on 127.0.0.1 only, no TLS, a passwd-file user with maildirs under `root`."""
    me = pwd.getpwuid(os.getuid())
    # As root, Dovecot's own unprivileged users run it (it refuses to keep mail as root); otherwise the test's user.
    owner = pwd.getpwnam("dovecot") if os.getuid() == 0 else me
    login = "dovenull" if os.getuid() == 0 else me.pw_name
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    os.chown(root / "mail", owner.pw_uid, owner.pw_gid)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {owner.pw_name}
default_internal_group = {grp.getgrgid(owner.pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = {min(owner.pw_uid, 100)}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {owner.pw_name}
  }}
  unix_listener stats-writer {{
    user = {owner.pw_name}
  }}
}}
"""


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # Dovecot's master ends its own children
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """Dovecot on a free loopback port for this test session; stopped (only the process started here) at the end."""
    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-imapd; .ci/install-system-packages)")
    # Not under pytest's temporary directory: as root Dovecot reads its files as its own user, who may not enter it.
    root = Path(tempfile.mkdtemp(prefix="servicekonto-dovecot-"))
    os.chmod(root, 0o755)
    port = _free_port()
    (root / "dovecot.conf").write_text(_config(root, port))
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    server = ImapServer(port)
    deadline = time.monotonic() + 15
    try:
        while True:
            try:
                server.client().logout()
                break
            except (OSError, IMAP4.error):
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                    pytest.fail(f"Dovecot did not start on port {port}: {log[-2000:]}")
                time.sleep(0.1)
        yield server
    finally:
        _stop(process)
        shutil.rmtree(root, ignore_errors=True)
