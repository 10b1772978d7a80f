"""A certification decision names the released result whose pass it decided on, by a foreign key.
Decisions made before keep their source text ("Passed CESP-2026-A in May 2026 (run 2,
released)"), from which the key is filled: the one passing result of the candidate, of the
program, in the run that text names. A decision whose text names no such result keeps no key."""

import django.db.models.deletion
from django.db import migrations, models


def _source(result):
    run = result.run
    return f"Passed {run.form.code} in {run.window.name} (run {run.number}, released)"


def link_results(apps, schema_editor):
    Decision = apps.get_model("certification", "CertificationDecision")
    Result = apps.get_model("results", "Result")
    for decision in Decision.objects.filter(result__isnull=True, source__startswith="Passed "):
        passes = Result.objects.filter(
            candidate_id=decision.candidate_id,
            run__window__program_id=decision.program_id,
            passed=True,
        ).select_related("run__form", "run__window")
        named = [r for r in passes if _source(r) == decision.source]
        if len(named) == 1:
            decision.result = named[0]
            decision.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0013_discipline_case_from_complaint"),
        ("results", "0007_void_result_on_the_panel_s_authority"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificationdecision",
            name="result",
            field=models.ForeignKey(
                blank=True,
                help_text="The released result whose pass was decided on, when it came from one.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certification_decisions",
                to="results.result",
            ),
        ),
        migrations.RunPython(link_results, migrations.RunPython.noop),
    ]
