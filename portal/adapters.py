"""allauth policy: anyone may apply; the application is complete once the address is confirmed, and
then waits for the Secretariat. Also: the client's real address behind the load balancer, and login
failures counted per account *and* address (so that no one can lock out everyone, or someone else)."""

from __future__ import annotations

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import redirect
from django.urls import reverse

from core.roles import can_use_board
from portal import mail

# Set after a sign-up (or a login with an unconfirmed address): the pending page then explains the
# next steps to a visitor who is not logged in yet. Set the same way whether or not the address
# already had an account, so the page tells nothing about other people's accounts.
SIGNUP_SESSION_KEY = "portal_signup_submitted"


def client_ip(request) -> str:
    """The client's address: the connecting one, or — behind ALLAUTH_TRUSTED_PROXY_COUNT proxies that
    append to X-Forwarded-For — the entry that the outermost trusted proxy appended. Entries to the
    left of it were written by the client and are never believed. With PORTAL_TRUSTED_PROXY_NETWORKS,
    X-Forwarded-For is only read from a connection that comes from one of those networks."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    if hops <= 0 or not _from_trusted_proxy(remote):
        return remote
    chain = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    if not chain:
        return remote
    # Fewer entries than proxies: the request entered behind the outermost one; its first entry was
    # still written by a proxy of ours.
    candidate = chain[-hops] if len(chain) >= hops else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _from_trusted_proxy(remote: str) -> bool:
    networks = settings.PORTAL_TRUSTED_PROXY_NETWORKS
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(address in network for network in networks)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if not can_use_board(request.user):
            return reverse("members:pending")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return reverse("members:pending") if request.user.is_authenticated else super().get_signup_redirect_url(request)

    def respond_email_verification_sent(self, request, user):
        request.session[SIGNUP_SESSION_KEY] = True
        return redirect("members:pending")

    def confirm_email(self, request, email_address):
        from portal.services import application_submit

        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            application_submit(user=email_address.user)
        return confirmed

    def send_mail(self, template_prefix, email, context):
        # allauth's own mails (address confirmation, password reset …) get the portal's name, URL and
        # the 事務局's contact points, like the portal's (templates/account/email/base_message.txt).
        extra = {"confirmation_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS}
        super().send_mail(template_prefix, email, {**mail.mail_context(), **extra, **context})

    # --- rate limits -------------------------------------------------------------------------
    def get_client_ip(self, request):
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's per-"key" login-failure limit, keyed by account *and* address: wrong passwords
        # typed at one address cannot lock the account's owner out at another.
        site = get_current_site(request)
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{site.domain}:{login}:{client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        if not ratelimit.consume(request, action="login_failed_account", key=self._account_key(credentials), dry_run=True):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        ratelimit.consume(request, action="login_failed_account", key=self._account_key(credentials))

    @staticmethod
    def _account_key(credentials) -> str:
        return "account:" + credentials.get("email", credentials.get("username", "")).lower()
