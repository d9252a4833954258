"""Routes of the synchronization log pages and the dashboard."""

from django.urls import path

from synclog.views import dashboard, errors, jobs, skipped

app_name = "synclog"
urlpatterns = [
    path("", jobs.jobs, name="jobs"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress_partial, name="job_progress"),
    path("errors/", errors.errors, name="errors"),
    path("errors/delete-older/", errors.delete_older, name="errors_delete_older"),
    path("errors/delete-all/", errors.delete_all, name="errors_delete_all"),
    path("skipped/", skipped.skipped, name="skipped"),
    path("skipped/retry/", skipped.retry, name="skipped_retry"),
    path("skipped/retry-all/", skipped.retry_all, name="skipped_retry_all"),
    path("skipped/synchronize/", skipped.synchronize, name="skipped_synchronize"),
    path("skipped/remove-coupling/", skipped.remove_coupling, name="skipped_remove_coupling"),
    path("skipped/restore/", skipped.restore, name="skipped_restore"),
    path("skipped/delete-records/", skipped.delete_records, name="skipped_delete_records"),
    path("skipped/find-for-deleted/", skipped.find_for_deleted, name="skipped_find_for_deleted"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
