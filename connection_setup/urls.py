app_name = "connection_setup"
urlpatterns: list = []
