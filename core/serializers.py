"""Serializer pieces every API resource shares: the date fields, one `date` field for writing a
partial date, and the model's own validation run before any save."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core import forms
from core.dates import PartialDate
from core.models import date_columns
from core.safety import CONTROL_MESSAGE, refused_character

DATE_FIELDS = [
    "date_start",
    "date_end",
    "date_precision",
    "date_approximate",
    "date_original",
    "date_display",
]


def _first_refused(value) -> str:
    for text in _texts(value):
        if character := refused_character(text):
            return character
    return ""


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


class ModelCleanMixin:
    """Run the model's `full_clean()` (field rules, `clean()`, constraints) on what would be
    saved, and report its errors as a 400 on the fields they concern."""

    # Model fields the serializer cannot know yet (a nested row's parent).
    clean_exclude: tuple[str, ...] = ()

    def to_internal_value(self, data):
        # Control characters are refused in every text (core.safety), and before anything
        # else: PostgreSQL refuses NUL even in a lookup (a slug or code of a related record).
        if hasattr(data, "items"):
            pairs = data.lists() if hasattr(data, "lists") else data.items()  # form data: all
            bad = {
                name: [CONTROL_MESSAGE % {"character": _first_refused(value)}]
                for name, value in pairs
                if name in self.fields and _first_refused(value)
            }
            if bad:
                raise serializers.ValidationError(bad, code="null_characters_not_allowed")
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {f.name for f in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            # Nested rows (a source's dates) are checked by their own serializer.
            if name not in many and not isinstance(
                self.fields.get(name), serializers.ListSerializer
            ):
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=[*many, *self.clean_exclude, "search_text", "version"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class PartialDateField(serializers.CharField):
    """A partial date for the API, read by the same form field as the admin and the filters;
    each error keeps the parser's code (`date_month_out_of_range`, …)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)
        self.form_field = forms.PartialDateField()

    def to_internal_value(self, data) -> PartialDate | None:
        text = super().to_internal_value(data)
        try:
            return self.form_field.clean(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from error

    def to_representation(self, value) -> str:
        return self.form_field.prepare_value(value) or ""


class PartialDateWriteMixin(serializers.Serializer):
    """`date`: one field read by the catalogue's date parser into start, end and precision."""

    date = PartialDateField(
        write_only=True,
        required=False,
        help_text="The date as YYYY, YYYY-MM, YYYY-MM-DD, a range (1924-05/1924-11) or in "
        "Japanese era form (大正13年10月6日); empty clears it.",
    )

    def validate(self, attrs):
        if "date" in attrs:
            attrs.update(date_columns(attrs.pop("date") or None))
        return super().validate(attrs)
