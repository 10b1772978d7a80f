"""Recertification arithmetic: a cycle's dates and phase, its reminders, the CE credits that
count toward renewal (and what is missing, in the reader's language), and the reproducible
audit sample.

Nothing here touches the database: services turn models into these dataclasses and back.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext, ngettext

from hallmark.certification.data import NoticeKind, Phase
from hallmark.certification.dates import add_months, expiry_date

ZERO = Decimal(0)
DAY = datetime.timedelta(days=1)

# Reminders before expiry, in days.
REMINDER_DAYS = ((NoticeKind.DAYS_180, 180), (NoticeKind.DAYS_90, 90), (NoticeKind.DAYS_30, 30))


def next_expiry(
    old_expiry: datetime.date, validity_months: int, *, at_month_end: bool
) -> datetime.date:
    """A renewed cycle's expiry: the old expiry plus the validity, never the renewal date plus it.

    31 March 2029 + 36 months is 31 March 2032; 28 February 2027 + 36 months is 28 February
    2030; with the last-day-of-month rule, 28 February 2027 + 12 months is 29 February 2028.
    """
    return expiry_date(old_expiry, validity_months, at_month_end=at_month_end)


@dataclass(frozen=True)
class CycleDates:
    """The dates that govern one cycle. The credential is valid through ``expires_on``."""

    starts_on: datetime.date
    expires_on: datetime.date
    window_opens_on: datetime.date
    grace_ends_on: datetime.date
    reinstatement_ends_on: datetime.date

    @classmethod
    def of(
        cls,
        starts_on: datetime.date,
        expires_on: datetime.date,
        *,
        window_months: int,
        grace_days: int,
        reinstatement_days: int,
    ) -> "CycleDates":
        if reinstatement_days < grace_days:
            raise ValueError(
                f"reinstatement_days ({reinstatement_days}) must be at least grace_days "
                f"({grace_days})"
            )
        return cls(
            starts_on=starts_on,
            expires_on=expires_on,
            window_opens_on=max(starts_on, add_months(expires_on, -window_months)),
            grace_ends_on=expires_on + datetime.timedelta(days=grace_days),
            reinstatement_ends_on=expires_on + datetime.timedelta(days=reinstatement_days),
        )

    def phase(self, day: datetime.date) -> Phase:
        if day < self.window_opens_on:
            return Phase.BEFORE_WINDOW
        if day <= self.expires_on:
            return Phase.WINDOW_OPEN
        if day <= self.grace_ends_on:
            return Phase.GRACE
        if day <= self.reinstatement_ends_on:
            return Phase.REINSTATEMENT
        return Phase.LAPSED

    def reminders(self) -> list[tuple[NoticeKind, datetime.date]]:
        """Every reminder of the cycle with the day it falls due, earliest first.

        "Expired" falls due the first day the credential is no longer valid, "grace ended" the
        first day after the grace period. Reminders that would fall before the cycle starts
        are left out.
        """
        schedule = [(NoticeKind.WINDOW_OPEN, self.window_opens_on)]
        schedule += [
            (kind, self.expires_on - datetime.timedelta(days=d)) for kind, d in REMINDER_DAYS
        ]
        schedule += [
            (NoticeKind.EXPIRED, self.expires_on + DAY),
            (NoticeKind.GRACE_ENDED, self.grace_ends_on + DAY),
        ]
        kept = [(kind, due) for kind, due in schedule if due >= self.starts_on]
        return sorted(kept, key=lambda pair: pair[1])

    def due_reminder(self, day: datetime.date) -> tuple[NoticeKind, datetime.date] | None:
        """The one reminder to send on ``day``: the latest that has fallen due.

        Earlier ones that were missed (the job did not run) are not sent late: the latest says
        what is true now, so a catch-up run sends one message, not a burst.
        """
        due = [pair for pair in self.reminders() if pair[1] <= day]
        return due[-1] if due else None


# --- continuing education credits ------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRule:
    """A CE category's rule: credits per hour (or per activity), a minimum and a cap."""

    code: str
    name: str
    min_credits: Decimal = ZERO
    max_credits: Decimal | None = None
    multiplier: Decimal = Decimal(1)
    fixed_credits: Decimal | None = None

    def credits_for(self, hours: Decimal) -> Decimal:
        """Teaching at 2 per hour: 6 hours give 12 credits; a 3-credit college course gives 10
        whatever its hours."""
        if hours <= 0:
            return ZERO
        if self.fixed_credits is not None:
            return self.fixed_credits
        return hours * self.multiplier


@dataclass(frozen=True)
class Counted:
    """One activity's hours as they stand: counted (accepted) or waiting for review."""

    category: str
    hours: Decimal
    pending: bool = False


