"""The version of Orchard's data: a number that grows with every committed change.

Cached pages are keyed by it (`accounts.pagecache`). Database triggers, not Django signals, keep it,
so bulk updates, raw SQL, imports and the worker's writes move it too. On PostgreSQL each writing
statement adds one `DataChange` row (concurrent writers never wait on each other), and the rows
are folded into `DataVersion` now and then; on SQLite, where writers take turns anyway, the
triggers count into `DataVersion` directly. The version is `DataVersion.changes` plus the number of
`DataChange` rows, read in one statement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: the committed changes folded in so far."""

    changes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return str(self.changes)


class DataChange(models.Model):
    """One committed statement that changed data, not yet folded into `DataVersion`."""

    id = models.BigAutoField(primary_key=True)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")

    def __str__(self) -> str:
        return str(self.pk)
