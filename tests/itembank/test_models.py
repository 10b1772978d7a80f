"""What an item version says about itself."""

import pytest

from hallmark.itembank.models import ItemVersion


@pytest.mark.parametrize(
    ("kind", "select", "shown"),
    [
        ("single", 1, "Single answer"),
        ("multiple", 2, "Select 2"),
        ("multiple", 0, "Select all that apply"),
    ],
)
def test_a_versions_type_as_staff_read_it(kind, select, shown) -> None:
    assert ItemVersion(kind=kind, select=select).kind_shown == shown
