from django.conf import settings


def site(request):
    """Names used by every page (the header, the title suffix)."""
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_NAME_EN": settings.PORTAL_NAME_EN}
