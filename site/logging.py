"""Logs and error reports without personal data.

Production writes one JSON object per line (JSONFormatter) for the log
collector. A record carries when, how bad, where, the message and the proxy's
request id; never the request itself, so no form values, cookies or headers.
Django's own messages name the path ("Not Found: /registrations/<token>/"):
signed links and e-mail addresses are masked before they are written.

Error reports (Django's debug page, and mails to ADMINS should a deployment
set them) go through NoPersonalDataReporterFilter: no POST values, no local
variables of the failing code.

This module is `website.logging`; `import logging` below is the standard
library's (imports are absolute).
"""

import datetime
import json
import logging
import re

from django.views.debug import SafeExceptionReporterFilter

# A signed manage link (`programmes.manage_links`: base64 parts joined by
# colons) or a calendar token: a long run of URL-safe characters in a path.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_\-:]{20,}(?=[/.?]|$)", re.MULTILINE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The request id a proxy sets (nginx `$request_id`), only when it looks like one.
REQUEST_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")


def redact(text):
    return EMAIL.sub("[email]", TOKEN.sub("[token]", text))


def request_id(record):
    """The id the proxy gave the request a record was logged for
    (`django.request` and `django.security` attach the request), or None."""
    request = getattr(record, "request", None)
    meta = getattr(request, "META", None)
    if not meta:
        return None
    value = meta.get("HTTP_X_REQUEST_ID", "")
    return value if REQUEST_ID.fullmatch(value) else None


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message,
    request_id when the proxy sent one, exception when there is one."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if identifier := request_id(record):
            entry["request_id"] = identifier
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class NoPersonalDataReporterFilter(SafeExceptionReporterFilter):
    """What an error report may show: the names of the POST fields but none of
    their values (a registration form carries names, phone numbers, birth
    dates), and, outside DEBUG, no local variables (a form's cleaned data, a
    household): the debug page on a developer's laptop keeps them."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
