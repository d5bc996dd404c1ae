"""Public pages of commitments; mounted in the "public" namespace by config.public_urls."""

from django.urls import path

from .views import public

urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("commitments/", public.board, name="commitment_board"),
    path("commitments/kiosk/", public.kiosk, name="commitment_kiosk"),
]
