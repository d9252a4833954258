"""Sandbox Browser URLs, included by ``sandbox/urls.py`` under the "sandbox" namespace."""

from django.urls import path

from sandbox.browser import sales_ui, views

urlpatterns = [
    path("", views.browser, name="browser"),
    path("<str:service>/<path:table>/<uuid:row_id>/", views.browser_record, name="browser_record"),
    path("<str:service>/<path:table>/<uuid:row_id>/change/", sales_ui.change_field, name="browser_change_field"),
    path("<str:service>/<path:table>/", views.browser_table, name="browser_table"),
]
