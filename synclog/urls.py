app_name = "synclog"
urlpatterns: list = []
