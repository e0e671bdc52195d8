from django import forms
from django.contrib import admin, messages

from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgUnit, SchoolProfile
from edubureau.orgs.services import build_path, check_parent_kind, orgunit_move


class OrgUnitAdminForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        try:
            check_parent_kind(cleaned.get("kind"), cleaned.get("parent"))
        except (ApplicationError, KeyError) as exc:
            raise forms.ValidationError(getattr(exc, "message", "请选择单位类型")) from exc
        return cleaned


class SchoolProfileInline(admin.StackedInline):
    model = SchoolProfile
    can_delete = False
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    form = OrgUnitAdminForm
    list_display = ("name", "code", "kind", "parent", "division_code", "level")
    list_filter = ("kind", "level")
    search_fields = ("name", "code", "division_code")
    readonly_fields = ("path", "level")
    autocomplete_fields = ("parent",)
    inlines = [SchoolProfileInline]

    def save_model(self, request, obj, form, change):
        """Paths are derived by the orgs services, also when the back office edits the tree."""
        if not change:
            obj.path, obj.level = build_path(obj.parent, obj.code)
            obj.save()
            return
        moved = "parent" in form.changed_data
        new_parent = obj.parent
        if moved:
            obj.parent = OrgUnit.objects.get(pk=obj.pk).parent
        obj.save()
        if moved and new_parent is not None:
            try:
                orgunit_move(unit=obj, new_parent=new_parent)
            except ApplicationError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)

    def get_readonly_fields(self, request, obj=None):
        # The code is part of every descendant's path; it is fixed once created.
        return self.readonly_fields + (("code",) if obj else ())


@admin.register(SchoolProfile)
class SchoolProfileAdmin(admin.ModelAdmin):
    list_display = ("org_unit", "school_code", "stage", "ownership", "locality", "is_boarding", "status")
    list_filter = ("stage", "ownership", "locality", "is_boarding", "is_puhui", "status")
    search_fields = ("org_unit__name", "school_code")
    list_select_related = ("org_unit",)
    raw_id_fields = ("org_unit",)
