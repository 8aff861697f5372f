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


class RejectNulCharactersMiddleware:
    """Answers 400 with a clear page when the address carries a NUL character.

    PostgreSQL refuses NUL in text, so such a value would otherwise end as a server error
    (and its text in the log). Form posts are validated field by field instead (Django's
    form fields refuse NUL with a message next to the field), so only the path and the
    query string are checked here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
                "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            from django.shortcuts import render
            from django.urls import set_urlconf

            set_urlconf(getattr(request, "urlconf", None))  # the host's URLs (django-tenants), for the page's links
            return render(request, "portal/bad_request.html", status=400)
        return self.get_response(request)
