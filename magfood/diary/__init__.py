"""The diary: saved days and plans in an embedded database, CSV export and import, and
summaries of past days."""

from magfood.diary.csv_io import CSV_COLUMNS, ImportReport, RowProblem, export_csv, import_csv
from magfood.diary.daybook import (
    RecentFood,
    days_to_dict,
    log_text,
    meal_at,
    previous_day,
    recent_foods,
    with_totals,
)
from magfood.diary.food_import import (
    MAX_IMPORT_BYTES,
    ImportedRow,
    ImportFormat,
    ImportPreview,
    preview_import,
    save_import,
)
from magfood.diary.profile import (
    SavedProfile,
    forget_profile,
    load_profile,
    profile_path,
    save_profile,
)
from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay, SavedPlan, saved_day
from magfood.diary.stats import (
    WINDOWS,
    DailyPoint,
    FoodTotal,
    PeriodSummary,
    summarise,
    usual_foods,
)
from magfood.diary.stats import top_foods as top_saved_foods
from magfood.diary.store import History, default_db_path, open_history

__all__ = [
    "CSV_COLUMNS",
    "MAX_IMPORT_BYTES",
    "WINDOWS",
    "DailyPoint",
    "DayFood",
    "FoodTotal",
    "History",
    "ImportFormat",
    "ImportPreview",
    "ImportReport",
    "ImportedRow",
    "LegacyDay",
    "Override",
    "PeriodSummary",
    "RecentFood",
    "RowProblem",
    "SavedDay",
    "SavedPlan",
    "SavedProfile",
    "days_to_dict",
    "default_db_path",
    "export_csv",
    "forget_profile",
    "import_csv",
    "load_profile",
    "log_text",
    "meal_at",
    "open_history",
    "preview_import",
    "previous_day",
    "profile_path",
    "recent_foods",
    "save_import",
    "save_profile",
    "saved_day",
    "summarise",
    "top_saved_foods",
    "usual_foods",
    "with_totals",
]
