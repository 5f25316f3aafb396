"""The weekly plan: a request in, seven days of meals (or why none fits) out, with exports."""

from magfood.plan.export import (
    CSV_COLUMNS,
    copy_planned_day,
    household_to_dict,
    household_to_markdown,
    plan_from_record,
    plan_record,
    plan_to_csv,
    plan_to_dict,
    plan_to_markdown,
)
from magfood.plan.household import (
    HouseholdPlan,
    Person,
    household_lines,
    person_from_text,
    plan_household,
)
from magfood.plan.pantry import FoodMatch, PriceList, pantry_foods, read_prices, week_cost
from magfood.plan.request import MEALS_BY_SNACKS, LockedItem, PlanRequest, request_from_options
from magfood.plan.result import (
    Infeasible,
    PlannedDay,
    PlannedItem,
    PlannedMeal,
    ShoppingItem,
    WeekPlan,
    WeekSummary,
)
from magfood.plan.week import lock_item, plan_week, shuffle, swap_item

__all__ = [
    "CSV_COLUMNS",
    "MEALS_BY_SNACKS",
    "FoodMatch",
    "HouseholdPlan",
    "Infeasible",
    "LockedItem",
    "Person",
    "PlanRequest",
    "PlannedDay",
    "PlannedItem",
    "PlannedMeal",
    "PriceList",
    "ShoppingItem",
    "WeekPlan",
    "WeekSummary",
    "copy_planned_day",
    "household_lines",
    "household_to_dict",
    "household_to_markdown",
    "lock_item",
    "pantry_foods",
    "person_from_text",
    "plan_from_record",
    "plan_household",
    "plan_record",
    "plan_to_csv",
    "plan_to_dict",
    "plan_to_markdown",
    "plan_week",
    "read_prices",
    "request_from_options",
    "shuffle",
    "swap_item",
    "week_cost",
]
