"""CE credits per category: multipliers, fixed credits, caps and minimums."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hallmark.certification.recertification.cycles import CategoryRule, Counted, progress

RULES = [
    CategoryRule("general", "Workshops"),
    CategoryRule("teaching", "Teaching", max_credits=Decimal(16), multiplier=Decimal(2)),
    CategoryRule("employer", "Employer training", max_credits=Decimal(20)),
    CategoryRule("college", "College course", fixed_credits=Decimal(10)),
    CategoryRule("ethics", "Ethics", min_credits=Decimal(3)),
]
H = Decimal


def _row(result, code):
    return next(row for row in result.categories if row.rule.code == code)


def test_teaching_counts_double_up_to_its_cap() -> None:
    result = progress(RULES, [Counted("teaching", H(6))], H(36))
    assert _row(result, "teaching").counted == H(12)
    result = progress(RULES, [Counted("teaching", H(6)), Counted("teaching", H(5))], H(36))
    row = _row(result, "teaching")
    assert (row.earned, row.counted, row.over_cap, row.room) == (H(22), H(16), H(6), H(0))


def test_employer_training_counts_at_most_twenty() -> None:
    result = progress(RULES, [Counted("employer", H(25))], H(36))
    assert _row(result, "employer").counted == H(20)
    assert result.counted == H(20)


def test_a_college_course_counts_ten_whatever_its_hours() -> None:
    result = progress(RULES, [Counted("college", H(45)), Counted("college", H(3))], H(36))
    assert _row(result, "college").counted == H(20)


def test_the_total_is_not_enough_without_the_ethics_minimum() -> None:
    result = progress(RULES, [Counted("general", H(40))], H(36))
    assert result.still_needed == 0
    assert not result.met
    assert result.problems() == ["Ethics: 3 more credits are needed (at least 3)."]
    result = progress(RULES, [Counted("general", H(33)), Counted("ethics", H(3))], H(36))
    assert result.met and result.problems() == []


def test_pending_hours_are_shown_but_do_not_count() -> None:
    result = progress(
        RULES, [Counted("general", H(30)), Counted("ethics", H(6), pending=True)], H(36)
    )
    assert (result.counted, result.pending, result.met) == (H(30), H(6), False)
    assert result.problems()[0] == "6 more CE credits are needed (30 of 36 count so far)."


def test_an_unknown_category_counts_nothing() -> None:
    assert progress(RULES, [Counted("hobby", H(10))], H(36)).counted == 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from([r.code for r in RULES]),
            st.decimals(min_value=H("0.25"), max_value=H(60), places=2),
        ),
        max_size=20,
    )
)
def test_no_category_ever_counts_more_than_its_cap(activities) -> None:
    result = progress(RULES, [Counted(code, hours) for code, hours in activities], H(36))
    for row in result.categories:
        assert row.counted <= row.earned
        if row.rule.max_credits is not None:
            assert row.counted <= row.rule.max_credits
    assert result.counted == sum(row.counted for row in result.categories)
