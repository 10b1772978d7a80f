"""Staff pages of forms, under /forms/."""

from django.urls import path
from django.views.generic import RedirectView

from hallmark.exams.forms import views

app_name = "forms"

urlpatterns = [
    path("", views.form_list, name="list"),
    path("assemble/", views.assemble, name="assemble"),
    # An assembly's page is now every job's page, /jobs/<pk>/.
    path("jobs/<int:pk>/", RedirectView.as_view(pattern_name="job", permanent=True)),
    path("<int:pk>/", views.form_detail, name="detail"),
    path("<int:pk>/chart.svg", views.form_chart, name="chart"),
    path("<int:pk>/swap/", views.swap, name="swap"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/retire/", views.retire, name="retire"),
    path("<int:pk>/use/", views.use, name="use"),
]
