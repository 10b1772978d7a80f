"""The demo bank: hand-written items in every domain and status, and a synthetic calibrated bank.

One test seeds once (seeding takes seconds) and checks everything.
"""

from collections import Counter

import pytest

from hallmark.accounts import demo as accounts_demo
from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.accounts.roles import sync_roles
from hallmark.itembank import demo
from hallmark.itembank.data import SELECT_ALL, USABLE, ItemKind, ItemStatus
from hallmark.itembank.models import Item, ItemSet, ItemStatistics
from hallmark.jobanalysis import demo as jobanalysis_demo
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


def test_it_seeds_a_bank_to_try_the_workflow_and_assembly_once() -> None:
    sync_roles()
    accounts_demo.seed()
    programs_demo.seed()
    jobanalysis_demo.seed()  # the published outline comes from the demo's job analysis
    lines = demo.seed()
    assert "itembank: 78 hand-written CESP items" in lines[0]

    written = Item.objects.filter(program__designation="CESP", is_synthetic=False)
    assert written.count() >= 60
    domains = Counter(i.current_version.competency.domain.code for i in written)
    assert set(domains) == {"1", "2", "3", "4", "5"} and min(domains.values()) >= 10
    for item in written:
        assert item.current_version.rationale and item.current_version.references, item
        assert item.author.email == "writer@example.org"
    assert set(written.values_list("status", flat=True)) == set(ItemStatus.values)

    # the workflow can be tried: reviewer2 gave the first reviews, reviewer@ can give the second
    reviewer2 = User.objects.get(email="reviewer2@example.org")
    assert reviewer2.has_role(Role.ITEM_REVIEWER)
    for item in written.filter(status=ItemStatus.IN_REVIEW):
        assert item.current_version.reviews.get().reviewer == reviewer2
    assert written.filter(status=ItemStatus.SUBMITTED).count() >= 2
    assert written.filter(status=ItemStatus.DRAFT, versions__number=2).exists()
    assert written.filter(enemies__isnull=False).distinct().count() == 6

    # multiple response, "select two" and "select all that apply", usable on forms
    multiple = written.filter(current_version__kind=ItemKind.MULTIPLE)
    assert multiple.count() >= 6
    assert multiple.filter(current_version__select=SELECT_ALL).exists()
    assert multiple.filter(current_version__select=2).exists()
    assert multiple.filter(status__in=USABLE).count() >= 6
    for item in multiple:
        version = item.current_version
        assert version.select in (SELECT_ALL, len(version.keys)), item
        if item.status == ItemStatus.OPERATIONAL:
            assert ItemStatistics.objects.filter(version=version).exists(), item
    # one case set about a job seeker, its items approved or operational
    case = ItemSet.objects.get(program__designation="CESP")
    assert case.title == "Marcus looks for work" and "Marcus" in case.stimulus
    assert 3 <= case.items.count() <= 4
    assert set(case.items.values_list("status", flat=True)) <= USABLE
    # and an exhibit of its own: a chart, described in its alt text
    [chart] = case.media.all()
    assert chart.content_type == "image/png" and bytes(chart.data).startswith(b"\x89PNG")
    assert f'<img src="{chart.name}" alt="Bar chart of the hours a week' in case.stimulus

    synthetic = Item.objects.filter(is_synthetic=True)
    assert synthetic.count() >= 1200
    stems = synthetic.values_list("current_version__stem", flat=True)
    assert all(stem.startswith("<p>Synthetic item S-") for stem in stems)
    calibrated = ItemStatistics.objects.filter(version__item__is_synthetic=True, irt_model="2PL")
    assert calibrated.count() == synthetic.count()
    assert not calibrated.filter(a__isnull=True).exists()
    per_competency = Counter(synthetic.values_list("current_version__competency__code", flat=True))
    assert len(per_competency) == 24 and min(per_competency.values()) >= 30

    before = Item.objects.count(), ItemStatistics.objects.count()
    demo.seed()
    assert (Item.objects.count(), ItemStatistics.objects.count()) == before
