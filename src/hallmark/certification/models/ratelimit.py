"""The rate limit's counters when the cache cannot count atomically (the database cache)."""

from django.db import models


class RateCount(models.Model):
    """Requests of one client in one scope during the current fixed window (a minute).

    One row per scope and client, counted by a single upsert (`ratelimit.count_in_table`), so
    that concurrent workers never lose a count; a new window starts the row again at 1.
    """

    key = models.CharField(max_length=200, primary_key=True)
    minute = models.BigIntegerField(help_text="the window: Unix time // 60")
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.count} in minute {self.minute}"
