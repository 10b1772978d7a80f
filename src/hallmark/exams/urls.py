"""The candidate pages under /portal/: the journey's, and the exam and proctor pages of delivery,
in the one `exams` namespace."""

from hallmark.exams.delivery.urls import urlpatterns as delivery_urlpatterns
from hallmark.exams.journey.urls import urlpatterns as journey_urlpatterns

app_name = "exams"

urlpatterns = journey_urlpatterns + delivery_urlpatterns
