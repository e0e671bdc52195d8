"""Query-string filters of the API lists.

The registry lists are filtered by the very forms of the registry pages (registry.forms), so a
filter means the same on a page and in the API, scope checks included (a school filter offers only
the schools in scope). Unlike a page, which shows a bad field's error and ignores it, the API
answers 400 with the field's message. The disability filter is not offered: sensitive categories
stay out of the API.
"""
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from edubureau.api.selectors import IndicatorValueFilters, OrgUnitFilters
from edubureau.orgs.models import OrgKind

EXCLUDED_FORM_FIELDS = frozenset({"disability"})  # a sensitive category (SensitivePerm.VIEW_DISABILITY)


def _form_field_names(form_class) -> list[str]:
    return [name for name in form_class.base_fields if name not in EXCLUDED_FORM_FIELDS]


def form_filters(request, form_class):
    """The selector's filters dataclass for the query string, parsed by a registry filter form.

    Without any filter in the query string no form is built (it costs queries for its choices).
    Raises ValidationError (400) naming each bad field.
    """
    names = _form_field_names(form_class)
    if not any(request.query_params.get(name) for name in names):
        return form_class.filters_class()
    form = form_class(request.query_params, user=request.user)
    for name in EXCLUDED_FORM_FIELDS:
        form.fields.pop(name, None)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.to_filters()


def form_parameters(form_class) -> list[OpenApiParameter]:
    """OpenAPI query parameters of a registry filter form (fixed choices become enums)."""
    parameters = []
    for name in _form_field_names(form_class):
        field = form_class.base_fields[name]
        is_int = getattr(field, "coerce", None) is int
        choices = [(v, label) for v, label in getattr(field, "choices", []) if v != ""]
        description = str(field.label)
        if placeholder := field.widget.attrs.get("placeholder"):
            description += f":{placeholder}(证件号须完整输入,按带密钥哈希精确查找)"
        if choices:
            description += ":" + ";".join(f"{value} {label}" for value, label in choices)
        elif isinstance(field, forms.TypedChoiceField) and is_int:
            description += "(id,须在您的查看范围内)"
        parameters.append(OpenApiParameter(
            name, OpenApiTypes.INT if is_int else OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
            description=description, enum=[int(v) if is_int else str(v) for v, _ in choices] or None,
        ))
    return parameters


class IndicatorValueQuery(serializers.Serializer):
    indicator = serializers.CharField(required=False, max_length=60, help_text="指标代码")
    org_unit = serializers.IntegerField(required=False, min_value=1, help_text="单位 id:只要这个单位的值")
    parent = serializers.IntegerField(required=False, min_value=1, help_text="单位 id:只要这个单位的直属下级单位的值(逐级下钻)")
    period = serializers.CharField(required=False, max_length=9, help_text="周期:学年 2024-2025、年度 2024 或月份 2024-05")


class OrgUnitQuery(serializers.Serializer):
    kind = serializers.ChoiceField(required=False, choices=OrgKind.choices, help_text="单位类型")
    parent = serializers.IntegerField(required=False, min_value=1, help_text="上级单位 id:只要它的直属下级单位")


def _query(request, serializer_class, filters_class):
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return filters_class(**serializer.validated_data)


def indicator_value_filters(request) -> IndicatorValueFilters:
    return _query(request, IndicatorValueQuery, IndicatorValueFilters)


def orgunit_filters(request) -> OrgUnitFilters:
    return _query(request, OrgUnitQuery, OrgUnitFilters)
