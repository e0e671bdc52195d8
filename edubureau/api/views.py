"""The REST API: read-only lists and details, scoped exactly like the pages.

Every list and detail goes through a selector that filters by the scoping choke point
(accounts.scoping): the registry selectors of the pages for students, staff and classes, the
org selectors for units, api.selectors for indicator values. An object outside the user's scope
answers 404 exactly like a missing one. Identity numbers and 学籍号 are only ever masked.
"""
from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.renderers import (
    OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2,
)
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from edubureau.api import filters, selectors
from edubureau.api.serializers import (
    ClassGroupSerializer, IndicatorSerializer, IndicatorValueSerializer, OrgUnitSerializer, StudentSerializer,
    TeacherSerializer, TokenCredentialsSerializer, TokenSerializer,
)
from edubureau.orgs import selectors as org_selectors
from edubureau.orgs.models import OrgUnit
from edubureau.registry import selectors as registry_selectors
from edubureau.registry.forms import ClassFilterForm, StudentFilterForm, TeacherFilterForm
from edubureau.registry.models import ClassGroup, Student, Teacher

WRONG_CREDENTIALS = "用户名或密码不正确,或账号已停用。"
LOCKED_OUT = "登录失败次数过多,为保护账号安全,该账号已被暂时锁定。请{minutes}分钟后再试,或联系系统管理员解锁。"

TAG_INDICATORS, TAG_ORGS, TAG_REGISTRY, TAG_TOKEN = "指标", "组织单位", "名册", "令牌"

_DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})
NOT_FOUND_RESPONSE = OpenApiResponse(_DETAIL, description="不存在,或不在您的查看范围内")


