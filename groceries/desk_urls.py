"""The door's desk screens, included by the site into its `desk` namespace."""

from django.urls import path

from groceries.views import door

OPENING = "openings/<int:opening_id>/door/"

urlpatterns = [
    path(OPENING, door.door_check, name="door"),
    path(OPENING + "visit/", door.door_visit, name="door_visit"),
    path(OPENING + "search/", door.door_search, name="door_search"),
    path(OPENING + "badges/<int:badge_id>/", door.door_choose, name="door_choose"),
]
