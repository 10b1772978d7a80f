"""The entry points freeze what start-up loads, so full collections walk only what requests make."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import gc, json, sys
import hallmark.site.{entry}
print(json.dumps({{
    "frozen": gc.get_freeze_count(),
    "collectible": len(gc.get_objects()),
    "views": "hallmark.exams.delivery.views" in sys.modules,
}}))
"""


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_the_entry_point_freezes_what_start_up_loaded(entry, tmp_path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HALLMARK_", "DJANGO_"))}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE.format(entry=entry)],
        env=base | {"HALLMARK_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    heap = json.loads(probe.stdout)
    assert heap["views"], "the views a request needs are loaded before the freeze"
    assert heap["frozen"] > 50_000
    assert heap["collectible"] < heap["frozen"] / 20
