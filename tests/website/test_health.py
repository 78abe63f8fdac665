"""/healthz: 200 when the database answers, 503 at once when it does not."""

import pytest
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from tests.website.test_security_headers import production_settings
from website.views.public import HEALTH_STATEMENT_TIMEOUT_MS


def test_health_answers_with_one_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    # PostgreSQL adds the timeout; savepoints only because the test runs in a transaction.
    asked = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"] and "statement_timeout" not in q["sql"]]
    assert asked == ["SELECT 1"]
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: timeout expired')

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", unreachable)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "no-cache" in response["Cache-Control"]
    # The failure is logged, without the driver's message (it may name hosts and users).
    [record] = [r for r in caplog.records if r.name == "website.views.public"]
    assert "OperationalError" in record.getMessage()
    assert "10.0.0.5" not in record.getMessage()


def test_health_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405


def test_production_gives_up_connecting_to_postgresql_within_2_seconds(monkeypatch):
    settings = production_settings(monkeypatch)
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert 0 < settings["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] <= 2


def test_production_tells_postgresql_that_a_read_through_an_index_is_cheap(monkeypatch):
    options = production_settings(monkeypatch)["DATABASES"]["default"]["OPTIONS"]
    assert options["options"] == "-c random_page_cost=1.1"
    # Behind PgBouncer, which refuses startup options, they can be left out.
    options = production_settings(monkeypatch, DATABASE_OPTIONS="")["DATABASES"]["default"]["OPTIONS"]
    assert "options" not in options


@pytest.mark.skipif(connection.vendor != "postgresql", reason="random_page_cost is PostgreSQL's")
def test_the_connection_reads_through_indexes_at_the_cost_of_memory(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_health_query_may_take_at_most_a_second():
    assert 0 < HEALTH_STATEMENT_TIMEOUT_MS <= 1000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_health_sets_a_statement_timeout_for_its_own_transaction_only(client, transactional_db):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert f"SET LOCAL statement_timeout = {HEALTH_STATEMENT_TIMEOUT_MS}" in [q["sql"] for q in queries]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
