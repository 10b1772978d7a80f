import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services
from hallmark.itembank.data import ItemStatus

pytestmark = pytest.mark.django_db


def test_enemies_are_mutual_and_recorded_on_both_items(make_item, cast) -> None:
    a, b = make_item(), make_item(ItemStatus.OPERATIONAL)
    services.set_enemies(a, [b], cast.writer)
    assert list(b.enemies.all()) == [a]
    assert a.events.get(kind="enemies").comment == f"added {b.identifier}"
    assert b.events.get(kind="enemies").comment == f"added {a.identifier}"
    services.set_enemies(a, [], cast.writer)
    assert not b.enemies.exists()
    assert b.events.filter(kind="enemies").count() == 2


def test_an_item_is_not_its_own_enemy(make_item, cast) -> None:
    a = make_item()
    with pytest.raises(ValidationError, match="own enemy"):
        services.set_enemies(a, [a], cast.writer)


def test_managers_set_enemies_of_any_item_writers_of_their_drafts(make_item, cast) -> None:
    a, b = make_item(ItemStatus.OPERATIONAL), make_item(ItemStatus.OPERATIONAL)
    with pytest.raises(PermissionDenied):
        services.set_enemies(a, [b], cast.writer)
    services.set_enemies(a, [b], cast.manager)
