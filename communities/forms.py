"""HTML forms of the co-learning spaces. They only check the shape of the input; the services
decide (their ValidationErrors are shown on the form with ``ecosystem.forms.add_service_errors``)."""

from django import forms  # noqa: F401  (used by the sections below)

# --- Spaces and membership (views/spaces.py) ---------------------------------------------------


# --- Gatherings, discussions and resources (views/gatherings.py, discussions.py, resources.py) --
