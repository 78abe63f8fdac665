"""Error pages and logs show none of what a family typed or the links they hold."""

import json
import logging
import sys

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter

from programmes import manage_links
from tests.programmes.factories import HouseholdFactory
from tests.programmes.test_registration_public import form_data, homework, register_url  # noqa: F401
from tests.website.test_security_headers import production_settings
from website.logging import JSONFormatter, NoPersonalDataReporterFilter

TYPED = ("Radka", "Petrova", "0470 11 22 33", "radka@example.be", "Mila", "2018-03-14")


def contains_typed(text):
    return [value for value in TYPED if value in text]


@pytest.fixture
def failing_registration(homework, monkeypatch):  # noqa: F811
    """A registration that fails on a bug after the form was valid."""

    def broken(**fields):
        raise RuntimeError("the household could not be stored")

    monkeypatch.setattr("programmes.views.registration.create_household", broken)
    return homework


def post_registration(programme):
    return Client(raise_request_exception=False).post(
        register_url(programme), form_data([programme.first, programme.second])
    )


def test_a_failing_registration_shows_none_of_the_values_sent(failing_registration):
    response = post_registration(failing_registration)
    assert response.status_code == 500
    assert contains_typed(response.content.decode()) == []


def test_the_error_log_carries_none_of_the_values_sent(failing_registration, caplog):
    with caplog.at_level(logging.DEBUG):
        post_registration(failing_registration)
    [error] = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert error.exc_info[0] is RuntimeError
    for formatter in (logging.Formatter(), JSONFormatter()):
        assert contains_typed(formatter.format(error)) == []
    assert [r for r in caplog.records if contains_typed(r.getMessage())] == []


def test_error_reports_show_the_field_names_but_no_values():
    request = RequestFactory().post("/aanbod/huiswerkklas/register/", form_data([]))
    try:
        first_name = request.POST["first_name"]
        raise RuntimeError(f"cannot store {len(first_name)} letters")
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "first_name" in report
    assert contains_typed(report) == []


def test_the_reporter_filter_is_ours():
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "website.logging.NoPersonalDataReporterFilter"
    request = RequestFactory().post("/", {"email": "radka@example.be"})
    assert NoPersonalDataReporterFilter().get_post_parameters(request) == {"email": "********************"}


def test_no_log_record_is_mailed():
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.root.manager.loggerDict)]
    handlers = [h for logger in loggers for h in getattr(logger, "handlers", [])]
    assert not [h for h in handlers if isinstance(h, AdminEmailHandler)]


def test_not_found_page_does_not_echo_the_link_or_query(client, home):
    household = HouseholdFactory()
    token = manage_links.make_token(household)
    response = client.post(f"/registrations/{token}/cancel/999999/")
    assert response.status_code == 404
    assert token not in response.content.decode()

    response = client.get("/no-such-page/?email=radka@example.be&name=Radka")
    assert response.status_code == 404
    page = response.content.decode()
    assert "radka" not in page.lower()
    # The language switcher still offers the home page in each language.
    assert 'href="/fr/' in page


def log_line(message, *args, exc_info=None, request=None):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, args, exc_info)
    if request is not None:
        record.request = request
    return json.loads(JSONFormatter().format(record))


def test_a_log_record_is_one_json_line_with_time_level_logger_and_message():
    record = logging.LogRecord("programmes", logging.WARNING, __file__, 1, "%d reminders failed", (3,), None)
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "programmes"
    assert entry["message"] == "3 reminders failed"
    assert entry["time"].endswith("+00:00")


def test_a_log_line_has_the_proxys_request_id_but_not_the_request():
    request = RequestFactory().post("/x/register/", {"phone": "0470 11 22 33"}, HTTP_X_REQUEST_ID="3f2a9c")
    entry = log_line("Bad Request: %s", request.path, request=request)
    assert entry["request_id"] == "3f2a9c"
    assert "0470" not in json.dumps(entry)
    strange = RequestFactory().get("/", HTTP_X_REQUEST_ID="radka@example.be")
    assert "request_id" not in log_line("Not Found: /", request=strange)


def test_a_log_line_masks_links_and_email_addresses():
    token = manage_links.make_token(HouseholdFactory.build(pk=41))
    try:
        raise ValueError("Key (email)=(radka@example.be) already exists.")
    except ValueError:
        entry = log_line("Not Found: %s", f"/registrations/{token}/cancel/9/", exc_info=sys.exc_info())
    assert entry["message"] == "Not Found: /registrations/[token]/cancel/9/"
    assert "radka@example.be" not in entry["exception"]
    assert "[email]" in entry["exception"]


def test_production_writes_json_lines(monkeypatch):
    logging_settings = production_settings(monkeypatch)["LOGGING"]
    console = logging_settings["handlers"]["console"]
    assert logging_settings["formatters"][console["formatter"]]["()"] == "website.logging.JSONFormatter"
    assert logging_settings["root"]["handlers"] == ["console"]
    assert logging_settings["loggers"]["django"]["handlers"] == []
