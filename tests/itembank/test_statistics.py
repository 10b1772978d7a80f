import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.queries import latest_calibrations
from hallmark.lib.immutable import ImmutableError

from factories.itembank import ItemStatisticsFactory, ItemVersionFactory

pytestmark = pytest.mark.django_db

STATS = {
    "administration": "2024 spring window",
    "administered_on": datetime.date(2024, 5, 31),
    "n": 412,
    "p": 0.68,
    "point_biserial": 0.29,
    "irt_model": "2PL",
    "a": 0.94,
    "a_se": 0.11,
    "b": -0.42,
    "b_se": 0.08,
}


def test_it_keeps_statistics_per_version_per_administration(make_item, cast) -> None:
    version = make_item(ItemStatus.OPERATIONAL).current_version
    first = services.record_statistics(version, cast.psychometrician, **STATS)
    later = {**STATS, "administration": "2024 fall window", "p": 0.71}
    services.record_statistics(version, cast.psychometrician, **later)
    assert version.statistics.count() == 2
    with pytest.raises(ValidationError):
        services.record_statistics(version, cast.psychometrician, **STATS)  # same administration
    first.p = 0.5
    with pytest.raises(ImmutableError):
        first.save()


@pytest.mark.parametrize(
    "bad", [{"p": 1.2}, {"point_biserial": -1.5}, {"n": 0}, {"a_se": -0.1}, {"b": None}]
)
def test_it_refuses_impossible_values(make_item, cast, bad) -> None:
    version = make_item(ItemStatus.OPERATIONAL).current_version
    with pytest.raises(ValidationError):
        services.record_statistics(version, cast.psychometrician, **{**STATS, **bad})


@pytest.mark.parametrize("who", ["writer", "reviewer", "outsider"])
def test_only_psychometricians_and_managers_record_statistics(make_item, cast, who) -> None:
    version = make_item(ItemStatus.OPERATIONAL).current_version
    with pytest.raises(PermissionDenied):
        services.record_statistics(version, getattr(cast, who), **STATS)


def test_latest_calibrations_are_one_query_and_look_past_statistics_without_parameters(
    django_assert_num_queries,
) -> None:
    recalibrated, once, uncalibrated = (ItemVersionFactory() for _ in range(3))
    on = datetime.date(2025, 1, 1)
    ItemStatisticsFactory(version=recalibrated, administered_on=on, b=0.3)
    newer = ItemStatisticsFactory(version=recalibrated, administered_on=on.replace(day=2), b=0.5)
    for version in (recalibrated, once, uncalibrated):  # a scoring run's p and r, since then
        ItemStatisticsFactory(
            version=version, administered_on=on.replace(day=3), irt_model="", a=None, b=None
        )
    only = ItemStatisticsFactory(version=once, administered_on=on, b=-0.2)
    ItemStatisticsFactory(version=once, administered_on=on, irt_model="", b=1.0)  # no model
    with django_assert_num_queries(1):
        latest = latest_calibrations([recalibrated, once, uncalibrated])
    assert latest == {recalibrated.pk: newer, once.pk: only}
