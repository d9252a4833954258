from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bcsales import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("connections/", include("connection_setup.urls")),
    path("mappings/", include("mappings.urls")),
    path("log/", include("synclog.urls")),
]

if settings.SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("sandbox.urls")))

handler403 = "bcsales.views.permission_denied"
handler404 = "bcsales.views.page_not_found"
handler500 = "bcsales.views.server_error"
