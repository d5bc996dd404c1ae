"""Public pages of responsibility lists; mounted in the "public" namespace by config.public_urls."""

from django.urls import path

from .views import lists

urlpatterns = [
    path("lists/", lists.public_list_index, name="list_index"),
    path("lists/<int:pk>/", lists.public_list_detail, name="list_detail"),
]
