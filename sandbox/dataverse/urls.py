"""`/sandbox/dataverse/api/data/v9.0|v9.1|v9.2/…`: every Web API path goes to one view that routes it.

`main.aspx` stands in for the Dynamics 365 Sales web client's record link (it opens the Sandbox Browser).
"""

from django.urls import path, re_path

from sandbox.browser.sales_ui import open_record
from sandbox.dataverse.views import web_api

app_name = "dataverse"

urlpatterns = [
    re_path(r"^api/data/v(?P<version>9\.[0-2])/(?P<path>.*)$", web_api, name="web_api"),
    path("main.aspx", open_record, name="web_client"),
]
