"""Routes of the emulated identity platform, mounted at ``login/`` by ``sandbox/urls.py``.

The authority is ``{base}/sandbox/login/{tenant}``; the instance-wide user realm sits beside the tenants
(``/common/userrealm/...``) as it does on login.microsoftonline.com.
"""

from django.urls import path

from sandbox.identity import views

urlpatterns = [
    path("common/userrealm/<str:username>", views.user_realm, name="identity-user-realm"),
    path(
        "<str:tenant>/v2.0/.well-known/openid-configuration",
        views.openid_configuration,
        name="identity-openid-configuration",
    ),
    path("<str:tenant>/oauth2/v2.0/token", views.token, name="identity-token"),
    path("<str:tenant>/discovery/v2.0/keys", views.discovery_keys, name="identity-keys"),
]
