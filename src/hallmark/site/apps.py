from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "hallmark.site"
    label = "hallmark_site"
    verbose_name = "Hallmark site"
