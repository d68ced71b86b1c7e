"""An e-mail outbox on disk that keeps one file per Message-ID.

Django's file backend appends every send to a log file, so a message sent again is there twice.
Here each message is written, whole or not at all (a temporary file renamed into place), under a
name made from its Message-ID: sending the same reminder again replaces the same file. The
reminder sender gives every attempt at one reminder the same Message-ID (`meetings.delivery`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class MessageFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            raw = message.message()
            name = hashlib.sha256(str(raw["Message-ID"]).encode()).hexdigest()[:32] + ".eml"
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(raw.as_bytes(linesep="\r\n"))
            os.replace(temporary, self.folder / name)
            sent += 1
        return sent
