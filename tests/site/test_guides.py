"""The role guides: every guide is listed and linked, every screenshot it shows is one the
browser test takes and the repository holds, the demo accounts and verbs it names exist, and
/guides/ serves them with their links and images working."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from browser.test_guide_screenshots import IMAGES, SCREENSHOTS
from hallmark.site import guides
from hallmark.site.demo_banner import TOUR_ACCOUNTS
from hallmark.site.guide_markup import render_guide
from hallmark.site.guides import GUIDES, ROLES

GUIDES_DIR = Path(__file__).resolve().parents[2] / "docs" / "guides"
INDEX = GUIDES_DIR / "README.md"
TAKEN = {f"{shot.name}.png" for shot in SCREENSHOTS}
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(images/([^)]+)\)")


def guide_texts() -> dict[str, str]:
    return {
        path.stem: path.read_text() for path in GUIDES_DIR.glob("*.md") if path.stem != "README"
    }


def test_the_guides_folder_holds_exactly_the_guides_the_app_lists() -> None:
    assert set(guide_texts()) == ROLES
    for guide in GUIDES:
        # The page's only <h1> is the guide's own title.
        first, *rest = guide_texts()[guide.role].splitlines()
        assert first == f"# {guide.title} guide", guide.role
        assert not [line for line in rest if line.startswith("# ")], guide.role
    assert IMAGES == GUIDES_DIR / "images"


def test_the_index_links_every_guide_with_the_apps_summary() -> None:
    index = INDEX.read_text()
    for guide in GUIDES:
        assert f"| [{guide.title}]({guide.role}.md) | {guide.summary} |" in index, guide.role


def test_every_image_a_guide_shows_is_taken_by_the_browser_test_and_committed() -> None:
    shown = {name for text in guide_texts().values() for name in IMAGE_LINK.findall(text)}
    assert shown <= TAKEN, shown - TAKEN
    # and nothing taken goes unused or is left over from an earlier list
    assert shown == TAKEN, TAKEN - shown
    assert {path.name for path in IMAGES.glob("*.png")} == TAKEN
    for name in TAKEN:
        assert (IMAGES / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), name
        assert (IMAGES / name).stat().st_size < 200_000, name


def test_every_image_is_named_for_its_guides_role() -> None:
    for role, text in guide_texts().items():
        for name in IMAGE_LINK.findall(text):
            assert name.startswith(f"{role}-"), (role, name)


def test_the_demo_accounts_and_verbs_the_guides_name_exist() -> None:
    verbs = set(get_commands())
    for role, text in guide_texts().items():
        for email in re.findall(r"[\w.]+@[\w.]*example\.org", text):
            assert email in TOUR_ACCOUNTS, (role, email)
        for verb in re.findall(r"hallmark ([a-z][a-z-]*)", text):
            assert verb in verbs, (role, verb)
        assert re.search(r"\*\*Try it with\*\* `[\w.]+@example\.org`", text), role


def test_the_links_between_guides_lead_to_files_that_exist() -> None:
    for role, text in guide_texts().items():
        for target in re.findall(r"\]\(((?:\.\./)?[\w-]+\.md)(?:#[\w-]+)?\)", text):
            assert (GUIDES_DIR / target).is_file(), (role, target)


def test_a_guide_renders_its_links_images_and_nothing_unsafe() -> None:
    html = render_guide(
        "# T\n\nSee [the operator](operator.md#backups), [all](README.md), "
        "[ops](../operations.md#settings), [web](https://example.org/x) and "
        "[gone](nothere.md).\n\n![The keys](images/operator-keys.png)\n\n"
        "![elsewhere](https://example.org/x.png) ![up](images/../../x.png)\n\n"
        "<script>alert(1)</script> [js](javascript:alert(1))\n",
        ROLES,
    )
    assert '<a href="/guides/operator/#backups"' in html
    assert '<a href="/guides/"' in html
    assert "ops (docs/operations.md#settings)" in html
    assert "gone (docs/guides/nothere.md)" in html
    assert 'href="https://example.org/x"' in html
    assert '<img src="/guides/images/operator-keys.png" alt="The keys"' in html
    assert "elsewhere" in html and "example.org/x.png" not in html
    assert "x.png" not in html.replace("operator-keys.png", "")
    # Raw HTML is shown as text, and a script link is no link.
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


@pytest.mark.django_db
def test_the_index_and_the_footer_link_every_guide(client) -> None:
    page = client.get("/guides/").content.decode()
    for guide in GUIDES:
        assert f'href="/guides/{guide.role}/"' in page, guide.role
        assert guide.summary.replace("'", "&#x27;") in page
    assert 'href="/guides/">Guides</a>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_guide_page_shows_the_guide_with_working_images(client) -> None:
    page = client.get("/guides/operator/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Operator guide</h1>" in html
    assert '<img src="/guides/images/operator-keys.png"' in html
    image = client.get("/guides/images/operator-keys.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert "public" in image["Cache-Control"] and "max-age=86400" in image["Cache-Control"]
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/guides/nobody/",
        "/guides/images/none.png",
        "/guides/images/..%2FREADME.md",
        "/guides/images/%2E%2E%2Fcandidate.md",
        "/guides/images/operator-keys.PNG",
    ],
)
def test_unknown_guides_and_images_are_not_found(client, path) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_without_the_guides_the_index_says_where_they_are_published(
    client, settings, tmp_path
) -> None:
    settings.HALLMARK_GUIDES_DIR = str(tmp_path / "missing")
    page = client.get("/guides/")
    assert page.status_code == 200
    assert "docs/guides/ in Hallmark&#x27;s source code" in page.content.decode()
    assert client.get("/guides/operator/").status_code == 404


@pytest.mark.django_db
def test_another_guides_folder_is_served_when_the_setting_names_it(
    client, settings, tmp_path
) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "proctor.md").write_text("# Elsewhere\n\nSee [the candidate](candidate.md).\n")
    settings.HALLMARK_GUIDES_DIR = str(tmp_path)
    html = client.get("/guides/proctor/").content.decode()
    assert "<h1>Elsewhere</h1>" in html
    assert '<a href="/guides/candidate/"' in html


@pytest.mark.django_db
def test_a_guide_is_rendered_once_per_version_of_its_file(
    client, settings, tmp_path, monkeypatch
) -> None:
    rendered = []
    monkeypatch.setattr(
        guides,
        "render_guide",
        lambda text, roles: rendered.append(text) or render_guide(text, roles),
    )
    guides._rendered.cache_clear()
    source = tmp_path / "proctor.md"
    source.write_text("# First\n")
    settings.HALLMARK_GUIDES_DIR = str(tmp_path)
    assert "<h1>First</h1>" in client.get("/guides/proctor/").content.decode()
    assert "<h1>First</h1>" in client.get("/guides/proctor/").content.decode()
    assert rendered == ["# First\n"]
    source.write_text("# Second, longer\n")
    assert "<h1>Second, longer</h1>" in client.get("/guides/proctor/").content.decode()
    assert rendered == ["# First\n", "# Second, longer\n"]
