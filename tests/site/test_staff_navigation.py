"""The main navigation offers each role the staff pages it may open, and no others."""

import pytest

LINKS = {
    "Item bank": "/items/",
    "Forms": "/forms/",
    "Results": "/results/staff/",
    "Discipline": "/discipline/",
    "Job analysis": "/job-analysis/staff/",
    "Erasure requests": "/accounts/erasure-requests/",
}


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("psychometrician", {"Item bank", "Forms", "Results", "Job analysis", "Staff"}),
        ("proctor", {"Proctoring", "Staff"}),
        ("officer", {"Results", "Discipline", "Erasure requests", "Staff"}),
        ("writer", {"Item bank", "Staff"}),
        ("candidate", set()),
    ],
)
def test_each_role_sees_only_its_staff_pages(client, cast, role, shown) -> None:
    client.force_login(getattr(cast, role))
    page = client.get("/").content.decode()
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    for name in (*LINKS, "Proctoring", "Staff"):
        assert (f">{name}</a>" in nav) == (name in shown), name
    for name, url in LINKS.items():
        if name in shown:
            assert client.get(url).status_code == 200, url
