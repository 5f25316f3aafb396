"""Rebuild data/ from USDA FoodData Central: a thin wrapper over ``magfood refresh``.

    python scripts/refresh_data.py --from ../shared/fdc/fdc_sr_legacy \
        --from ../shared/fdc/fndds_2021_2023 --release sr_legacy=2018-04 \
        --release survey_fndds=2024-10-31
"""

import sys

from magfood_entry import main

if __name__ == "__main__":
    sys.exit(main(["refresh", *sys.argv[1:]]))
