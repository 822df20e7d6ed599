"""Clear the cached prefecture map when the rows it counts change (nothing else happens here)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from agreements.models import Federation, FederationMembership
from municipalities import map as prefecture_map
from municipalities.models import Area, ExchangeRelation, Membership


def clear_prefecture_map(**kwargs) -> None:
    # Clear now and again after commit: a request that recomputes the map between the save and the
    # commit would otherwise cache the old counts until the next change.
    prefecture_map.invalidate()
    transaction.on_commit(prefecture_map.invalidate)


def connect() -> None:
    """Connect the receivers (called from MunicipalitiesConfig.ready)."""
    for model in (Membership, FederationMembership, ExchangeRelation, Area):
        uid = f"municipalities.map:{model._meta.label_lower}"
        post_save.connect(clear_prefecture_map, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(clear_prefecture_map, sender=model, dispatch_uid=f"{uid}:delete")
    for through in (Area.municipalities.through, Federation.members.through):
        m2m_changed.connect(
            clear_prefecture_map, sender=through, dispatch_uid=f"municipalities.map:{through._meta.label_lower}:m2m"
        )