def _lockout_message() -> str:
    return LOCKED_OUT.format(minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


# ---- schema ---------------------------------------------------------------------------------------

class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, JSON by default (?format=yaml for YAML), for signed-in users."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]


# ---- token ----------------------------------------------------------------------------------------

@extend_schema_view(
    post=extend_schema(
        tags=[TAG_TOKEN], summary="获取令牌", auth=[], request=TokenCredentialsSerializer,
        description="用用户名和密码换取令牌(已有令牌则返回同一个)。失败次数计入登录锁定:连续失败达到上限后账号被暂时锁定,"
                    "锁定期间即使密码正确也返回 429。",
        responses={200: TokenSerializer, 400: OpenApiResponse(_DETAIL, description="用户名或密码不正确"),
                   429: OpenApiResponse(_DETAIL, description="账号已被暂时锁定")},
    ),
    delete=extend_schema(tags=[TAG_TOKEN], summary="作废令牌", description="作废当前用户的令牌;之后可重新获取新令牌。",
                         request=None, responses={204: OpenApiResponse(description="已作废")}),
)
class TokenView(APIView):
    """POST username and password for a token; DELETE revokes the caller's token."""

    def get_authenticators(self):
        # Getting a token takes credentials in the body: no session (and so no CSRF) nor old token.
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return super().get_permissions()

    def post(self, request):
        credentials = TokenCredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # The DRF request goes to authenticate() as DRF's own ObtainAuthToken does: django-axes counts
        # the failure, refuses a locked-out account and flags it on this request object.
        user = authenticate(request=request, **credentials.validated_data)
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": _lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            return Response({"detail": WRONG_CREDENTIALS}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data)

    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- indicators -----------------------------------------------------------------------------------

@extend_schema_view(get=extend_schema(tags=[TAG_INDICATORS], summary="指标定义",
                                      description="启用的指标定义(代码、名称、单位、口径、目标),按显示顺序。"))
class IndicatorListView(generics.ListAPIView):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return selectors.indicator_list()


@extend_schema_view(get=extend_schema(
    tags=[TAG_INDICATORS], summary="指标值", parameters=[filters.IndicatorValueQuery],
    description="已计算的指标值(每个指标、单位、周期一条),只含您查看范围内的单位;范围外或不存在的单位没有数据。",
))
class IndicatorValueListView(generics.ListAPIView):
    serializer_class = IndicatorValueSerializer

    def get_queryset(self):
        return selectors.indicator_value_list(fetched_by=self.request.user,
                                              filters=filters.indicator_value_filters(self.request))


# ---- org units ------------------------------------------------------------------------------------

@extend_schema_view(get=extend_schema(tags=[TAG_ORGS], summary="组织单位列表", parameters=[filters.OrgUnitQuery],
                                      description="您查看范围内的全部组织单位,按树的顺序。"))
class OrgUnitListView(generics.ListAPIView):
    serializer_class = OrgUnitSerializer

    def get_queryset(self):
        return selectors.orgunit_list(fetched_by=self.request.user, filters=filters.orgunit_filters(self.request))


class _Detail(generics.RetrieveAPIView):
    """A detail fetched through a selector `get` (scope checked there; 404 out of scope)."""

    getter = None  # staticmethod of a selector: (fetched_by, pk) -> object or Http404

    def get_object(self):
        return self.getter(fetched_by=self.request.user, pk=self.kwargs["pk"])


@extend_schema_view(get=extend_schema(tags=[TAG_ORGS], summary="组织单位", description="单位的基本信息;不存在或不在您查看范围内的返回 404。", responses={
    200: OrgUnitSerializer, 404: NOT_FOUND_RESPONSE}))
class OrgUnitDetailView(_Detail):
    serializer_class = OrgUnitSerializer
    queryset = OrgUnit.objects.none()  # for the schema; objects come from the selector
    getter = staticmethod(org_selectors.orgunit_get)


# ---- registries -----------------------------------------------------------------------------------

class _FilteredList(generics.ListAPIView):
    """A registry list through the pages' own selector and filter form, so scope and filters are identical."""

    selector = None
    form = None

    def get_queryset(self):
        return self.selector(fetched_by=self.request.user, filters=filters.form_filters(self.request, self.form))


@extend_schema_view(get=extend_schema(
    tags=[TAG_REGISTRY], summary="学生列表", parameters=filters.form_parameters(StudentFilterForm),
    description="您查看范围内学校的学生,筛选与“学生”页面相同;搜索可输入姓名的一部分,或完整的身份证号、学籍号。"
                "证件号一律打码。",
))
class StudentListView(_FilteredList):
    serializer_class = StudentSerializer
    selector = staticmethod(registry_selectors.student_list)
    form = StudentFilterForm


@extend_schema_view(get=extend_schema(tags=[TAG_REGISTRY], summary="学生", description="学生记录,证件号打码;不存在或不在您查看范围内的返回 404。", responses={
    200: StudentSerializer, 404: NOT_FOUND_RESPONSE}))
class StudentDetailView(_Detail):
    serializer_class = StudentSerializer
    queryset = Student.objects.none()
    getter = staticmethod(registry_selectors.student_get)


@extend_schema_view(get=extend_schema(
    tags=[TAG_REGISTRY], summary="教职工列表", parameters=filters.form_parameters(TeacherFilterForm),
    description="您查看范围内学校的教职工,筛选与“教职工”页面相同;身份证号一律打码。",
))
class TeacherListView(_FilteredList):
    serializer_class = TeacherSerializer
    selector = staticmethod(registry_selectors.teacher_list)
    form = TeacherFilterForm


@extend_schema_view(get=extend_schema(tags=[TAG_REGISTRY], summary="教职工", description="教职工记录,身份证号打码;不存在或不在您查看范围内的返回 404。", responses={
    200: TeacherSerializer, 404: NOT_FOUND_RESPONSE}))
class TeacherDetailView(_Detail):
    serializer_class = TeacherSerializer
    queryset = Teacher.objects.none()
    getter = staticmethod(registry_selectors.teacher_get)


@extend_schema_view(get=extend_schema(
    tags=[TAG_REGISTRY], summary="班级列表", parameters=filters.form_parameters(ClassFilterForm),
    description="您查看范围内学校的班级及班额(在读学生数),筛选与“班级”页面相同。",
))
class ClassListView(_FilteredList):
    serializer_class = ClassGroupSerializer
    selector = staticmethod(registry_selectors.class_list)
    form = ClassFilterForm


@extend_schema_view(get=extend_schema(tags=[TAG_REGISTRY], summary="班级", description="班级及其班额;不存在或不在您查看范围内的返回 404。", responses={
    200: ClassGroupSerializer, 404: NOT_FOUND_RESPONSE}))
class ClassDetailView(_Detail):
    serializer_class = ClassGroupSerializer
    queryset = ClassGroup.objects.none()
    getter = staticmethod(registry_selectors.class_get)

