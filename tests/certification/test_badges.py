"""Badge images: the drawn default, the manager's uploads (checked, immutable), baked badges."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree
from matplotlib.image import imread

from credentials.support import TINY_SVG, tiny_png
from hallmark.certification import services
from hallmark.certification.badges import (
    badge_image,
    baked_badge,
    default_png,
    default_svg,
    image_problems,
)
from hallmark.certification.models import BadgeImage
from hallmark.credentials import BadgeFormat, bake, read_svg, unbake
from hallmark.lib.immutable import ImmutableError

from factories import CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def program():
    return ProgramFactory(designation="CESP", name="Certified Employment Support Professional")


def svg_with(inner: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{inner}</svg>'.encode()


# --- the drawn default --------------------------------------------------------------------


def test_the_drawn_svg_names_the_program_and_what_it_is(program) -> None:
    root = read_svg(default_svg(program))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["CERTIFICATION", "CESP", "Certified Employment", "Support Professional"]
    title = root.find(f"{SVG}title").text
    assert title == "CESP: Certified Employment Support Professional (certification)"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "badge-title"


def test_a_certificate_s_drawn_badge_never_says_certification() -> None:
    program = CertificateProgramFactory(designation="CEF", name="Foundations <Course> & more")
    svg = default_svg(program).decode()
    assert "CERTIFICATE OF COMPLETION" in svg and "CERTIFICATION" not in svg
    assert "Foundations &lt;Course&gt; &amp; more" in svg  # escaped, still well-formed
    read_svg(svg.encode())


def test_the_drawn_png_is_a_400_pixel_picture_the_same_each_time(program) -> None:
    png = default_png(program)
    pixels = imread(io.BytesIO(png), format="png")
    assert pixels.shape == (400, 400, 4)
    assert pixels[0, 0, 3] == 0  # transparent outside the medal
    centre_row = pixels[200]
    assert (centre_row[:, 3] == 1).sum() > 300  # the medal fills the middle
    assert default_png(program) == png
    other = ProgramFactory(designation="QA", name="Quality Assurance")
    assert default_png(other) != png


def test_without_an_upload_the_drawn_badge_is_used(program) -> None:
    assert badge_image(program, BadgeFormat.SVG) == default_svg(program)
    assert badge_image(program, BadgeFormat.PNG) == default_png(program)


# --- uploads ------------------------------------------------------------------------------


def test_a_manager_uploads_and_the_newest_of_each_format_is_used(cast, program) -> None:
    first = services.upload_badge_image(program, TINY_SVG, actor=cast.manager)
    assert (first.format, first.size, first.uploaded_by) == ("svg", len(TINY_SVG), cast.manager)
    newer = svg_with('<rect width="10" height="10" fill="url(#g)"/>')
    services.upload_badge_image(program, newer, actor=cast.manager)
    services.upload_badge_image(program, tiny_png(), actor=cast.manager)
    assert badge_image(program, BadgeFormat.SVG) == newer
    assert badge_image(program, BadgeFormat.PNG) == tiny_png()
    assert BadgeImage.objects.filter(program=program).count() == 3  # the first one stays


def test_only_those_who_may_upload(cast, program) -> None:
    for person in (cast.candidate, cast.officer, cast.writer):
        with pytest.raises(PermissionDenied, match=r"needs certification\.add_badgeimage"):
            services.upload_badge_image(program, TINY_SVG, actor=person)
    assert not BadgeImage.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"GIF89a" + b"\0" * 10, "This is not a PNG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (256 * 1024), "a badge image is at most 262,144 bytes"),
        (tiny_png()[:-1] + b"\0", "The PNG is corrupt: chunk 3 (at byte 60), IEND, fails its CRC"),
        (bake(tiny_png(), {"a": 1}), "This PNG already carries a credential"),
        (bake(TINY_SVG, {"a": 1}), "This SVG already carries a credential"),
        (svg_with("<script>alert(1)</script>"), "line 1: a <script> element"),
        (svg_with('<circle r="1" onload="alert(1)"/>'), "an event handler (onload)"),
        (
            svg_with('<image href="https://tracker.example/x.png"/>'),
            "a link to 'https://tracker.example/x.png'",
        ),
        (
            svg_with('<use xmlns:x="http://www.w3.org/1999/xlink" x:href="other.svg#a"/>'),
            "a link to 'other.svg#a'",
        ),
        (svg_with('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "a link to"),
        (svg_with("<style>@import url(https://x.example/a.css);</style>"), "a <style> that loads"),
        (svg_with("<rect style=\"fill: url( 'https://x.example/p' )\"/>"), "style attribute loads"),
        (svg_with('<a href="javascript:alert(1)"><text>x</text></a>'), "a link to 'javascript"),
        (svg_with('<set attributeName="href" to="https://x.example"/>'), "changes a link"),
        (svg_with("<foreignObject><p>x</p></foreignObject>"), "a <foreignObject> element"),
        (b'<?xml-stylesheet href="https://x.example/s.css"?>' + TINY_SVG[39:], "before <svg>"),
        (
            b'<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "The SVG declares a DTD of its own",
        ),
    ],
)
def test_images_that_cannot_be_badges_are_refused_saying_why(cast, program, data, message):
    with pytest.raises(ValidationError) as raised:
        services.upload_badge_image(program, data, actor=cast.manager)
    assert any(message in text for text in raised.value.messages), raised.value.messages
    assert not BadgeImage.objects.exists()


def test_at_most_ten_problems_are_named() -> None:
    found, problems = image_problems(svg_with('<circle onclick="x()"/>' * 25))
    assert found is BadgeFormat.SVG and len(problems) == 11
    assert problems[-1] == "… and 15 more of the same kinds."


def test_a_plain_svg_with_local_references_and_inline_images_is_accepted() -> None:
    svg = svg_with(
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/><a href="#g"><text>x</text></a>'
    )
    assert image_problems(svg) == (BadgeFormat.SVG, [])


def test_an_upload_is_never_changed_or_deleted(cast, program) -> None:
    image = services.upload_badge_image(program, TINY_SVG, actor=cast.manager)
    image.image = tiny_png()
    with pytest.raises(ImmutableError):
        image.save()
    with pytest.raises(ImmutableError):
        image.delete()
    with pytest.raises(ImmutableError):
        BadgeImage.objects.all().delete()
    with pytest.raises(ImmutableError):
        BadgeImage.objects.update(size=1)


# --- baked badges -------------------------------------------------------------------------


@pytest.mark.parametrize("format", list(BadgeFormat))
def test_a_baked_badge_carries_the_current_signed_document(cast, program, format) -> None:
    services.upload_badge_image(program, TINY_SVG, actor=cast.manager)
    credential = services.issue_credential(cast.candidate, program)
    baked = unbake(baked_badge(credential, format))
    assert baked.format == format
    assert json.loads(baked.text) == credential.current_document().document


# --- the staff page -----------------------------------------------------------------------


def test_the_manager_uploads_on_the_staff_page(client, cast, program) -> None:
    client.force_login(cast.manager)
    url = reverse("admin:certification_badgeimage_add")
    assert "Upload a badge image" in client.get(url).content.decode()
    upload = SimpleUploadedFile("badge.svg", svg_with("<circle r='4'/>"), "image/svg+xml")
    response = client.post(url, {"program": program.pk, "image": upload})
    assert response.status_code == 302
    image = BadgeImage.objects.get()
    assert (image.program, image.uploaded_by, image.format) == (program, cast.manager, "svg")
    page = client.get(reverse("admin:certification_badgeimage_change", args=[image.pk]))
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()


def test_a_refused_upload_shows_why_on_the_staff_page(client, cast, program) -> None:
    client.force_login(cast.manager)
    upload = SimpleUploadedFile("badge.svg", svg_with("<script>x()</script>"))
    response = client.post(
        reverse("admin:certification_badgeimage_add"), {"program": program.pk, "image": upload}
    )
    assert response.status_code == 200
    assert "a &lt;script&gt; element" in response.content.decode()
    assert not BadgeImage.objects.exists()


def test_others_cannot_upload_on_the_staff_page(client, cast, program) -> None:
    url = reverse("admin:certification_badgeimage_add")
    client.force_login(cast.officer)
    assert client.get(url).status_code == 403
    upload = SimpleUploadedFile("badge.svg", TINY_SVG)
    assert client.post(url, {"program": program.pk, "image": upload}).status_code == 403
    assert not BadgeImage.objects.exists()


def test_the_svg_stays_well_formed_once_baked(cast, program) -> None:
    credential = services.issue_credential(cast.candidate, program)
    root = etree.fromstring(baked_badge(credential, BadgeFormat.SVG))
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title") is not None
