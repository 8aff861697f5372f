from django.urls import path

from intake import consumers
from tenants.referrals.consumers import PlacesConsumer

# The actors' consumers refuse connections on the programme's host; the free places'
# consumer refuses any other host.
websocket_urlpatterns = [
    path("ws/notifications/", consumers.NotificationsConsumer.as_asgi()),
    path("ws/cases/<str:code>/", consumers.CaseConsumer.as_asgi()),
    path("ws/places/", PlacesConsumer.as_asgi()),
]
