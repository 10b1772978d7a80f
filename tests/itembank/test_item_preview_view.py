import pytest
from django.urls import reverse

from hallmark.itembank.data import ItemStatus

from factories import ItemFactory, ItemVersionFactory

pytestmark = pytest.mark.django_db


def url(item, **query: str) -> str:
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return reverse("itembank:preview", args=[item.pk]) + (f"?{suffix}" if suffix else "")


def test_a_stem_with_a_script_is_rendered_inert(client, cast, make_item) -> None:
    # Services refuse such a stem; a row written some other way is still shown inert.
    item = ItemFactory(program=make_item().program, version=False)
    ItemVersionFactory(
        item=item,
        stem='<p>Which?</p><script>alert("x")</script><img src=x onerror="alert(1)" alt="a">'
        '<a href="javascript:alert(2)">link</a>',
    )
    item.current_version = item.versions.get()
    item.save()
    client.force_login(cast.manager)
    page = client.get(url(item)).content.decode()
    stem = page.split('id="preview-stem">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in stem and "onerror" not in stem and "javascript:" not in stem
    assert "alert" not in stem and "<a " not in stem
    assert "<p>Which?</p>" in stem


def test_it_is_the_candidate_view_with_the_key_only_on_request(client, cast, make_item) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    client.force_login(cast.psychometrician)
    page = client.get(url(item)).content.decode()
    assert 'role="radiogroup"' not in page and 'aria-labelledby="preview-stem"' in page
    assert "(key)" not in page and "item-option-key" not in page
    assert "(key)" in client.get(url(item, key="1")).content.decode()
    from hallmark.accounts.data import Role

    from factories import UserFactory

    client.force_login(UserFactory(roles=[Role.ITEM_WRITER]))
    assert "(key)" not in client.get(url(item, key="1")).content.decode()


def test_options_come_in_the_order_given(make_item) -> None:
    from django.template.loader import render_to_string

    version = make_item().current_version
    html = render_to_string(
        "itembank/item_display.html", {"version": version, "option_order": ["C", "A", "D", "B"]}
    )
    assert html.index('value="C"') < html.index('value="A"') < html.index('value="B"')
    assert html.count('class="option-letter">A.') == 1
    assert "(key)" not in html


@pytest.mark.parametrize("who", ["candidate", "outsider"])
def test_outsiders_get_403(client, cast, make_item, who) -> None:
    item = make_item()
    client.force_login(getattr(cast, who))
    assert client.get(url(item)).status_code == 403


def test_a_missing_item_or_version_is_404(client, cast, make_item) -> None:
    client.force_login(cast.manager)
    assert client.get(reverse("itembank:preview", args=[999999])).status_code == 404
    assert client.get(url(make_item(), version="7")).status_code == 404
