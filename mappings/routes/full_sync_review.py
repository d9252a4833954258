"""Routes of the Full Synchronization Review page, its live lines, its actions and its dry run."""

from django.urls import path

from mappings.views import full_sync_review as views

urlpatterns: list = [
    path("full-sync-review/", views.page, name="full_sync_review"),
    path("full-sync-review/lines/", views.lines_partial, name="full_sync_review_lines"),
    path("full-sync-review/sync-all/", views.sync_all_view, name="full_sync_review_sync_all"),
    path("full-sync-review/reset/", views.reset_view, name="full_sync_review_reset"),
    path("full-sync-review/<int:pk>/start/", views.start_view, name="full_sync_review_start"),
    path("full-sync-review/<int:pk>/restart/", views.restart_view, name="full_sync_review_restart"),
    path(
        "full-sync-review/<int:pk>/recommend-full/", views.recommend_full_view, name="full_sync_review_recommend_full"
    ),
    path("full-sync-review/<int:pk>/delete/", views.delete_line_view, name="full_sync_review_delete"),
    path(
        "full-sync-review/<int:pk>/multi-company/",
        views.toggle_multi_company_view,
        name="full_sync_review_toggle_multi_company",
    ),
    path("full-sync-review/<int:pk>/dry-run/", views.dry_run_view, name="full_sync_review_dry_run"),
]
