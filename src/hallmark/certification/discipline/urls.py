"""Discipline cases, under /discipline/: the queue, a case, the respondent's page, evidence."""

from django.urls import path

from hallmark.certification.discipline import views

app_name = "discipline"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/<str:reference>/", views.mine, name="mine"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/<slug:action>/", views.act, name="act"),
]
