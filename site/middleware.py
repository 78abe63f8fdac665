class AdminContentSecurityPolicy:
    """Loosen the site's strict Content-Security-Policy for the Wagtail admin only.

    Some admin widgets (date pickers, inline panels) still ship inline scripts
    and styles, and the page preview frames the admin's own pages; the public
    pages and the desk keep the strict policy. Must stand after csp's
    middleware so that its response hook runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/admin/"):
            response._csp_update = {
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
            }
            response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response
