"""The one error shape of the API: {"detail": ..., "errors": {...}}."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions

from ecosystem.exceptions import ApplicationError, api_exception_handler


def test_a_model_validation_error_becomes_a_400_with_field_errors():
    response = api_exception_handler(ValidationError({"end_date": ["Avant le début."]}), {})

    assert response.status_code == 400
    assert response.data["errors"] == {"end_date": ["Avant le début."]}
    assert response.data["detail"]


def test_a_refused_business_action_becomes_a_400_with_its_message():
    error = ApplicationError("La communauté doit garder une personne co-animatrice.", extra={"role": ["x"]})

    response = api_exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == {
        "detail": "La communauté doit garder une personne co-animatrice.",
        "errors": {"role": ["x"]},
    }


def test_a_validation_error_without_fields_is_filed_under_non_field_errors():
    response = api_exception_handler(exceptions.ValidationError(["Fichier vide."]), {})

    assert response.data["errors"] == {"non_field_errors": ["Fichier vide."]}


def test_other_api_errors_keep_their_status_in_the_same_shape():
    response = api_exception_handler(exceptions.NotAuthenticated(), {})

    assert response.status_code in (401, 403)
    assert set(response.data) == {"detail", "errors"}


def test_unexpected_exceptions_are_left_to_django():
    assert api_exception_handler(RuntimeError("boom"), {}) is None
