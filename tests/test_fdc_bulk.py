"""Reading FDC bulk CSV releases: layouts, filtering, energy rule, portion labels, errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.errors import SourceError
from magfood.fdc import bulk

# fdc_id -> (magnesium, kcal, energy source, category): real values (api_samples, SR28, ARS)
FOUNDATION_FOODS = [
    (321611, 12.7, 21.0, "1008", "Vegetables and Vegetable Products"),
    (325036, 34.9, 421.0, "1008", "Dairy and Egg Products"),
    (328637, 26.8, 408.0, "1008", "Dairy and Egg Products"),
    (746767, 33.4, 1640 / 4.184, "1062", "Dairy and Egg Products"),
    (2647441, 21.6, 298.0, "2048", "Dairy and Egg Products"),
    (2647443, 29.9, 352.0, "2048", "Dairy and Egg Products"),
]
# (fdc_id, seq_num) -> (amount, unit, measure, grams): Foundation's real measure_unit ids
FOUNDATION_PORTIONS = [
    (321611, 1, 1.0, "cup", "1 cup, drained", 129.0),
    (325036, 1, 1.0, "tbsp", "1 tablespoon", 7.6),
    (328637, 1, 1.0, "slice", "1 slice", 17.0),
    (328637, 2, 1.0, "cup", "1 cup, shredded", 105.0),
    (746767, 1, 1.0, "slice", "1 slice, regular", 21.9),
    (746767, 2, 1.0, "slice", "1 slice, thin", 10.9),
]
SENTINELS = [
    (168462, "sr_legacy", "Spinach, raw", 79.0, 23.0, "Vegetables and Vegetable Products"),
    (170557, "sr_legacy", "Seeds, pumpkin", 550.0, 574.0, "Nut and Seed Products"),
    (173735, "sr_legacy", "Beans, black", 70.0, 132.0, "Legumes and Legume Products"),
    (2709614, "survey_fndds", "Spinach, raw", 93.0, 27.0, "Spinach"),
    (2707581, "survey_fndds", "Pumpkin seeds", 550.0, 574.0, "Nuts and seeds"),
    (2707361, "survey_fndds", "Black beans", 70.0, 131.0, "Beans, peas, legumes"),
]


@pytest.fixture(scope="module")
def foundation() -> bulk.ReleaseTables:
    return bulk.read_release(bulk.open_release(Path(__file__).parent / "fixtures" / "foundation"))


@pytest.mark.parametrize(("fdc_id", "magnesium", "kcal", "source", "category"), FOUNDATION_FOODS)
def test_foundation_food_values(
    foundation: bulk.ReleaseTables,
    fdc_id: int,
    magnesium: float,
    kcal: float,
    source: str,
    category: str,
) -> None:
    row = foundation.foods.set_index("fdc_id").loc[fdc_id]
    assert row["data_type"] == "foundation"
    assert row["magnesium_mg_per_100g"] == pytest.approx(magnesium)
    assert row["energy_kcal_per_100g"] == pytest.approx(kcal)
    assert row["energy_source"] == source
    assert row["category"] == category


def test_foundation_drops_sample_and_acquisition_rows(foundation: bulk.ReleaseTables) -> None:
    assert sorted(foundation.foods["fdc_id"]) == sorted(f[0] for f in FOUNDATION_FOODS)
    assert foundation.counts["other_rows_dropped"] == {"foods": 3}
    assert foundation.counts["foundation"] == {
        "foods": 6,
        "foods_with_magnesium": 6,
        "foods_without_magnesium": 0,
        "portions": 6,
        "portions_dropped": 0,
    }
    assert not foundation.portions["fdc_id"].isin([319875, 319880, 320063]).any()


@pytest.mark.parametrize(
    ("fdc_id", "seq_num", "amount", "unit", "measure", "grams"), FOUNDATION_PORTIONS
)
def test_foundation_portions(
    foundation: bulk.ReleaseTables,
    fdc_id: int,
    seq_num: int,
    amount: float,
    unit: str,
    measure: str,
    grams: float,
) -> None:
    portions = foundation.portions
    row = portions[(portions["fdc_id"] == fdc_id) & (portions["seq_num"] == seq_num)].iloc[0]
    assert (row["amount"], row["unit"], row["measure"]) == (amount, unit, measure)
    assert row["gram_weight"] == pytest.approx(grams)


@pytest.mark.parametrize("as_zip", [True, False])
@pytest.mark.parametrize(("fdc_id", "dataset", "start", "magnesium", "kcal", "category"), SENTINELS)
def test_sentinel_foods_from_tiny_release(
    tiny_release, as_zip, fdc_id, dataset, start, magnesium, kcal, category
) -> None:
    release = bulk.open_release(tiny_release(dataset, as_zip=as_zip, extra=3))
    row = bulk.read_release(release).foods.set_index("fdc_id").loc[fdc_id]
    assert row["description"].startswith(start)
    assert (row["data_type"], row["category"]) == (dataset, category)
    assert row["magnesium_mg_per_100g"] == magnesium
    assert row["energy_kcal_per_100g"] == kcal
    assert row["energy_source"] == "1008"


@pytest.mark.parametrize(
    ("dataset", "release_date"),
    [("sr_legacy", "2018-04"), ("survey_fndds", "2024-10-31"), ("foundation", "2025-12-18")],
)
def test_zip_with_inner_folder_is_read_by_header_name(tiny_release, dataset, release_date) -> None:
    path = tiny_release(dataset)
    with zipfile.ZipFile(path) as archive:
        assert all(name.startswith(path.stem + "/") for name in archive.namelist())
    release = bulk.open_release(path)
    assert release.release_date() == release_date
    assert release.has("food.csv") and release.has("food_portion.csv")
    assert list(release.fingerprints()) == [path.name]


def test_find_releases_lists_every_release_in_a_folder(tiny_release, tmp_path) -> None:
    sr = tiny_release("sr_legacy")
    fndds = tiny_release("survey_fndds", as_zip=False)
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    sr.rename(bundle / sr.name)
    fndds.rename(bundle / fndds.name)
    names = [r.name for r in bulk.find_releases(bundle)]
    assert names == [sr.name, fndds.name]


def test_find_releases_without_food_csv(tmp_path) -> None:
    with pytest.raises(SourceError, match="no FDC bulk CSV release"):
        bulk.find_releases(tmp_path)


@pytest.mark.parametrize(
    ("filename", "column"),
    [
        ("food.csv", "data_type"),
        ("food.csv", "description"),
        ("food_portion.csv", "gram_weight"),
        ("food_nutrient.csv", "nutrient_id"),
        ("food_nutrient.csv", "amount"),
    ],
)
def test_changed_columns_are_reported(tiny_release, filename, column) -> None:
    path = tiny_release("sr_legacy", drop_columns={filename: [column]})
    with pytest.raises(SourceError, match=filename) as caught:
        bulk.read_release(bulk.open_release(path))
    assert column in str(caught.value)


@pytest.mark.parametrize(
    ("payload", "message"),
    [(b"not a zip at all", "not a readable zip"), (b"", "not a readable zip")],
)
def test_corrupt_zip_is_a_source_error(tmp_path, payload, message) -> None:
    path = tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip"
    path.write_bytes(payload)
    with pytest.raises(SourceError, match=message):
        bulk.open_release(path)


def test_damaged_member_is_a_source_error(tiny_release, tmp_path) -> None:
    path = tiny_release("sr_legacy", extra=200)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(f"{path.stem}/food_nutrient.csv")
    start = info.header_offset + 30 + len(info.filename) + 50
    data[start : start + 200] = bytes(200)
    damaged = tmp_path / path.name
    damaged.write_bytes(bytes(data))
    with pytest.raises(SourceError, match=r"food_nutrient\.csv"):
        bulk.read_release(bulk.open_release(damaged))


OLD_HEADER = (
    '"id","fdc_id","nutrient_id","amount","data_points","derivation_id",'
    '"min","max","median","footnote","min_year_acquired"\n'
)
NEW_HEADER = (
    '"id","fdc_id","nutrient_id","amount","data_points","derivation_id",'
    '"min","max","median","loq","footnote","min_year_acquired","percent_daily_value"\n'
)


def _nutrient_csv(header: str, rows: list[tuple[int, int, float | str]]) -> bytes:
    width = header.count(",") + 1
    lines = [
        ",".join(f'"{v}"' for v in (i, f, n, a, *[""] * (width - 4)))
        for i, (f, n, a) in enumerate(rows, 1)
    ]
    return (header + "\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("header", [OLD_HEADER, NEW_HEADER])
def test_stream_nutrients_keeps_magnesium_and_energy(header) -> None:
    rows = [(1, 1090, 79.0), (1, 1008, 23.0), (1, 1003, 2.9), (2, 2047, 351.0), (2, 1087, 700.0)]
    out = bulk.stream_nutrients(io.BytesIO(_nutrient_csv(header, rows)))
    assert sorted(map(tuple, out.to_numpy().tolist())) == [
        (1, 1008, 23.0),
        (1, 1090, 79.0),
        (2, 2047, 351.0),
    ]


def test_stream_nutrients_maps_legacy_numbers_to_ids() -> None:
    rows = [(1, 304, 79.0), (1, 208, 23.0), (2, 957, 351.0), (2, 958, 352.0), (3, 268, 418.4)]
    out = bulk.stream_nutrients(io.BytesIO(_nutrient_csv(NEW_HEADER, rows)))
    assert sorted(out["nutrient_id"]) == [1008, 1062, 1090, 2047, 2048]


def test_stream_nutrients_empty_amount_is_null_not_zero() -> None:
    out = bulk.stream_nutrients(io.BytesIO(_nutrient_csv(NEW_HEADER, [(1, 1090, "")])))
    assert out["amount"].isna().all()


def test_stream_nutrients_rejects_garbage() -> None:
    data = NEW_HEADER.encode() + b'"1","2","1090","abc",""\n'
    with pytest.raises(SourceError, match=r"food_nutrient\.csv is malformed"):
        bulk.stream_nutrients(io.BytesIO(data))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 50),
            st.sampled_from([1090, 1008, 1062, 2047, 2048, 1003, 1004, 1051, 1087]),
            st.floats(0, 5000, allow_nan=False).map(lambda x: round(x, 3)),
        ),
        max_size=60,
    ),
    st.sampled_from([64, 1 << 20]),
)
def test_stream_nutrients_equals_a_plain_filter(rows, block_size) -> None:
    data = _nutrient_csv(NEW_HEADER, rows)
    out = bulk.stream_nutrients(io.BytesIO(data), block_size=max(block_size, len(NEW_HEADER) + 1))
    expected = sorted(r for r in rows if r[1] in {1090, 1008, 1062, 2047, 2048})
    assert sorted(map(tuple, out.to_numpy().tolist())) == [tuple(map(float, r)) for r in expected]


# available nutrients -> (kcal, source): FDC_NOTES section 2
ENERGY_CASES = [
    ({1008: 55.0, 2048: 54.0, 2047: 52.0}, 55.0, "1008"),
    ({2048: 54.0, 2047: 52.0}, 54.0, "2048"),
    ({2047: 52.0}, 52.0, "2047"),
    ({1062: 418.4}, 100.0, "1062"),
    ({1062: 418.4, 2047: 52.0}, 52.0, "2047"),
    ({}, None, None),
]


@pytest.mark.parametrize(("energy", "kcal", "source"), ENERGY_CASES)
def test_energy_preference(energy, kcal, source) -> None:
    rows = [(7, 1090, 10.0), *[(7, n, a) for n, a in energy.items()]]
    out = bulk.nutrient_columns(pd.DataFrame(rows, columns=["fdc_id", "nutrient_id", "amount"]))
    got = out.loc[7]
    assert got["magnesium_mg_per_100g"] == 10.0
    if kcal is None:
        assert pd.isna(got["energy_kcal_per_100g"]) and pd.isna(got["energy_source"])
    else:
        assert got["energy_kcal_per_100g"] == pytest.approx(kcal)
        assert got["energy_source"] == source


def test_missing_magnesium_is_null_never_zero() -> None:
    rows = [(7, 1008, 20.0), (8, 1090, 0.0)]
    out = bulk.nutrient_columns(pd.DataFrame(rows, columns=["fdc_id", "nutrient_id", "amount"]))
    assert pd.isna(out.loc[7, "magnesium_mg_per_100g"])
    assert out.loc[8, "magnesium_mg_per_100g"] == 0.0


UNITS = {"1000": "cup", "1001": "tablespoon", "1050": "slice", "9999": "undetermined"}
# (amount, measure_unit_id, portion_description, modifier) -> (amount, unit, measure)
PORTION_LABELS = [
    (("1", "9999", "", "cup, chopped"), (1.0, "cup", "1 cup, chopped")),
    (("0.5", "9999", "", "cup, chopped"), (0.5, "cup", "0.5 cup, chopped")),
    (
        ("1", "9999", "", 'medium (7" to 7-7/8" long)'),
        (1.0, "medium", '1 medium (7" to 7-7/8" long)'),
    ),
    (("1", "9999", "", "tbsp"), (1.0, "tbsp", "1 tbsp")),
    (("", "9999", "1 cup", "10205"), (1.0, "cup", "1 cup")),
    (("", "9999", "1 1/2 cups", "10206"), (1.5, "cup", "1 1/2 cups")),
    (("", "9999", "1/2 cup", "10207"), (0.5, "cup", "1/2 cup")),
    (("", "9999", "Quantity not specified", "90000"), (1.0, None, "Quantity not specified")),
    (("", "9999", "1 egg", "20000"), (1.0, "egg", "1 egg")),
    (("2.0", "1001", "", ""), (2.0, "tbsp", "2 tablespoon")),
    (("1.0", "1000", "shredded", ""), (1.0, "cup", "1 cup, shredded")),
    (("1.0", "1050", "", "thin"), (1.0, "slice", "1 slice, thin")),
]


@pytest.mark.parametrize(("row", "expected"), PORTION_LABELS)
def test_portion_label(row, expected) -> None:
    amount, unit_id, description, modifier = row
    record = SimpleNamespace(
        amount=amount, measure_unit_id=unit_id, portion_description=description, modifier=modifier
    )
    assert bulk.portion_label(record, UNITS) == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2019-04-01", "2019-04-01"), ("4/1/2019", "2019-04-01"), ("", None), ("soon", None)],
)
def test_iso_dates(text, iso) -> None:
    got = bulk.iso_dates(pd.Series([text])).iloc[0]
    assert (None if pd.isna(got) else got) == iso
