"""Settings for the published site: absolute URLs for feeds and the sitemap."""

import runpy
from pathlib import Path

globals().update({k: v for k, v in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
                  .items() if k.isupper()})

SITEURL = "https://" + DISCLOSE["site"]["domain"]  # noqa: F821
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
