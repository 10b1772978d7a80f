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
    path("sets/", views.set_list, name="sets"),
    path("sets/new/", views.set_create, name="set_create"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set_edit"),
    path("sets/<int:pk>/media/", views.set_attach_media, name="set_attach_media"),
    path("sets/<int:pk>/files/<str:name>", views.set_file, name="set_file"),
    path("sets/<int:pk>/captions/<str:name>", views.set_captions, name="set_captions"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/media/", views.item_attach_media, name="attach_media"),
    path("<int:pk>/images/<str:name>", views.item_image, name="image"),
    path("<int:pk>/captions/<str:name>", views.item_captions, name="captions"),
    path("<int:pk>/preview/", views.item_preview, name="preview"),
    path("<int:pk>/review/", views.item_review, name="review"),
    path("<int:pk>/rekey/", views.item_rekey, name="rekey"),
    path("<int:pk>/enemies/", views.item_enemies, name="enemies"),
    path("<int:pk>/set/", views.item_place_in_set, name="place_in_set"),
    path("<int:pk>/comments/", views.item_comment, name="comment"),
    path("<int:pk>/versions/", views.item_diff, name="diff"),
    path("<int:pk>/step/<slug:action>/", views.item_transition, name="transition"),
]
