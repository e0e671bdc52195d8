from django.db.models import QuerySet

from edubureau.accounts.models import Membership


def membership_list(*, fetched_by) -> QuerySet[Membership]:
    """The signed-in user's own memberships (never anyone else's)."""
    return Membership.objects.filter(user=fetched_by).select_related("org_unit").order_by("org_unit__path", "role")
