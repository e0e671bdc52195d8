"""Record reads and writes of sensitive data: `audit(user, AuditAction.READ, obj, "身份证号")`."""
from django.db.models import Model

from edubureau.accounts.models import AuditAction, AuditLog


def audit(user, action: AuditAction, obj: Model, category: str, detail: str = "") -> AuditLog:
    """Write one audit row. Call it inside the same transaction as the write it records."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    return AuditLog.objects.create(
        user=actor,
        username=actor.get_username() if actor else "",
        action=action,
        category=category,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        detail=detail[:500],
    )
