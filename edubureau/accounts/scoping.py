"""The one choke point that turns a user into the org units they may see.

Every list and detail selector filters through `scoped()` (or `orgunits_visible_for()`),
and every detail view fetches through `get_in_scope_or_404()`, so an object outside
the user's scope answers 404 exactly like a missing one (zulip access_stream_common).
Nothing is visible by default: a user with no membership sees nothing.
"""
from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from edubureau.accounts.roles import CITY_WIDE_ROLES
from edubureau.orgs.models import PATH_SEPARATOR, OrgUnit

_CACHE_ATTR = "_edubureau_scope_prefixes"


def _root_path(path: str) -> str:
    root_code = path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[0]
    return f"{PATH_SEPARATOR}{root_code}{PATH_SEPARATOR}"


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one, so the SQL stays small."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(sorted(kept))


def scope_prefixes(user) -> tuple[str, ...]:
    """Path prefixes of the subtrees `user` may see; cached on the user object for the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not user or not user.is_authenticated or not user.is_active:
        prefixes: tuple[str, ...] = ()
    elif user.is_superuser:
        roots = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
        prefixes = _minimal(set(roots))
    else:
        rows = user.memberships.values_list("role", "org_unit__path")
        prefixes = _minimal({_root_path(path) if role in CITY_WIDE_ROLES else path for role, path in rows})
    setattr(user, _CACHE_ATTR, prefixes)
    return prefixes


def scoped(queryset: QuerySet, user, *, path_field: str = "path") -> QuerySet:
    """Narrow `queryset` to rows whose org unit lies in the user's scope.

    `path_field` is the lookup from the queryset's model to an OrgUnit path, e.g.
    "path" for OrgUnit itself or "org_unit__path" for a model with an org_unit FK.
    """
    prefixes = scope_prefixes(user)
    if not prefixes:
        return queryset.none()
    condition = reduce(or_, (Q(**{f"{path_field}__startswith": p}) for p in prefixes))
    return queryset.filter(condition)


def orgunits_visible_for(user) -> QuerySet[OrgUnit]:
    """Every org unit the user may see."""
    return scoped(OrgUnit.objects.all(), user)


def in_scope(user, unit: OrgUnit) -> bool:
    """True when `unit` lies in the user's scope (no query once prefixes are cached)."""
    return any(unit.path.startswith(p) for p in scope_prefixes(user))


def get_in_scope_or_404(queryset: QuerySet, user, *, path_field: str = "path", **lookup) -> Model:
    """Fetch one object in the user's scope; missing and out-of-scope both raise Http404."""
    try:
        return scoped(queryset, user, path_field=path_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("未找到该对象") from exc
