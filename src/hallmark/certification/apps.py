from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "hallmark.certification"
    label = "certification"
    verbose_name = "Credentials and registry"

    def ready(self) -> None:
        from hallmark.accounts.outbox import delivery_recorded
        from hallmark.certification.casework_figures import (
            appeal_figures,
            complaint_figures,
            discipline_figures,
        )
        from hallmark.certification.issuing import on_run_released
        from hallmark.certification.recertification.notices import follow_delivery
        from hallmark.certification.recertification.reexam import on_released_pass
        from hallmark.results.signals import pass_released, run_released
        from hallmark.results.technical import report_casework_with

        delivery_recorded.connect(follow_delivery, dispatch_uid="hallmark-notice-delivery")
        # Results announces each released pass; certification renews a holder or decides.
        pass_released.connect(on_released_pass, dispatch_uid="hallmark-released-pass")
        # ... and once a run is released, issues the credentials it approved.
        run_released.connect(on_run_released, dispatch_uid="hallmark-released-run")
        # The technical report counts the year's casework, which results does not hold.
        for provider in (appeal_figures, complaint_figures, discipline_figures):
            report_casework_with(provider)
