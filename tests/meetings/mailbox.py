"""The outbox a real worker writes in the worker tests: one file per Message-ID (the product's
backend), slowed down so a test can kill the worker half way through a batch, and a log line per
send attempt so a test can tell a message sent again from one sent once."""

import os
import time
from pathlib import Path

from meetings.mail import MessageFileBackend


class SlowLoggingBackend(MessageFileBackend):
    def send_messages(self, email_messages) -> int:
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        log = Path(self.folder) / "attempts.log"
        sent = 0
        for message in email_messages:
            time.sleep(float(os.environ.get("ORCHARD_TEST_MAIL_DELAY", "0")))
            with log.open("a") as file:
                file.write(message.extra_headers.get("Message-ID", "") + "\n")
            sent += super().send_messages([message])
        return sent
