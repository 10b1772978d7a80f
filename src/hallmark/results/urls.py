"""Results pages under /results/: the candidate's, the panelist's, and the staff's."""

from django.urls import path

from hallmark.results import equating_views, fairness_views, technical_views, views

app_name = "results"

urlpatterns = [
    path("mine/<int:pk>/", views.mine, name="mine"),
    path("mine/<int:pk>/report.pdf", views.report, name="report"),
    path("mine/<int:pk>/verify/", views.verify, name="verify"),
    path("panel/", views.panel, name="panel"),
    path("panel/<int:pk>/", views.rate, name="rate"),
    path("panel/<int:pk>/sign/", views.sign, name="sign"),
    path("panel/<int:pk>/hofstee/", views.hofstee, name="hofstee"),
    path("staff/", views.staff_home, name="staff"),
    path("staff/verifications/<int:pk>/", views.verification, name="verification"),
    path("staff/windows/<int:pk>/", views.window, name="window"),
    path("staff/runs/<int:pk>/", views.run, name="run"),
    path(
        "staff/runs/<int:pk>/<slug:chart>.svg",
        fairness_views.run_chart,
        name="run-chart",
    ),
    path("staff/dif/", fairness_views.dif_queue, name="dif-queue"),
    path("staff/dif/<int:pk>/<int:position>/", fairness_views.dif_item, name="dif-item"),
    path("staff/studies/<int:pk>/", views.study, name="study"),
    path("staff/forms/<int:pk>/equating/", equating_views.equating, name="equating"),
    path("staff/studies/<int:pk>/report.csv", views.study_export, name="study-export"),
    path("staff/report/", technical_views.reports, name="technical-reports"),
    path("staff/report/<str:designation>/", technical_views.report, name="technical-report"),
    path(
        "staff/report/<str:designation>/make/",
        technical_views.make,
        name="technical-report-make",
    ),
]
