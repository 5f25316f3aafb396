"""A day's intake: reference intakes by life stage, supplements as elemental magnesium,
the logged day and its corrections, and totals against the target."""

from magfood.intake.day import (
    UNLABELLED,
    Contributor,
    Coverage,
    Day,
    MealTotal,
    day_from_text,
    day_to_dict,
    evaluate,
    meal_label,
    parse_supplements,
    split_day_text,
    summarise,
)
from magfood.intake.log import DayLog, Entry, log_from_texts, resolve_entry
from magfood.intake.reference import (
    SAFETY_NOTES,
    Profile,
    SafetyNote,
    Target,
    make_profile,
    target_for,
    target_to_dict,
)
from magfood.intake.supplements import SupplementItem, parse_supplement, with_reading

__all__ = [
    "SAFETY_NOTES",
    "UNLABELLED",
    "Contributor",
    "Coverage",
    "Day",
    "DayLog",
    "Entry",
    "MealTotal",
    "Profile",
    "SafetyNote",
    "SupplementItem",
    "Target",
    "day_from_text",
    "day_to_dict",
    "evaluate",
    "log_from_texts",
    "make_profile",
    "meal_label",
    "parse_supplement",
    "parse_supplements",
    "resolve_entry",
    "split_day_text",
    "summarise",
    "target_for",
    "target_to_dict",
    "with_reading",
]
