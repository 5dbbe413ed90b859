from django.contrib import admin

from qiao.taxonomy.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "vocabulary", "position", "is_active"]
    list_filter = ["vocabulary", "is_active"]
    search_fields = ["code", "name_zh", "name_en", "synonyms"]
    list_editable = ["position", "is_active"]
