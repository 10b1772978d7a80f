from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "hallmark.exams"
    label = "exams"
    verbose_name = "Applications, windows and registrations"
