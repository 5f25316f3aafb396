"""History page: bring days in. A magfood CSV export (whole days, as saved), or food logged
elsewhere (Cronometer's servings export, or a CSV of date, meal, food, amount) matched
again to FDC foods by the core (``preview_import``) and shown row by row, Cronometer's
own magnesium beside magfood's, before anything is saved (``save_import``).

Both uploaders take at most ``MAX_IMPORT_BYTES``, the core's limit, stated once by
Streamlit's drop zone ("Limit 5MB per file"); keyed ``history_import`` (days) and
``history_food_import`` (food), with ``history_import_save`` and ``history_food_save``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import magfood
from app_pages.common import AppContext, current_profile, grams

#: The uploaders' limit in MB, from the core's (``server.maxUploadSize`` says the same).
UPLOAD_MB = magfood.MAX_IMPORT_BYTES // 1_000_000
_TOO_BIG = f"That file is larger than {UPLOAD_MB} MB; nothing was read."


def import_days(store: magfood.History) -> None:
    """Whole days from a magfood CSV export, saved on confirm (replacing those dates)."""
    upload = st.file_uploader(
        "Import days from a magfood CSV export",
        type=["csv"],
        key="history_import",
        max_upload_size=UPLOAD_MB,
        help="A file made by Export above (UTF-8 or UTF-16).",
    )
    if upload is None:
        return
    raw = upload.getvalue()
    if len(raw) > magfood.MAX_IMPORT_BYTES:
        st.error(_TOO_BIG)
        return
    report = magfood.import_csv(raw)
    if report.problems:
        st.warning(f"{report.summary()}. These rows were skipped:")
        problems = [{"line": p.line, "problem": p.message} for p in report.problems]
        st.dataframe(pd.DataFrame(problems), hide_index=True)
    if not report.days:
        st.info("No days to import.")
        return
    existing = {d.day for d in store.days()} & {d.day for d in report.days}
    note = f" ({len(existing)} already saved will be replaced)" if existing else ""
    if st.button(f"Save {len(report.days)} imported day(s){note}", key="history_import_save"):
        store.save_days(report.days)
        st.success(f"Imported {len(report.days)} day(s).")


def import_food(ctx: AppContext, store: magfood.History) -> None:
    """Food from Cronometer or a plain CSV: every row matched and shown, saved on confirm."""
    upload = st.file_uploader(
        "Import food from Cronometer or a CSV of date, meal, food, amount",
        type=["csv"],
        key="history_food_import",
        max_upload_size=UPLOAD_MB,
        help="Cronometer: Settings → Account → Export Data → Food & Recipe Entries "
        "(servings.csv). Every row is matched again to an FDC food; nothing is saved "
        "until you confirm.",
    )
    if upload is None:
        return
    saved = st.session_state.setdefault("history_food_saved", set())
    if upload.file_id in saved:
        st.success(f"{upload.name} is saved in your diary.")
        return
    preview = _preview(ctx, upload)
    if preview is None:
        return
    st.caption(preview.summary() + ".")
    if preview.problems:
        st.warning(f"{len(preview.problems)} row(s) skipped:")
        problems = [{"line": p.line, "problem": p.message} for p in preview.problems]
        st.dataframe(pd.DataFrame(problems), hide_index=True, key="history_food_skipped")
    if not preview.rows:
        st.info("No food to import.")
        return
    st.dataframe(_rows(preview), hide_index=True, key="history_food_preview")
    replace = st.checkbox(
        "Replace what those days hold (otherwise the rows are added to them)",
        key="history_food_replace",
    )
    days = len(preview.days)
    label = f"Save {len(preview.rows)} row(s) to {days} day{'s' if days != 1 else ''}"
    if st.button(label, key="history_food_save", type="primary"):
        table = ctx.table()
        written = magfood.save_import(store, preview, table, current_profile(ctx), replace)
        saved.add(upload.file_id)
        st.success(f"Saved {len(preview.rows)} row(s) to {len(written)} day(s).")


def _preview(ctx: AppContext, upload: UploadedFile) -> magfood.ImportPreview | None:
    """The file read and matched once per upload (a rerun does not match it again)."""
    raw = upload.getvalue()
    if len(raw) > magfood.MAX_IMPORT_BYTES:
        st.error(_TOO_BIG)
        return None
    kept: dict[str, magfood.ImportPreview] = st.session_state.setdefault(
        "history_food_previews", {}
    )
    if upload.file_id not in kept:
        kept.clear()
        with st.spinner("Matching every row to an FDC food…"):
            kept[upload.file_id] = magfood.preview_import(raw, ctx.table())
    return kept[upload.file_id]


def _rows(preview: magfood.ImportPreview) -> pd.DataFrame:
    """One line a row: the file's food and amount, what magfood matched (FDC id and
    grams), magfood's magnesium and the file's own."""
    theirs = "Cronometer mg" if preview.format is magfood.ImportFormat.CRONOMETER else "file's mg"
    return pd.DataFrame(
        [
            {
                "date": row.day.isoformat(),
                "meal": str(row.meal),
                "in the file": " ".join(f"{row.amount} {row.source_food}".split()),
                "matched to": _matched(row),
                "FDC id": "—" if row.fdc_id is None else str(row.fdc_id),
                "grams": "—" if row.grams is None else grams(row.grams),
                "magfood mg": _mg(row.magnesium_mg),
                theirs: _mg(row.cronometer_mg),
                "status": str(row.status),
                "line": row.line,
            }
            for row in preview.rows
        ]
    )


def _matched(row: magfood.ImportedRow) -> str:
    if row.supplement:
        return "supplement (elemental magnesium)"
    return row.food or "not matched: saved as typed, fix it on Today"


def _mg(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"
