"""A Flask-Mailman backend for development: each message becomes one .eml file under MAIL_FILE_PATH."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from flask_mailman.backends.base import BaseEmailBackend


class EmlFileEmailBackend(BaseEmailBackend):
    """Writes `<Message-ID>.eml` (the same bytes SMTP would carry), so a mail client opens it as it would arrive."""

    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or self.mailman.file_path)

    def send_messages(self, email_messages: Any) -> int:
        """Write each message to a file of its own; the count written."""
        self.directory.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            mime = message.message()
            name = re.sub(r"[^A-Za-z0-9._@-]", "_", str(mime["Message-ID"]).strip("<>")) or f"message-{os.getpid()}"
            target = self.directory / f"{name}.eml"
            temporary = target.with_suffix(".eml.part")
            temporary.write_bytes(mime.as_bytes(linesep="\r\n"))
            temporary.replace(target)  # a reader never sees half a message
            written += 1
        return written
