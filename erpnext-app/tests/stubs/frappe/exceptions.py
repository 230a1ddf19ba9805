class ValidationError(Exception):
    http_status_code = 417


class MandatoryError(ValidationError):
    pass


class LinkValidationError(ValidationError):
    pass


class UniqueValidationError(ValidationError):
    pass


class DoesNotExistError(ValidationError):
    http_status_code = 404


class PermissionError(Exception):  # noqa: A001 - Frappe's own name
    http_status_code = 403


class NameError(Exception):  # noqa: A001
    http_status_code = 409


class DuplicateEntryError(NameError):
    pass
