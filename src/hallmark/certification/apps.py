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
        from hallmark.certification.recertification.notices import follow_delivery
        from hallmark.certification.recertification.reexam import on_released_passes
        from hallmark.results.signals import passes_released
        from hallmark.results.technical import report_casework_with

        delivery_recorded.connect(follow_delivery, dispatch_uid="hallmark-notice-delivery")
        # Results announces a run's released passes; certification renews holders, decides on
        # the others and issues what it approved.
        passes_released.connect(on_released_passes, dispatch_uid="hallmark-released-passes")
        # The technical report counts the year's casework, which results does not hold.
        for provider in (appeal_figures, complaint_figures, discipline_figures):
            report_casework_with(provider)
