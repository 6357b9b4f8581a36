"""``python -m kuril_data.cli``: the same as the ``kuril-data`` command."""

import sys

from kuril_data.cli import main

sys.exit(main())
