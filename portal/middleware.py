"""Who reaches the Django admin: staff with two-factor authentication (TOTP). Staff without it are
sent to set it up; a signed-in member gets a Japanese 403 page (the admin's own redirect to its
login, which goes through allauth's, would bounce a signed-in member between the two forever)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from core.roles import has_staff_powers, lacks_two_factor


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_authenticated:
            if lacks_two_factor(request.user):
                messages.warning(request, "管理画面を使うには、先に2段階認証（認証アプリ）を設定してください。")
                return redirect(reverse("mfa_activate_totp"))
            if not has_staff_powers(request.user):
                return render(request, "errors/admin_forbidden.html", status=403)
        return self.get_response(request)
