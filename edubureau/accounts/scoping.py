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

from edubureau.accounts.roles import CAPTURE_ROLES, CITY_WIDE_ROLES, PLAN_MANAGER_ROLES, Role
from edubureau.orgs.models import PATH_SEPARATOR, OrgUnit

_CACHE_ATTR = "_edubureau_scope_prefixes"
_CAPTURE_CACHE_ATTR = "_edubureau_capture_prefixes"
_MANAGER_CACHE_ATTR = "_edubureau_managed_roots"


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


def _cached_prefixes(user, attr: str, roles, city_wide_roles) -> tuple[str, ...]:
    """Prefixes from the user's memberships in `roles` (None: any role), cached on the user object.

    A membership in one of `city_wide_roles` covers the whole city of its unit; any other covers
    the unit's subtree. Superusers cover every root; inactive and anonymous users nothing.
    """
    if not user:
        return ()
    cached = getattr(user, attr, None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        prefixes: tuple[str, ...] = ()
    elif user.is_superuser:
        prefixes = _minimal(set(OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)))
    else:
        rows = user.memberships.all() if roles is None else user.memberships.filter(role__in=roles)
        pairs = rows.values_list("role", "org_unit__path")
        prefixes = _minimal({_root_path(path) if role in city_wide_roles else path for role, path in pairs})
    setattr(user, attr, prefixes)
    return prefixes


def scope_prefixes(user) -> tuple[str, ...]:
    """Path prefixes of the subtrees `user` may see (view scope); cached for the request."""
    return _cached_prefixes(user, _CACHE_ATTR, None, CITY_WIDE_ROLES)


def _filter_by_prefixes(queryset: QuerySet, prefixes: tuple[str, ...], path_field: str) -> QuerySet:
    if not prefixes:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(**{f"{path_field}__startswith": p}) for p in prefixes)))


def scoped(queryset: QuerySet, user, *, path_field: str = "path") -> QuerySet:
    """Narrow `queryset` to rows whose org unit lies in the user's scope.

    `path_field` is the lookup from the queryset's model to an OrgUnit path, e.g.
    "path" for OrgUnit itself or "org_unit__path" for a model with an org_unit FK.
    """
    return _filter_by_prefixes(queryset, scope_prefixes(user), path_field)


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


def capture_prefixes(user) -> tuple[str, ...]:
    """Path prefixes of the subtrees `user` may enter data for (capture scope), cached per request.

    Only memberships in CAPTURE_ROLES count; a 系统管理员 captures for their whole city,
    everyone else for the subtree of the unit they belong to. Superusers capture everywhere.
    """
    return _cached_prefixes(user, _CAPTURE_CACHE_ATTR, CAPTURE_ROLES, {Role.SYSADMIN})


def captured(queryset: QuerySet, user, *, path_field: str = "path") -> QuerySet:
    """Narrow `queryset` to rows whose org unit the user may enter data for (capture scope)."""
    return _filter_by_prefixes(queryset, capture_prefixes(user), path_field)


def can_capture_for(user, unit: OrgUnit) -> bool:
    """True when `user` may enter data on behalf of `unit`."""
    return any(unit.path.startswith(p) for p in capture_prefixes(user))


def can_manage_plans(user, owner: OrgUnit) -> bool:
    """True when `user` runs plan work for `owner` (a city): 科室人员 or 系统管理员 of that city.

    Cached on the user object per city, like the scope prefixes.
    """
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, _MANAGER_CACHE_ATTR, None)
    if cache is None:
        paths = user.memberships.filter(role__in=PLAN_MANAGER_ROLES).values_list("org_unit__path", flat=True)
        cache = {_root_path(path) for path in paths}
        setattr(user, _MANAGER_CACHE_ATTR, cache)
    return _root_path(owner.path) in cache
