"""Packages from other banks: every choice item imports, the rest is refused or skipped."""

import pytest

from hallmark.itembank import transfer
from hallmark.itembank.data import SELECT_ALL
from hallmark.itembank.interchange import qti
from hallmark.itembank.models import Item, ItemSet
from itembank.qti_packages import package, without

pytestmark = pytest.mark.django_db

TEXT_ENTRY_SKIPPED = (
    "item hours-2: interaction: qti-text-entry-interaction is not supported "
    "(only choice interactions are)"
)


def test_the_reader_takes_each_kind_of_choice_and_the_shared_stimulus() -> None:
    parsed = qti.read(package())
    assert parsed.problems == []
    assert [str(p) for p in parsed.unsupported] == [TEXT_ENTRY_SKIPPED]
    records = {r.identifier: r for r in parsed.records}
    single = records["accommodation-1"].content
    assert (single.kind, single.select, single.keys) == ("single", 1, ("A",))
    assert records["accommodation-1"].images.keys() == {"sign.png"}
    every = records["supports-1"].content
    assert (every.kind, every.select, every.keys) == ("multiple", SELECT_ALL, ("A", "C"))
    assert "natural supports" in every.stem
    two = records["supports-2"].content
    assert (two.kind, two.select, two.keys) == ("multiple", 2, ("A", "C"))
    assert records["sam-1"].item_set == records["sam-2"].item_set == "case-sam"
    assert parsed.sets["case-sam"].title == "Sam's job search"
    assert "never had a paid job" in parsed.sets["case-sam"].stimulus
    assert records["sam-2"].source_identifier == "sam-2"


def test_mathml_is_kept_as_mathml_core_and_a_script_inside_it_is_removed() -> None:
    [record] = [r for r in qti.read(package()).records if r.identifier == "hours-1"]
    stem = record.content.stem
    assert "<math><mfrac><mn>3</mn><mn>4</mn></mfrac><mi>x</mi></math>" in stem
    assert "script" not in stem and "alert" not in stem and "maction" not in stem
    assert record.content.options[0] == "<math><mn>30</mn></math> hours"


def test_without_the_flag_one_unsupported_item_refuses_the_package(program, cast) -> None:
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_items(program, package(), "qti", cast.writer)
    assert [str(p) for p in refused.value.problems] == [TEXT_ENTRY_SKIPPED]
    assert not Item.objects.filter(program=program).exists()
    assert not ItemSet.objects.filter(program=program).exists()


def test_with_the_flag_the_supported_items_import_unclassified(program, cast) -> None:
    items = transfer.import_items(program, package(), "qti", cast.writer, skip_unsupported=True)
    assert [str(p) for p in items.skipped] == [TEXT_ENTRY_SKIPPED]
    made = {i.source_identifier: i for i in Item.objects.filter(program=program)}
    assert sorted(made) == [
        "accommodation-1", "hours-1", "sam-1", "sam-2", "supports-1", "supports-2"
    ]  # fmt: skip
    for item in made.values():
        version = item.current_version
        assert version.competency is None and version.cognitive_level == ""
        assert item.status == "draft"
    case = made["sam-1"].item_set
    assert case == made["sam-2"].item_set and case.source_identifier == "case-sam"
    assert case.identifier == "case-sam" and "never had a paid job" in case.stimulus
    assert made["supports-2"].current_version.select == 2
    assert made["supports-1"].current_version.keys == ["A", "C"]
    assert made["accommodation-1"].media.get().name == "sign.png"
    assert "<math>" in made["hours-1"].current_version.stem


def test_a_second_package_reuses_the_case_set_it_came_from(program, cast) -> None:
    first = without("items/sam-2.xml")
    transfer.import_items(program, package(first), "qti", cast.writer, skip_unsupported=True)
    transfer.import_items(
        program, package({p: d for p, d in without("items/sam-1.xml").items() if "sam" in p}),
        "qti", cast.writer,
    )  # fmt: skip
    assert ItemSet.objects.filter(program=program).count() == 1
    assert ItemSet.objects.get(program=program).items.count() == 2


def test_an_item_from_another_bank_with_an_unusable_identifier_gets_a_new_one(
    program, cast
) -> None:
    files = {
        "items/accommodation-1.xml": without()["items/accommodation-1.xml"].replace(
            b'identifier="accommodation-1"', b'identifier="-TX_G06SAMP_001"'
        ),
        "items/images/sign.png": without()["items/images/sign.png"],
    }
    [item] = transfer.import_items(program, package(files), "qti", cast.writer)
    assert item.identifier == "TST-00001" and item.source_identifier == "-TX_G06SAMP_001"
