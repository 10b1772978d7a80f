"""The job-analysis chapter of a program's technical report: the study a content outline was
adopted from, with its sample, reliability and domain weights, recomputed from its responses."""

from typing import Any

from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.report import study_report
from hallmark.programs.models import ContentOutline


def outline_chapter(outline: ContentOutline | None) -> dict[str, Any] | None:
    """The figures of the study `outline` was adopted from; None when it came from no study."""
    if outline is None:
        return None
    study = (
        Study.objects.select_related("program", "draft_outline", "adopted_outline")
        .filter(adopted_outline=outline)
        .first()
    )
    if study is None:
        return None
    figures = study_report(study).as_json()
    return {
        "study": study.pk,
        "title": study.title,
        "outline_version": outline.version,
        "opened": figures["opened"],
        "closed": figures["closed"],
        "adopted": f"{study.adopted_at:%Y-%m-%d}" if study.adopted_at else None,
        "respondents": figures["respondents"],
        "invited": figures["invited"],
        "response_rate": figures["response_rate"],
        "reliability": figures["reliability"],
        "weight_formula": figures["weight_formula"],
        "weights": [
            {
                "domain": d["code"],
                "title": d["title"],
                "computed": d["computed"],
                "adjusted": d["adjusted"],
                "reason": d["reason"],
                "final": d["final"],
            }
            for d in figures["domain_weights"]
        ],
    }
