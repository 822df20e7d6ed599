"""Accounts for the load test: LOADTEST_MEMBERS approved members of member municipalities and wards.

Run with the portal's settings (loadtest/run.sh): `python loadtest/prepare.py`. Idempotent.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from municipalities.models import Membership, Ward  # noqa: E402
from portal.models import User  # noqa: E402

count = int(os.environ.get("LOADTEST_MEMBERS", "100"))
password = make_password(os.environ.get("LOADTEST_PASSWORD", "load-test-2026"))
# Members of registered municipalities, and one in five a ward liaison officer.
codes = list(Membership.objects.values_list("municipality_id", flat=True)[:50]) or ["182109"]
wards = list(Ward.objects.values_list("municipality_id", flat=True))
for n in range(count):
    code = wards[n % len(wards)] if n % 5 == 0 else codes[n % len(codes)]
    email = f"load{n:03d}@example.jp"
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": f"負荷試験 {n:03d}",
            "municipality_id": code,
            "department": "企画課",
            "phone": "03-0000-0000",
            "approval_status": User.Approval.APPROVED,
            "approval_decided_at": timezone.now(),
            "password": password,
        },
    )
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
print(f"prepare.py: {count} load-test members ready")
