"""What each role may do with the item bank (least privilege).

Writers write and edit their own drafts and see items (and the keys of their own items only);
reviewers review, which needs the keys; psychometricians see items, keys and statistics, move
items to pretest and operational, rekey and retire them, and export the bank for analysis;
program managers may do everything. Candidates, proctors, panelists and officers see nothing.
"""

from hallmark.accounts.data import Role

SEE_ITEMS = ["itembank.view_item", "itembank.view_itemcomment"]
SEE_KEYS = ["itembank.view_key", "itembank.view_itemreview"]
SEE_STATISTICS = ["itembank.view_itemstatistics"]

WRITER = [*SEE_ITEMS, "itembank.add_item", "itembank.change_item", "itembank.import_item"]
REVIEWER = [*SEE_ITEMS, *SEE_KEYS, "itembank.review_item"]
PSYCHOMETRICIAN = [
    *SEE_ITEMS,
    *SEE_KEYS,
    *SEE_STATISTICS,
    "itembank.add_itemstatistics",
    "itembank.promote_item",
    "itembank.rekey_item",
    "itembank.retire_item",
    "itembank.export_item",
]
MANAGER = sorted(
    {
        *WRITER,
        *REVIEWER,
        *PSYCHOMETRICIAN,
        "itembank.edit_any_item",
        "itembank.reclassify_item",
        "itembank.import_with_status",
        "itembank.view_itemaccesslog",
    }
)

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ITEM_WRITER: WRITER,
    Role.ITEM_REVIEWER: REVIEWER,
    Role.PSYCHOMETRICIAN: PSYCHOMETRICIAN,
    Role.PROGRAM_MANAGER: MANAGER,
}
