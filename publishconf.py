"""Settings for the published site: absolute URLs for feeds and the sitemap."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = "https://" + DISCLOSE["site"]["domain"]  # noqa: F405
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
