"""Writing and editing items on the staff pages."""

import pytest
from django.urls import reverse

from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item

pytestmark = pytest.mark.django_db


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "competency": "2.1",
        "cognitive_level": "recall",
        "kind": "single",
        "stem": "<p>What does a vocational profile summarise?</p>",
        "option_a": "The findings of discovery",
        "option_b": "The employer's hiring policy",
        "option_c": "",
        "option_d": "",
        "option_e": "",
        "option_f": "",
        "key": "A",
        "rationale": "It records discovery findings.",
        "references": "Griffin, Hammis & Geary, The Job Developer's Handbook",
    }
    data.update(changes)
    return data


def test_a_writer_writes_an_item(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:create") + "?program=TST"
    assert "Choose a competency" in client.get(url).content.decode()
    response = client.post(url, form_data())
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/items/{item.pk}/")
    assert item.author == cast.writer and item.current_version.competency.code == "2.1"


def test_problems_are_shown_next_to_their_fields(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:create") + "?program=TST"
    page = client.post(url, form_data(stem="<p>Q</p><script>x</script>", key="C")).content.decode()
    assert "There is a problem" in page
    assert "bad markup: &lt;script&gt; is not allowed in a stem" in page
    assert "key C is not among the options" in page
    assert not Item.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", "candidate", "outsider"])
def test_others_cannot_write_items(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    url = reverse("itembank:create") + "?program=TST"
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403


def test_an_edit_saves_a_new_version(client, cast, make_item) -> None:
    item = make_item()
    client.force_login(cast.writer)
    url = reverse("itembank:edit", args=[item.pk])
    page = client.get(url).content.decode()
    assert "Saving makes version 2" in page and "animal shelter" in page
    data = form_data(competency="1.1", change_note="Simpler wording")
    client.post(url, data)
    item = Item.objects.get(pk=item.pk)
    assert item.current_version.number == 2 and item.versions.count() == 2


def test_only_the_author_or_a_manager_edits_and_only_drafts(client, cast, make_item) -> None:
    item = make_item()
    client.force_login(cast.reviewer)
    assert client.get(reverse("itembank:edit", args=[item.pk])).status_code == 403
    approved = make_item(ItemStatus.APPROVED)
    client.force_login(cast.writer)
    assert client.get(reverse("itembank:edit", args=[approved.pk])).status_code == 403
    client.force_login(cast.manager)
    assert client.get(reverse("itembank:edit", args=[item.pk])).status_code == 200
    assert client.get(reverse("itembank:edit", args=[999999])).status_code == 404


def test_an_image_needs_alt_text_and_lands_in_a_new_version(client, cast, make_item) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = make_item()
    client.force_login(cast.writer)
    url = reverse("itembank:attach_media", args=[item.pk])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    page = client.post(url, {"file": SimpleUploadedFile("chart.png", png), "alt": ""})
    assert "Alt text (images): image without alt text" in page.content.decode()
    client.post(url, {"file": SimpleUploadedFile("my chart.png", png), "alt": "Hours per week"})
    item = Item.objects.get(pk=item.pk)
    assert item.current_version.number == 2
    assert '<img src="my-chart.png" alt="Hours per week">' in item.current_version.stem
    image = client.get(reverse("itembank:image", args=[item.pk, "my-chart.png"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get(reverse("itembank:image", args=[item.pk, "nope.png"])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("itembank:image", args=[item.pk, "my-chart.png"])).status_code == 403
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>")
    client.force_login(cast.writer)
    page = client.post(url, {"file": svg, "alt": "x"}).content.decode()
    assert "is not an image (PNG, JPEG, GIF, WebP), audio (MP3, Ogg, WAV) or video" in page
