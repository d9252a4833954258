"""Routes of the sales documents pages and of the guided unit group page."""

from django.urls import path

from mappings.views import sales_documents, unit_groups

urlpatterns = [
    path("sales-orders/", sales_documents.sales_orders, name="sales_orders"),
    path("sales-orders/<int:pk>/<uuid:order_id>/", sales_documents.sales_order, name="sales_order"),
    path("sales-orders/<int:pk>/<uuid:order_id>/create/", sales_documents.create_in_bc, name="sales_order_create"),
    path("connections/<int:pk>/unit-groups/", unit_groups.unit_group_page, name="unit_groups"),
    path("connections/<int:pk>/unit-groups/<slug:step>/", unit_groups.unit_group_step, name="unit_group_step"),
]
