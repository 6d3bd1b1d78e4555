import sys

from psoas.cli import main

sys.exit(main())
