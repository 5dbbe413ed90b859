from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext


def join_labels(labels: list[str]) -> str:
    """ "event and Chinese name" / "活动和中文名称": a list read naturally in either language."""
    if len(labels) < 2:
        return "".join(labels)
    return _("%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(labels[:-1]),
        "last": labels[-1],
    }


class NaturalMessages:
    """Uniqueness and constraint errors in plain words, in both languages.

    Django says "包含 活动 和 名称（中文） 的 参会者类型 已经存在。" and, for a conditional
    or check constraint, "Constraint “event_ends_after_start” is violated.". A model may
    name its constraints' messages in ``constraint_messages`` ({name: message}); others
    get a plain sentence that names no database object.
    """

    constraint_messages: ClassVar[dict[str, Any]] = {}

    def unique_error_message(self, model_class, unique_check):
        opts = model_class._meta
        labels = [str(opts.get_field(name).verbose_name) for name in unique_check]
        params = {"model_name": opts.verbose_name, "field_labels": join_labels(labels)}
        if len(unique_check) == 1:
            message = _("Another %(model_name)s already has this %(field_labels)s.")
            return ValidationError(message, code="unique", params=params)
        message = _("Another %(model_name)s already has the same %(field_labels)s.")
        return ValidationError(message, code="unique_together", params=params)

    def validate_constraints(self, exclude=None):
        """Django's loop (``Model.validate_constraints``), with a constraint's default
        "Constraint “name” is violated." replaced by its message in plain words."""
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    error = self._natural(constraint, error)
                    fields = getattr(constraint, "fields", ())
                    if getattr(error, "code", None) == "unique" and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _natural(self, constraint, error: ValidationError) -> ValidationError:
        if constraint.violation_error_message != constraint.default_violation_error_message:
            return error
        if getattr(error, "code", None) in ("unique", "unique_together"):
            return error  # worded by unique_error_message
        message = self.constraint_messages.get(constraint.name) or _(
            "These values break a rule for a %(model_name)s: check them and save again."
        ) % {"model_name": self._meta.verbose_name}
        return ValidationError(str(message), code="constraint")


class BaseModel(NaturalMessages, models.Model):
    """Timestamps shared by every Qiao row."""

    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(BaseModel):
    """An uploaded file's record (``qiao.core.uploads``): the name the user gave it, its
    checked type and size, who uploaded it. Subclasses add ``file`` with their own
    ``upload_to`` and the row the file belongs to."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


# The audit trail's model lives with its helpers; importing it here registers it with core.
from qiao.core.audit import AuditEntry  # noqa: E402, F401
