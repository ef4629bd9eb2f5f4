"""A plugin whose import leaves a marker file (the test that configs are checked before plugin code runs)."""
import os
from pathlib import Path

Path(os.environ["LF_MARKER"]).write_text("imported")
