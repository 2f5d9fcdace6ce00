"""Forms of the co-built indicators, one module per part. They only check the shape of the
input; the services decide, and their ValidationErrors are shown on the form with
``ecosystem.forms.add_service_errors``."""


class FieldsetsMixin:
    """A form whose fields are shown in groups, each a fieldset with its legend.

    ``fieldsets`` lists (legend, field names); the template reads ``form.groups``."""

    fieldsets: list[tuple[str, list[str]]] = []

    @property
    def groups(self) -> list[tuple[str, list]]:
        groups = []
        for legend, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append((legend, fields))
        return groups
