"""Test settings: the real settings, made faster. Services come from the same variables as production."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789-abcdefghijkl")
os.environ.setdefault("ORCHARD_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

from kam.settings import *  # noqa: E402,F403
from kam.settings import DATABASES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("ORCHARD_TEST_MAIL_DIR"):
    # A real worker started by a test writes its e-mails where the test can count them.
    EMAIL_BACKEND = "tests.meetings.mailbox.SlowLoggingBackend"
    EMAIL_FILE_PATH = os.environ["ORCHARD_TEST_MAIL_DIR"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' server thread and a real worker must share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
ARTIFACTS_DIR = VAR_DIR.parent / "test-artifacts"
if REDIS_URL:  # noqa: F405
    # Tests clear the cache between cases; keep that away from the broker's queues.
    CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + "/15"  # noqa: F405
    CACHES["pages"]["LOCATION"] = CACHES["default"]["LOCATION"]  # noqa: F405
