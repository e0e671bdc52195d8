"""Read-only representations of what the API serves. Identity numbers and 学籍号 appear only masked
(the models' `id_masked` / `xuejihao_masked`): no serializer has a field that carries a full number,
and sensitive categories (disability, mental health) are left out altogether."""
from django.contrib.auth import get_user_model
from rest_framework import serializers

from edubureau.indicators.models import Indicator, IndicatorValue
from edubureau.orgs.models import OrgUnit
from edubureau.registry.models import ClassGroup, Student, Teacher
from edubureau.registry.selectors import size_label


class _ReadOnly(serializers.ModelSerializer):
    """Every field read-only; `Meta.fields` lists them."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class OrgUnitSerializer(_ReadOnly):
    parent = serializers.IntegerField(source="parent_id", allow_null=True, read_only=True,
                                      help_text="上级单位的 id;顶层单位为 null")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "level", "division_code", "sort_order"]


class IndicatorSerializer(_ReadOnly):
    class Meta:
        model = Indicator
        fields = [
            "code", "name", "unit", "description", "source", "plan_items", "period_type", "comparator", "target",
            "target_year", "target_certainty", "yellow_band",
        ]


class IndicatorValueSerializer(_ReadOnly):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="指标代码")
    org_unit = serializers.IntegerField(source="org_unit_id", read_only=True, help_text="单位 id")
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True, help_text="单位名称")

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator", "org_unit", "org_unit_name", "period", "numerator", "denominator", "value", "light",
            "schools", "computed_at",
        ]


class _SchoolFields(serializers.Serializer):
    school = serializers.IntegerField(source="school_id", read_only=True, help_text="学校(组织单位)id")
    school_name = serializers.CharField(source="school.name", read_only=True, help_text="学校名称")


class StudentSerializer(_SchoolFields, _ReadOnly):
    class_group = serializers.IntegerField(source="class_group_id", allow_null=True, read_only=True,
                                           help_text="班级 id;未分班为 null")
    grade = serializers.IntegerField(source="class_group.grade", allow_null=True, read_only=True,
                                     help_text="班级的年级(一年级为 1,高一为 10,幼儿园大班为 0);未分班为 null")
    class_name = serializers.CharField(source="class_group.name", allow_null=True, read_only=True,
                                       help_text="班级名称;未分班为 null")
    id_number_masked = serializers.CharField(source="id_masked", read_only=True,
                                             help_text="打码的身份证号(前6位和后4位);无身份证号为空字符串")
    xuejihao_masked = serializers.CharField(read_only=True, help_text="打码的学籍号")

    class Meta:
        model = Student
        fields = [
            "id", "name", "sex", "birth_date", "ethnicity", "school", "school_name", "class_group", "grade",
            "class_name", "status", "enrolment_date", "household_division_code", "is_left_behind", "is_boarding",
            "id_number_masked", "xuejihao_masked", "xuejihao_kind",
        ]


class TeacherSerializer(_SchoolFields, _ReadOnly):
    subjects = serializers.ListField(child=serializers.CharField(), source="subject_list", read_only=True,
                                     help_text="任教学科")
    id_number_masked = serializers.CharField(source="id_masked", read_only=True,
                                             help_text="打码的身份证号(前6位和后4位)")

    class Meta:
        model = Teacher
        fields = [
            "id", "name", "sex", "birth_date", "school", "school_name", "subjects", "highest_qualification",
            "professional_title", "post_type", "dual_qualified_level", "backbone_level", "is_fulltime_psychology",
            "is_fulltime_pe", "is_fulltime_arts", "is_fulltime_ideology", "years_at_school", "id_number_masked",
        ]


class ClassGroupSerializer(_SchoolFields, _ReadOnly):
    size = serializers.IntegerField(read_only=True, help_text="班额:在读学生数")
    size_label = serializers.SerializerMethodField(help_text="“超大班额”“大班额”或空字符串")

    class Meta:
        model = ClassGroup
        fields = ["id", "school", "school_name", "school_year", "grade", "name", "size", "size_label"]

    def get_size_label(self, obj) -> str:
        return size_label(obj.size)


class TokenCredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名", max_length=get_user_model()._meta.get_field("username").max_length)
    password = serializers.CharField(label="密码", trim_whitespace=False, style={"input_type": "password"},
                                     write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="请求头写作 Authorization: Token <令牌>")
