import datetime


def flt(value, precision=None):
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        number = 0.0
    return round(number, precision) if precision is not None else number


def nowdate():
    return datetime.date.today().isoformat()


def getdate(value=None):
    if value is None:
        return datetime.date.today()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def get_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


SYSTEM_TIMEZONE = "Europe/Berlin"


def get_system_timezone():
    return SYSTEM_TIMEZONE
