from django.apps import AppConfig


class JobAnalysisConfig(AppConfig):
    name = "hallmark.jobanalysis"
    label = "jobanalysis"
    verbose_name = "Job analysis studies"
