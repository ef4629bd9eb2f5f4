"""``python -m leptoforce``: the command line (:mod:`leptoforce.cli`)."""
import sys

from .cli import main

sys.exit(main())
