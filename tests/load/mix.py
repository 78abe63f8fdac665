"""The load test's mix: simulated users per class of tests/load/locustfile.py.

Apart from the locustfile because run.py needs the numbers too, and importing
locust patches the standard library (gevent) in the importing process."""

USERS = {
    # at the door of one opening: 50 households in about a minute instead of ten
    "DoorVolunteer": 3,
    # families on the finder and the programme pages
    "BrowsingFamily": 50,
    # families sending the register form, each from its own address
    "RegisteringFamily": 10,
    # coordinators taking the roll call of today's group sessions
    "Coordinator": 2,
    # the cheapest view (/healthz), to compare the door check with
    "Baseline": 1,
}
