from django.apps import AppConfig


class ItembankConfig(AppConfig):
    name = "hallmark.itembank"
    label = "itembank"
    verbose_name = "Item bank"
