"""
The CPython worker: `python3 -m simul_worker --urls http://HOST:PORT`, its settings from the
Simul__* environment variables (settings.py). Bad settings end it with exit code 2 and one line
on stderr saying which.
"""

import logging
import os
import sys

from simul_worker.errors import ContractError
from simul_worker.settings import Settings, SettingsError


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.read(sys.argv[1:], os.environ)
        # Imported once the settings are known good: importing it generates the protobuf stubs.
        from simul_worker import worker
        return worker.run(settings)
    except (SettingsError, ContractError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
