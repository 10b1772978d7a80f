"""Root URLs: the public pages, the candidate portal, sign-in, and the staff admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hallmark.accounts.language import choose_language
from hallmark.certification import casework_views
from hallmark.exams.journey import views as exams_views
from hallmark.site import guides, jobs, program_pages, views
from hallmark.site.api import api

admin.site.site_header = "Hallmark staff"
admin.site.site_title = "Hallmark staff"
admin.site.index_title = "Certification program administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", choose_language, name="set-language"),
    path("programs/<str:designation>/", program_pages.program_page, name="program"),
    path(
        "programs/<str:designation>/handbook/",
        program_pages.handbook_page,
        name="program-handbook",
    ),
    path(
        "programs/<str:designation>/handbook/<int:version>/",
        program_pages.handbook_page,
        name="program-handbook-version",
    ),
    path(
        "programs/<str:designation>/handbook.pdf",
        program_pages.handbook_download,
        name="program-handbook-pdf",
    ),
    path("guides/", guides.guide_index, name="guides"),
    path("guides/images/<str:name>", guides.guide_image, name="guide-image"),
    path("guides/<slug:role>/", guides.guide_page, name="guide"),
    path("portal/", include("hallmark.exams.urls")),
    # The candidate dashboard, under the short name every page links to.
    path("portal/", exams_views.dashboard, name="portal"),
    path("registry/", include("hallmark.certification.urls")),
    path("credentials/", include("hallmark.certification.credential_urls")),
    path("complaints/", include("hallmark.certification.complaints.urls")),
    path("appeals/", include("hallmark.certification.appeals.urls")),
    path("discipline/", include("hallmark.certification.discipline.urls")),
    path("casework/", casework_views.overview, name="casework"),
    path("api/v1/", api.urls),
    path("accounts/", include("hallmark.accounts.urls")),
    path("accounts/sign-in/", views.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("items/", include("hallmark.itembank.urls")),
    path("job-analysis/", include("hallmark.jobanalysis.urls")),
    path("results/", include("hallmark.results.urls")),
    path("forms/", include("hallmark.exams.forms.urls")),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("jobs/<int:pk>/rerun/", jobs.job_rerun, name="job-rerun"),
    path("jobs/<int:pk>/files/<str:name>", jobs.job_file, name="job-file"),
    path("staff/", admin.site.urls),
]
