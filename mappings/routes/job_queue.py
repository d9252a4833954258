"""Routes of the Synch. Job Queue Entries page."""

from django.urls import path

from mappings.views import job_queue

urlpatterns: list = [
    path("job-queue/", job_queue.job_queue, name="job_queue"),
    path("job-queue/<int:pk>/run-now/", job_queue.run_now, name="job_queue_run_now"),
    path("job-queue/<int:pk>/set-on-hold/", job_queue.set_on_hold, name="job_queue_set_on_hold"),
    path("job-queue/<int:pk>/set-ready/", job_queue.set_ready, name="job_queue_set_ready"),
]
