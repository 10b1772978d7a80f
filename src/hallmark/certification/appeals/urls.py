"""The appeal pages, under /appeals/."""

from django.urls import path

from hallmark.certification.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/<str:subject>/<int:pk>/", views.file, name="file"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/", views.appeal, name="appeal"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/seat/", views.seat, name="seat"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/close/", views.close, name="close"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
