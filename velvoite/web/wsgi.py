"""The WSGI application for a production server (gunicorn): the workspace folder comes from
VELVOITE_WORKSPACE, the rule packs and terms from VELVOITE_CONFIG (a velvoite.toml), if set.

    VELVOITE_WORKSPACE=/srv/velvoite gunicorn --workers 4 --bind 127.0.0.1:8000 velvoite.web.wsgi
"""

from __future__ import annotations

import os
from velvoite.commands.common import Settings
from velvoite.web.server import application as _application

application = _application(Settings(None, os.environ.get("VELVOITE_CONFIG"), ()), os.environ["VELVOITE_WORKSPACE"])
