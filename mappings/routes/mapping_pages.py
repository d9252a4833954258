"""Routes of the Integration Table Mappings pages: list, card, field mappings, actions, export and import."""

from django.urls import path

from mappings.views import mapping_actions, mapping_card, mapping_list, mapping_templates

urlpatterns: list = [
    path("", mapping_list.mapping_list, name="list"),
    path("export/", mapping_list.export_view, name="export"),
    path("import/", mapping_list.import_view, name="import"),
    path("<int:pk>/", mapping_card.card, name="card"),
    path("<int:pk>/save/", mapping_card.card_save, name="card_save"),
    path("<int:pk>/templates/add/", mapping_templates.template_add, name="template_add"),
    path("templates/<int:pk>/save/", mapping_templates.template_save, name="template_save"),
    path("templates/<int:pk>/remove/", mapping_templates.template_remove, name="template_remove"),
    path("<int:pk>/fields/", mapping_card.field_mappings, name="field_mappings"),
    path("<int:pk>/fields/add/", mapping_card.field_mapping_add, name="field_mapping_add"),
    path("fields/<int:pk>/", mapping_card.field_card, name="field_card"),
    path("fields/<int:pk>/save/", mapping_card.field_mapping_save, name="field_mapping_save"),
    path("fields/<int:pk>/remove/", mapping_card.field_mapping_remove, name="field_mapping_remove"),
    path("<int:pk>/synchronize/", mapping_actions.synchronize_now_view, name="synchronize_now"),
    path("<int:pk>/reset/", mapping_actions.reset_to_default_view, name="reset_to_default"),
    path("<int:pk>/restart/", mapping_actions.restart_view, name="restart"),
    path("<int:pk>/recommend-full/", mapping_actions.recommend_full_sync_view, name="recommend_full_sync"),
    path("<int:pk>/uncouple-all/", mapping_actions.uncouple_all_confirm, name="uncouple_all_confirm"),
    path("<int:pk>/uncouple-all/confirm/", mapping_actions.uncouple_all_view, name="uncouple_all"),
    path("<int:pk>/set-on-hold/", mapping_actions.set_on_hold_view, name="set_on_hold"),
    path("<int:pk>/set-ready/", mapping_actions.set_ready_view, name="set_ready"),
]
