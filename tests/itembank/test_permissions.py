"""Least privilege: each role holds exactly what it needs of the item bank."""

import pytest

pytestmark = pytest.mark.django_db

ITEM_PERMISSIONS = [
    "view_item", "view_key", "add_item", "change_item", "edit_any_item", "review_item",
    "promote_item", "retire_item", "rekey_item", "reclassify_item", "import_item",
    "import_with_status", "export_item", "view_itemstatistics", "add_itemstatistics",
    "view_itemaccesslog",
]  # fmt: skip

EXPECTED = {
    "writer": {"view_item", "add_item", "change_item", "import_item"},
    "reviewer": {"view_item", "view_key", "review_item"},
    "psychometrician": {
        "view_item",
        "view_key",
        "view_itemstatistics",
        "add_itemstatistics",
        "promote_item",
        "rekey_item",
        "retire_item",
        "export_item",
    },
    "manager": set(ITEM_PERMISSIONS),
    "candidate": set(),
    "proctor": set(),
    "panelist": set(),
    "officer": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_each_role_has_exactly_its_item_bank_permissions(cast, who) -> None:
    user = getattr(cast, who)
    held = {name for name in ITEM_PERMISSIONS if user.has_perm(f"itembank.{name}")}
    assert held == EXPECTED[who]
