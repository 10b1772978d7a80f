from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "hallmark.programs"
    label = "programs"
    verbose_name = "Programs, outlines and policies"
