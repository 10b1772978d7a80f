"""--skip-unsupported on the command line and on the import page; classifying what came in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hallmark.itembank.models import Item
from itembank.qti_packages import package

pytestmark = pytest.mark.django_db
SKIPPED = (
    "item hours-2: interaction: qti-text-entry-interaction is not supported "
    "(only choice interactions are)"
)


def test_the_command_refuses_the_package_without_the_flag(program, cast, tmp_path, capsys):
    path = tmp_path / "bank.zip"
    path.write_bytes(package())
    with pytest.raises(SystemExit) as exit_:
        call_command("items", "import", str(path), "--program", "TST", "--format", "qti",
                     "--by", cast.manager.email)  # fmt: skip
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{path}: {SKIPPED}", f"{path}: 1 problem; nothing was imported."]
    assert not Item.objects.exists()


def test_the_command_skips_and_lists_unsupported_items_with_the_flag(
    program, cast, tmp_path, capsys
):
    path = tmp_path / "bank.zip"
    path.write_bytes(package())
    call_command("items", "import", str(path), "--program", "TST", "--format", "qti",
                 "--skip-unsupported", "--by", cast.manager.email)  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Imported 6 items into TST (draft)."
    assert out[1].startswith("6 of them have no competency yet")
    assert out[2:] == [f"Skipped {path}: {SKIPPED}", f"{path}: 1 unsupported item skipped."]
    assert Item.objects.filter(program=program).count() == 6


def upload(client, **fields: str):
    data = {"program": "TST", "file": SimpleUploadedFile("bank.zip", package()), **fields}
    return client.post(reverse("itembank:import"), data)


def test_the_page_lists_the_skipped_items_after_importing_the_others(client, cast, program):
    client.force_login(cast.manager)
    page = upload(client).content.decode().replace("&#x27;", "'")
    assert "Nothing was imported: 1 problem" in page and SKIPPED in page
    assert not Item.objects.exists()
    response = upload(client, skip_unsupported="on")
    page = response.content.decode()
    assert response.status_code == 200
    assert "6 items imported, 1 skipped" in page
    assert f"<li>bank.zip: {SKIPPED}</li>" in page
    assert Item.objects.filter(program=program).count() == 6


def test_unclassified_items_are_classified_through_the_queue(client, cast, program):
    client.force_login(cast.manager)
    upload(client, skip_unsupported="on")
    url = reverse("itembank:reclassify") + "?program=TST"
    page = client.get(url).content.decode()
    assert "Items without a competency" in page and "Every unclassified item (6)" in page
    one = Item.objects.get(source_identifier="sam-1")
    response = client.post(url, {"classify": "1", "every": "1.1", f"item{one.pk}": "2.3"})
    assert response.status_code == 302
    codes = {i.source_identifier: i.current_version.competency.code for i in Item.objects.all()}
    assert codes.pop("sam-1") == "2.3" and set(codes.values()) == {"1.1"}
    one.refresh_from_db()
    assert one.current_version.number == 2 and one.events.last().kind == "reclassified"
    assert "Every open item is tagged to the current outline" in client.get(url).content.decode()


def test_leaving_the_choices_empty_classifies_nothing(client, cast, program):
    client.force_login(cast.manager)
    upload(client, skip_unsupported="on")
    url = reverse("itembank:reclassify") + "?program=TST"
    client.post(url, {"classify": "1", "every": ""})
    assert not Item.objects.filter(current_version__competency__isnull=False).exists()


def test_formulas_in_options_show_as_mathml_on_the_item_page(client, cast, program):
    client.force_login(cast.manager)
    upload(client, skip_unsupported="on")
    item = Item.objects.get(source_identifier="hours-1")
    page = client.get(reverse("itembank:detail", args=[item.pk])).content.decode()
    assert "<math><mn>30</mn></math> hours" in page
    assert "<math><mfrac><mn>3</mn><mn>4</mn></mfrac><mi>x</mi></math>" in page
    assert "&lt;math" not in page and "alert(1)" not in page
