"""allauth policy: anyone may apply; the account waits for the Secretariat's approval."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from core.roles import can_use_board


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if not can_use_board(request.user):
            return reverse("members:pending")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return reverse("members:pending") if request.user.is_authenticated else super().get_signup_redirect_url(request)