@dataclass(frozen=True)
class CategoryProgress:
    rule: CategoryRule
    earned: Decimal  # credits of accepted activities, before the cap
    counted: Decimal  # what counts toward renewal: earned, capped
    pending: Decimal  # credits waiting for review (before the cap)

    @property
    def shortfall(self) -> Decimal:
        """Credits still needed to meet the category's minimum."""
        return max(ZERO, self.rule.min_credits - self.counted)

    @property
    def room(self) -> Decimal | None:
        """Credits this category can still add; None when it has no cap."""
        if self.rule.max_credits is None:
            return None
        return max(ZERO, self.rule.max_credits - self.counted)

    @property
    def over_cap(self) -> Decimal:
        return self.earned - self.counted


@dataclass(frozen=True)
class Progress:
    """Credits per category against minimums and caps, and whether renewal's CE is met."""

    required: Decimal
    categories: tuple[CategoryProgress, ...]

    @property
    def counted(self) -> Decimal:
        return sum((c.counted for c in self.categories), ZERO)

    @property
    def pending(self) -> Decimal:
        return sum((c.pending for c in self.categories), ZERO)

    @property
    def still_needed(self) -> Decimal:
        return max(ZERO, self.required - self.counted)

    @property
    def short_categories(self) -> tuple[CategoryProgress, ...]:
        return tuple(c for c in self.categories if c.shortfall > 0)

    @property
    def met(self) -> bool:
        return self.still_needed == 0 and not self.short_categories

    def problems(self) -> list[str]:
        """What is still missing, in words in the active language; empty when the requirement
        is met."""
        problems = []
        if self.still_needed:
            problems.append(
                ngettext(
                    "%(needed)s more CE credit is needed (%(counted)s of %(required)s count so "
                    "far).",
                    "%(needed)s more CE credits are needed (%(counted)s of %(required)s count so "
                    "far).",
                    1 if self.still_needed == 1 else 2,
                )
                % {
                    "needed": number_said(self.still_needed),
                    "counted": number_said(self.counted),
                    "required": number_said(self.required),
                }
            )
        for category in self.short_categories:
            problems.append(
                gettext("%(category)s: %(needed)s more credits are needed (at least %(minimum)s).")
                % {
                    "category": category.rule.name,
                    "needed": number_said(category.shortfall),
                    "minimum": number_said(category.rule.min_credits),
                }
            )
        return problems


def plain(value: Decimal) -> str:
    """12.50 -> "12.5", 36.00 -> "36"."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def number_said(value: Decimal | None) -> str:
    """Hours or credits written the reader's language's way, without trailing zeros (12.5 in
    English, 12,5 in Spanish; 36)."""
    return formats.number_format(Decimal(plain(value or ZERO)))


def progress(
    rules: Iterable[CategoryRule], activities: Iterable[Counted], required: Decimal
) -> Progress:
    """Apply each category's rule to the activities: multiplier or fixed credits, then the cap.

    Activities of a category the rules do not name count nothing (the cycle's policy decides
    what counts).
    """
    rules = list(rules)
    earned = {rule.code: ZERO for rule in rules}
    pending = {rule.code: ZERO for rule in rules}
    by_code = {rule.code: rule for rule in rules}
    for activity in activities:
        rule = by_code.get(activity.category)
        if rule is None:
            continue
        target = pending if activity.pending else earned
        target[rule.code] += rule.credits_for(activity.hours)
    rows = []
    for rule in rules:
        cap = rule.max_credits
        counted = earned[rule.code] if cap is None else min(earned[rule.code], cap)
        rows.append(CategoryProgress(rule, earned[rule.code], counted, pending[rule.code]))
    return Progress(required=required, categories=tuple(rows))


# --- the audit sample --------------------------------------------------------------------------


def audit_draw(seed: str, key: str) -> Decimal:
    """A number in [0, 1) that the seed and the key fix: anyone holding the seed can redraw it.

    The first 52 bits of SHA-256 over ``seed:key``, to 6 decimal places.
    """
    digest = hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()
    fraction = Decimal(int(digest[:13], 16)) / Decimal(16**13)
    return fraction.quantize(Decimal("0.000001"), rounding="ROUND_DOWN")


def is_audited(seed: str, key: str, percent: Decimal) -> bool:
    """Whether the renewal ``key`` falls in the ``percent`` sample of ``seed``."""
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")
    return audit_draw(seed, key) * 100 < percent


def audit_sample(seed: str, keys: Iterable[str], percent: Decimal) -> list[str]:
    """The keys a seed selects, in their order: the sample, reproduced from its record."""
    return [key for key in keys if is_audited(seed, key, percent)]
