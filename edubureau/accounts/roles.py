"""Roles and sensitive-data permissions: the constants every permission check names."""
from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "局领导"
    SECTION_STAFF = "section_staff", "科室人员"
    DISTRICT_ADMIN = "district_admin", "学区/分局管理员"
    SCHOOL_ADMIN = "school_admin", "学校管理员"
    INSPECTOR = "inspector", "督学"
    PSYCHOLOGIST = "psychologist", "心理教师"
    SYSADMIN = "sysadmin", "系统管理员"


# A membership in one of these roles covers the whole city the unit belongs to
# (e.g. a 基础教育科 staff member sees every school); the others cover the unit's subtree.
CITY_WIDE_ROLES = frozenset({Role.LEADER, Role.SECTION_STAFF, Role.SYSADMIN})

# Roles that may only read, never capture data.
READ_ONLY_ROLES = frozenset({Role.LEADER})

# Roles whose membership lets the user enter data for the unit's subtree (capture scope,
# kept apart from view scope as DHIS2 does): a 科室 staff member sees the whole city but
# reports only for their own section. A 系统管理员 captures for the whole city.
CAPTURE_ROLES = frozenset({Role.SECTION_STAFF, Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.SYSADMIN})

# Roles that run the bureau's plan work: import and publish plans, break them down, supervise.
PLAN_MANAGER_ROLES = frozenset({Role.SECTION_STAFF, Role.SYSADMIN})


class SensitivePerm(models.TextChoices):
    """Permissions needed on top of scope for sensitive categories (PIPL); see DESIGN.md."""

    VIEW_ID_NUMBER = "accounts.view_id_number", "查看完整身份证号"
    VIEW_DISABILITY = "accounts.view_disability", "查看残疾信息"
    VIEW_MENTAL_HEALTH = "accounts.view_mental_health", "查看心理健康信息"

    @property
    def codename(self) -> str:
        return self.value.split(".", 1)[1]
