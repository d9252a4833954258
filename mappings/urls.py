"""The mapping pages' URLs, gathered from one route module per area so that each area owns its own routes."""

from mappings.routes import coupled_records, full_sync_review, job_queue, mapping_pages, sales_documents

app_name = "mappings"
urlpatterns = [
    *mapping_pages.urlpatterns,
    *job_queue.urlpatterns,
    *full_sync_review.urlpatterns,
    *coupled_records.urlpatterns,
    *sales_documents.urlpatterns,
]
