"""Sandbox Browser URLs, included by ``sandbox/urls.py`` under the "sandbox" namespace."""

from django.urls import path

from sandbox.browser import views

urlpatterns = [
    path("", views.browser, name="browser"),
    path("<str:service>/<path:table>/<uuid:row_id>/", views.browser_record, name="browser_record"),
    path("<str:service>/<path:table>/", views.browser_table, name="browser_table"),
]
