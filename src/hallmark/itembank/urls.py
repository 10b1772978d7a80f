"""Staff pages of the item bank, under /items/."""

from django.urls import path

from hallmark.itembank import outline_views, views

app_name = "itembank"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("reviews/", views.review_queue, name="reviews"),
    path("health/", views.bank_health, name="health"),
    path("reclassify/", views.reclassify, name="reclassify"),
    path("outline/", outline_views.outline_versions, name="outline"),
    path("import/", views.import_items, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/guide/", views.import_guide, name="import_guide"),
    path("export/", views.export_items, name="export"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/image/", views.item_attach_image, name="attach_image"),
    path("<int:pk>/images/<str:name>", views.item_image, name="image"),
    path("<int:pk>/preview/", views.item_preview, name="preview"),
    path("<int:pk>/review/", views.item_review, name="review"),
    path("<int:pk>/rekey/", views.item_rekey, name="rekey"),
    path("<int:pk>/enemies/", views.item_enemies, name="enemies"),
    path("<int:pk>/comments/", views.item_comment, name="comment"),
    path("<int:pk>/versions/", views.item_diff, name="diff"),
    path("<int:pk>/step/<slug:action>/", views.item_transition, name="transition"),
]
