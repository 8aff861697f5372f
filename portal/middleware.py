from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy (Django 5.2 has none built in).

    Only our own origin: no inline scripts or styles, no third-party requests, which
    also keeps a person reading the knowledge base from being seen by anybody else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
