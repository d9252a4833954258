"""Routes of the coupled-record pages and their actions (Couple, Uncouple, Synchronize Now, Match-Based Coupling)."""

from django.urls import path

from mappings.views import coupled_actions as actions
from mappings.views import coupled_records as pages

urlpatterns: list = [
    path("coupled/", pages.coupled_index, name="coupled_index"),
    path("coupled/open-in-business-central/", pages.open_in_bc, name="open_in_bc"),
    path("coupled/<int:pk>/", pages.coupled_list, name="coupled_list"),
    path("coupled/<int:pk>/record/<uuid:bc_id>/", pages.coupled_record, name="coupled_record"),
    path("coupled/<int:pk>/record/<uuid:bc_id>/search/", pages.dataverse_search, name="coupled_search"),
    path("coupled/<int:pk>/record/<uuid:bc_id>/couple/", actions.couple, name="coupled_couple"),
    path("coupled/<int:pk>/open-in-sales/<uuid:dataverse_id>/", pages.open_in_sales, name="open_in_sales"),
    path("coupled/<int:pk>/create-new/", actions.create_new, name="coupled_create_new"),
    path("coupled/<int:pk>/uncouple/", actions.uncouple, name="coupled_uncouple"),
    path("coupled/<int:pk>/synchronize/", actions.synchronize, name="coupled_synchronize"),
    path("coupled/<int:pk>/match/", actions.match_coupling, name="coupled_match"),
    path("coupled/<int:pk>/match/run/", actions.match_coupling_run, name="coupled_match_run"),
    path("coupled/<int:pk>/match/dry-run/", actions.match_dry_run, name="coupled_match_dry_run"),
]
