"""Backing up and restoring a Hallmark site: its database, private files and issuer keys.

See docs/operations.md for the commands and what an archive holds.
"""

from hallmark.site.backup.archive import BackupError
from hallmark.site.backup.make import create_backup
from hallmark.site.backup.restore import Restored, restore_backup

__all__ = ["BackupError", "Restored", "create_backup", "restore_backup"]
