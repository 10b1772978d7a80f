from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "hallmark.results"
    label = "results"
    verbose_name = "Scoring, standard setting and results"
