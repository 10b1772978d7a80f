from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "hallmark.certification"
    label = "certification"
    verbose_name = "Credentials and registry"

    def ready(self) -> None:
        from hallmark.accounts.outbox import delivery_recorded
        from hallmark.certification.notices import follow_delivery

        delivery_recorded.connect(follow_delivery, dispatch_uid="hallmark-notice-delivery")
