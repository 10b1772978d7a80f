"""Helpers that take an appeal through its steps, with a panel of three members."""

from dataclasses import dataclass

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.certification.appeals import services
from hallmark.certification.data import AppealOutcome
from hallmark.certification.models import Appeal

from factories.programs import UserFactory

__all__ = ["Bench", "decided", "heard", "panel_member"]


@dataclass
class Bench:
    chair: User
    second: User
    third: User

    @property
    def everyone(self) -> list[User]:
        return [self.chair, self.second, self.third]


def panel_member(name: str) -> User:
    return UserFactory(email=f"{name}@example.org", roles=[Role.PANEL_MEMBER])


def heard(appeal: Appeal, officer: User, bench: Bench, vote: str) -> Appeal:
    """The appeal acknowledged, its panel seated and every vote cast."""
    services.acknowledge(appeal, by=officer)
    services.seat_reviewer(appeal, bench.chair, by=officer, chair=True)
    services.seat_reviewer(appeal, bench.second, by=officer)
    services.seat_reviewer(appeal, bench.third, by=officer)
    for person in bench.everyone:
        services.vote(appeal, by=person, outcome=vote, reason=f"{person.email} read the file.")
    appeal.refresh_from_db()
    return appeal


def decided(
    appeal: Appeal, officer: User, bench: Bench, outcome: str = AppealOutcome.UPHELD, **kwargs: str
) -> Appeal:
    """The appeal heard and its outcome recorded by the chair."""
    heard(appeal, officer, bench, outcome)
    return services.record_outcome(
        appeal, by=bench.chair, outcome=outcome, reasons="The panel read the whole file.", **kwargs
    )
