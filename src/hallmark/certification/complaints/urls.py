"""Complaints under /complaints/: the public form, its confirmation and the status lookup; the
staff's queue and complaint pages under /complaints/staff/."""

from django.urls import path

from hallmark.certification.complaints import staff_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_form, name="form"),
    path("received/", views.received, name="received"),
    path("status/", views.status, name="status"),
    path("staff/", staff_views.queue, name="staff"),
    path("staff/<str:reference>/", staff_views.complaint, name="staff-complaint"),
    path("staff/<str:reference>/acknowledge/", staff_views.acknowledge, name="acknowledge"),
    path("staff/<str:reference>/triage/", staff_views.triage, name="triage"),
    path("staff/<str:reference>/link/", staff_views.link, name="link"),
    path("staff/<str:reference>/notes/", staff_views.note, name="note"),
    path("staff/<str:reference>/actions/", staff_views.plan_action, name="plan-action"),
    path(
        "staff/<str:reference>/actions/<int:pk>/done/",
        staff_views.action_done,
        name="action-done",
    ),
    path("staff/<str:reference>/case/", staff_views.open_case, name="open-case"),
    path("staff/<str:reference>/close/", staff_views.close, name="close"),
    path(
        "staff/<str:reference>/attachments/<int:pk>/",
        staff_views.attachment,
        name="attachment",
    ),
]
