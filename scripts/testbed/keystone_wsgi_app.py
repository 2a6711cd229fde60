# gunicorn entry point: keystone's config parsing reads sys.argv, which holds
# gunicorn's own arguments here; its config files come from the environment
# (OS_KEYSTONE_CONFIG_FILES).
import sys

sys.argv = sys.argv[:1]
from keystone.server import wsgi  # noqa: E402

application = wsgi.initialize_public_application()
