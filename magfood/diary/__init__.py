"""The diary: saved days and plans in a database (an SQLite file by default, or
PostgreSQL), local accounts, CSV export and import, and summaries of past days.

For a shared deployment (several people, one database):

- ``open_history(where=None, *, user=LOCAL_USER)`` opens one user's diary; ``where`` is a
  file path or a database URL (default ``$MAGFOOD_DB``, see ``default_db_location``).
  ``history.for_user(name)`` gives another user's diary over the same connections. Every
  day, plan and setting belongs to one user; no ``History`` method touches another's.
- ``open_accounts(where=None)`` is the local account store in the same database:
  ``add_user(name, password, admin=False)``, ``verify_password(name, password)``,
  ``set_password``, ``remove_user`` (with their diary), ``is_admin``, ``accounts()``.
  Sign a person in with ``verify_password`` (or a login provider), then open the diary of
  the name verified: the ``user`` given to ``open_history`` is trusted.
- ``load_user_profile(history)`` / ``save_user_profile`` are the user's remembered profile.
- ``sign_in_mode``, ``account_user``, ``provider_user``, ``may_refresh`` (``signin.py``)
  decide who a page request is for: a login provider's verified e-mail, a local account,
  or the single person ``local``; and whether they may rebuild the food table.
"""

from magfood.diary.accounts import Account, Accounts, Role, open_accounts
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
    forget_user_profile,
    load_profile,
    load_user_profile,
    profile_path,
    save_profile,
    save_user_profile,
)
from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay, SavedPlan, saved_day
from magfood.diary.schema import LOCAL_USER, user_name
from magfood.diary.signin import (
    ALLOW_REFRESH_ENV,
    AUTH_ENV,
    DEFAULT_PROVIDER,
    SINGLE_PERSON,
    SignedIn,
    SignInMode,
    account_user,
    admin_emails,
    current_account,
    may_refresh,
    provider_names,
    provider_user,
    sign_in_mode,
)
from magfood.diary.stats import (
    WINDOWS,
    DailyPoint,
    FoodTotal,
    PeriodSummary,
    summarise,
    usual_foods,
)
from magfood.diary.stats import top_foods as top_saved_foods
from magfood.diary.store import History, default_db_location, default_db_path, open_history

__all__ = [
    "ALLOW_REFRESH_ENV",
    "AUTH_ENV",
    "CSV_COLUMNS",
    "DEFAULT_PROVIDER",
    "LOCAL_USER",
    "MAX_IMPORT_BYTES",
    "SINGLE_PERSON",
    "WINDOWS",
    "Account",
    "Accounts",
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
    "Role",
    "RowProblem",
    "SavedDay",
    "SavedPlan",
    "SavedProfile",
    "SignInMode",
    "SignedIn",
    "account_user",
    "admin_emails",
    "current_account",
    "days_to_dict",
    "default_db_location",
    "default_db_path",
    "export_csv",
    "forget_profile",
    "forget_user_profile",
    "import_csv",
    "load_profile",
    "load_user_profile",
    "log_text",
    "may_refresh",
    "meal_at",
    "open_accounts",
    "open_history",
    "preview_import",
    "previous_day",
    "profile_path",
    "provider_names",
    "provider_user",
    "recent_foods",
    "save_import",
    "save_profile",
    "save_user_profile",
    "saved_day",
    "sign_in_mode",
    "summarise",
    "top_saved_foods",
    "user_name",
    "usual_foods",
    "with_totals",
]
