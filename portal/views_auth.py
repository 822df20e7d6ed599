from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.http import url_has_allowed_host_and_scheme

from board.models import Category
from municipalities.selectors import municipality_suggestions


def admin_login(request):
    """The admin's login goes through allauth (rate limits, two-factor authentication)."""
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return redirect_to_login(next_url, login_url="account_login")


class SignupView(AllauthSignupView):
    """allauth's sign-up with what the page explains first: approval time, what members can do (the
    board's categories, i.e. the seeds' 活用事例) and the master list's suggestions."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["working_days"] = settings.PORTAL_APPROVAL_WORKING_DAYS
        context["categories"] = Category.objects.all()
        # A callable: evaluated only when the cached <datalist> is rendered again.
        context["municipality_suggestions"] = municipality_suggestions
        return context
