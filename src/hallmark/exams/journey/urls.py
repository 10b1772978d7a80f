"""The candidate journey's pages, under /portal/ (the dashboard is /portal/ itself)."""

from django.urls import path

from hallmark.exams.journey import booking_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("apply/<str:designation>/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/answers/", views.application_answers, name="application-answers"),
    path(
        "applications/<int:pk>/evidence/", views.application_evidence, name="application-evidence"
    ),
    path("applications/<int:pk>/conduct/", views.application_conduct, name="application-conduct"),
    path(
        "applications/<int:pk>/employer/", views.application_employer, name="application-employer"
    ),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"
    ),
    path("documents/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("documents/<int:pk>/remove/", views.evidence_withdraw, name="evidence-withdraw"),
    path(
        "verify-employment/<str:token>/", views.employer_verification, name="employer-verification"
    ),
    path("book/", booking_views.book, name="book"),
    path("book/<int:pk>/", booking_views.book_window, name="book-window"),
    path("bookings/<int:pk>/", booking_views.booking, name="booking"),
    path("bookings/<int:pk>/cancel/", booking_views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/move/", booking_views.booking_reschedule, name="booking-reschedule"),
    path("accommodations/new/", views.accommodation_new, name="accommodation-new"),
    path("accommodations/<int:pk>/", views.accommodation_detail, name="accommodation"),
    path(
        "accommodations/<int:pk>/withdraw/",
        views.accommodation_withdraw,
        name="accommodation-withdraw",
    ),
]
