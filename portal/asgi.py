"""One ASGI application for HTTP and websockets."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_http = get_asgi_application()  # sets Django up before consumers are imported

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from portal.channels_tenancy import SameHostOriginValidator, TenantWebsocketMiddleware, auth_stack  # noqa: E402
from portal.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": SameHostOriginValidator(
            TenantWebsocketMiddleware(auth_stack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
