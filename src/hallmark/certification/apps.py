from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "hallmark.certification"
    label = "certification"
    verbose_name = "Credentials and registry"

    def ready(self) -> None:
        from hallmark.accounts.outbox import delivery_recorded
        from hallmark.certification.recertification.notices import follow_delivery
        from hallmark.certification.services import decide_on_released_pass
        from hallmark.results.signals import pass_released

        delivery_recorded.connect(follow_delivery, dispatch_uid="hallmark-notice-delivery")
        # Results announces each released pass; certification decides on it.
        pass_released.connect(decide_on_released_pass, dispatch_uid="hallmark-released-pass")
