from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from edubureau.accounts.models import AuditLog, Membership, User
from edubureau.accounts.services import membership_grant, membership_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("org_unit",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "is_active", "is_staff", "last_login")
    search_fields = ("username", "full_name", "phone")
    fieldsets = DjangoUserAdmin.fieldsets + (("联系信息", {"fields": ("full_name", "phone")}),)
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        """Membership changes from the back office go through the audited services."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_revoke(membership=membership, revoked_by=request.user)
        for m in instances:
            if m.pk:
                m.save()
            else:
                membership_grant(user=m.user, org_unit=m.org_unit, role=m.role, granted_by=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "org_unit", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "org_unit__name")
    autocomplete_fields = ("user", "org_unit")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = membership_grant(user=obj.user, org_unit=obj.org_unit, role=obj.role, granted_by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        membership_revoke(membership=obj, revoked_by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_revoke(membership=membership, revoked_by=request.user)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: audit rows are evidence and are never edited or deleted from the back office."""

    list_display = ("at", "username", "action", "category", "object_type", "object_repr")
    list_filter = ("action", "category")
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
