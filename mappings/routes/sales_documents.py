"""Routes of this area of the mapping pages."""

urlpatterns: list = []
