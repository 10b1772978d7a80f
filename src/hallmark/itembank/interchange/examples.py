"""The CSV template offered on the import page: every column, one example row per kind of item.

The importer takes choice items with two to six options: one key (one best answer), several
keys (an item rekeyed after an administration, where more than one option is accepted), or a
multiple-response item ("Which two ...?") whose keys are every option to select.
"""

from collections.abc import Sequence

from hallmark.itembank.content import Content
from hallmark.itembank.data import ItemKind
from hallmark.itembank.interchange import csv_format
from hallmark.itembank.interchange.records import Context, Record

GENERIC_COMPETENCY = "1.1"


def _one_best_answer(competency: str) -> Record:
    return Record(
        where="example",
        identifier="",
        content=Content(
            competency=competency,
            cognitive_level="application",
            stem="<p>A job seeker says she wants to work with animals. "
            "What should the specialist do <strong>first</strong>?</p>",
            options=(
                "Arrange time at a local animal shelter to learn what she enjoys there",
                "Apply for every kennel job advertised this month",
                "Tell her that animal work is not realistic",
                "Ask her family to choose a different field",
            ),
            keys=("A",),
            rationale="Discovery in a real setting comes first; B skips discovery, C and D "
            "override the job seeker's choice.",
            references=("Griffin, Hammis & Geary, The Job Developer's Handbook",),
        ),
    )


def _several_keys(competency: str) -> Record:
    return Record(
        where="example",
        identifier="",
        content=Content(
            competency=competency,
            cognitive_level="recall",
            stem="<p>Which of these is a natural support at work?</p>",
            options=(
                "A co-worker who shows the new employee the time clock",
                "A job coach paid by the agency",
                "A supervisor who checks the new employee's first orders",
            ),
            keys=("A", "C"),
            rationale="Natural supports come from the workplace itself (A, C); a job coach (B) "
            "is a paid support from outside it.",
        ),
    )


def _multiple_response(competency: str) -> Record:
    return Record(
        where="example",
        identifier="",
        content=Content(
            competency=competency,
            cognitive_level="recall",
            kind=ItemKind.MULTIPLE,
            select=2,
            stem="<p>Which <strong>two</strong> of these belong in a vocational profile?</p>",
            options=(
                "The job seeker's interests and the places where they thrive",
                "The diagnosis from the job seeker's medical file",
                "The conditions the job seeker needs to succeed at work",
                "The wages of the last three jobs advertised nearby",
            ),
            keys=("A", "C"),
            rationale="A profile records what discovery found about the person (A, C); a "
            "diagnosis (B) says nothing about work, and wages (D) belong to the job search.",
            references=("Griffin, Hammis & Geary, The Job Developer's Handbook",),
        ),
    )


def template(competencies: Sequence[str] = ()) -> bytes:
    """The header and the examples, tagged with the first competencies given (else a generic)."""
    codes = list(competencies) or [GENERIC_COMPETENCY]
    records = [_one_best_answer(codes[0]), _several_keys(codes[-1]), _multiple_response(codes[0])]
    return csv_format.write(records, Context(program=""))
