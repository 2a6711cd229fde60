# gunicorn entry point: Manila's WSGI module parses sys.argv as its own
# options, so hand it our config file instead of gunicorn's arguments.
import os
import sys

sys.argv = [sys.argv[0], '--config-file', os.environ['MANILA_CONFIG_FILE'],
            '--log-file', os.environ['MANILA_API_LOG']]
from manila.wsgi.api import application  # noqa: E402,F401
