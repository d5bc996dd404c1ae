from django.urls import path

from .views import lists

app_name = "public"

urlpatterns = [
    path("lists/", lists.public_list_index, name="list_index"),
    path("lists/<int:pk>/", lists.public_list_detail, name="list_detail"),
]
