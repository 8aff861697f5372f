from django.urls import path

from intake import consumers

# Tenant side only: a consumer refuses connections that arrive on the programme's host.
websocket_urlpatterns = [
    path("ws/notifications/", consumers.NotificationsConsumer.as_asgi()),
    path("ws/cases/<str:code>/", consumers.CaseConsumer.as_asgi()),
]
