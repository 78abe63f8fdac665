"""The baselines themselves: B1 against B0 says what Wagtail's page routing
and our base template cost over a bare view. Later benchmarks compare to these."""


def test_one_paragraph_wagtail_page_against_bare_view(bench, b0, b1):
    row = bench.compare(b1, b0)
    assert row.ratio > 0


def test_bare_view_runs_exactly_one_query(b0):
    assert b0.queries == 1
