"""Pelican settings for the disclosure site. DISCLOSE holds our own, validated configuration;
`disclose config-doc` lists every option with its help text."""

AUTHOR = "江屿市人民政府办公室"
SITENAME = "江屿市人民政府信息公开"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["disclose"]
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]

# Documents are articles; content/pages holds the fixed pages. Only our Markdown reader runs:
# other readers are switched off so no file is read by a path that skips our checks.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
PAGE_PATHS = ["pages"]
READERS = {"html": None, "htm": None, "rst": None, "markdown": None, "mkd": None, "mdown": None}
# Attachments are copied by the plugin for published documents only, never wholesale.
STATIC_PATHS = []

# Our generator writes home, catalogue and sitemap; Pelican's own listings are switched off.
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DEFAULT_PAGINATION = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

CACHE_CONTENT = False  # publish decisions depend on more than file times: never reuse a read
RELATIVE_URLS = False

DISCLOSE = {
    "site": {
        "name": "江屿市人民政府信息公开",
        "domain": "xxgk.jiangyu.gov.cn.example",
        "host_org": "江屿市人民政府办公室",
        "site_id_code": "3399000001",
        "icp": "浙ICP备00000000号-1（示例）",
        "psb": "浙公网安备 33990002000001号（示例）",
        "column_name": "政府信息公开",
        "office": "江屿市人民政府办公室政务公开科",
        "undertaker": "江屿市大数据发展管理中心",
        "conac_url": "https://bszs.conac.cn.example/sitename?method=show&id=3399000001",
        "error_report_url": "https://zfwzzc.www.gov.cn.example/check_web/errorInfo_querySiteList.action?siteCode=3399000001",
        "contact": {
            "address": "江屿市滨江大道 1 号市民中心 3 号楼",
            "postcode": "339900",
            "phone": "0579-88880000",
            "fax": "0579-88880001",
            "email": "xxgk@jiangyu.gov.cn.example",
            "hours": "工作日 上午 8:30-12:00，下午 14:30-17:30",
        },
    },
    "publishers": [
        {"id": "mzj", "name": "江屿市民政局", "code": "MB0A12342"},
        {"id": "rsj", "name": "江屿市人力资源和社会保障局", "code": "MB0B56784"},
        {"id": "zfb", "name": "江屿市人民政府办公室", "code": "MB0C24687"},
    ],
    "categories": [
        {"id": "ghjh", "name": "规划计划", "children": [
            {"id": "gzjh", "name": "工作计划"},
            {"id": "gzzj", "name": "工作总结"},
        ]},
        {"id": "zcwj", "name": "政策文件", "children": [
            {"id": "gfxwj", "name": "行政规范性文件"},
            {"id": "qtwj", "name": "其他文件"},
        ]},
        {"id": "zcjd", "name": "政策解读"},
        {"id": "tzgg", "name": "通知公告"},
        {"id": "tjxx", "name": "统计信息"},
        {"id": "rsxx", "name": "人事信息"},
        {"id": "ndbg", "name": "年度报告"},
    ],
    "index_numbers": {"form": "{org_code}/{year}-{serial:05d}", "ledger": "index-numbers.ledger"},
    "page_size": 20,
    "latest_count": 10,
    "annual_report_category": "ndbg",
    "report": {"regulation_categories": [], "normative_categories": ["gfxwj"]},
    # 政府网站检查指标: how often each column must be updated (disclose inspect, build warnings).
    "inspection": {
        # 政策文件 is one column with its two sub-columns; 政策解读 follows the policies it
        # interprets (解读回应: no period of its own); 统计信息 is released on its own calendar.
        "columns": {"ghjh": "yearly", "zcwj": "notice", "zcjd": "none", "tzgg": "notice",
                    "rsxx": "yearly", "ndbg": "yearly", "tjxx": "none"},
    },
    "review": {
        # Office numbers published on purpose: the check does not list them.
        "allowed_phones": ["0579-88880000", "0579-88880001", "0579-88881234", "0579-88882345",
                           "0579-88882346"],
        "allowed_email_domains": ["jiangyu.gov.cn.example"],
    },
}

# The preview site has no domain yet; publishconf.py sets SITEURL and FEED_DOMAIN for real feeds.
import logging  # noqa: E402

LOG_FILTER = [(logging.WARN, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
