"""`/sandbox/dataverse/api/data/v9.0|v9.1|v9.2/…`: every Web API path goes to one view that routes it."""

from django.urls import re_path

from sandbox.dataverse.views import web_api

app_name = "dataverse"

urlpatterns = [re_path(r"^api/data/v(?P<version>9\.[0-2])/(?P<path>.*)$", web_api, name="web_api")]
