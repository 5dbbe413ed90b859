from django.contrib import admin

from qiao.servicedesk.models import Category, Department


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "first_answer_days", "resolve_days", "supervisor"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "handler"]
