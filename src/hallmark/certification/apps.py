from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "hallmark.certification"
    label = "certification"
    verbose_name = "Credentials and registry"
