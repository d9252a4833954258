"""URLs of the Connection Setup: pages by GET, actions by POST (each guarded by ``admin_action``)."""

from django.urls import path

from connection_setup.views import actions, pages, wizard

app_name = "connection_setup"
urlpatterns = [
    path("", pages.connection_list, name="list"),
    path("new/", pages.new, name="new"),
    path("create/", actions.create, name="create"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/setup/", pages.detail, name="setup"),
    path("<int:pk>/save/", actions.save, name="save"),
    path("<int:pk>/switches/", actions.switches, name="switches"),
    path("<int:pk>/test/", actions.test_connection, name="test"),
    path("<int:pk>/enable/", actions.enable, name="enable"),
    path("<int:pk>/disable/", actions.disable, name="disable"),
    path("<int:pk>/import-solution/", actions.import_solution, name="import_solution"),
    path("<int:pk>/redeploy/", actions.import_solution, name="redeploy"),
    path("<int:pk>/default-setup/", pages.default_setup, name="default_setup"),
    path("<int:pk>/default-setup/apply/", actions.use_default_setup, name="apply_default_setup"),
    path("<int:pk>/web-client-url/reset/", actions.reset_web_client_url, name="reset_web_client_url"),
    path("assisted-setup/", wizard.wizard_start, name="wizard_start"),
    path("assisted-setup/start/", wizard.wizard_begin, name="wizard_begin"),
    path("assisted-setup/<int:pk>/<str:step>/", wizard.wizard_step, name="wizard_step"),
    path("assisted-setup/<int:pk>/<str:step>/submit/", wizard.wizard_submit, name="wizard_submit"),
]
