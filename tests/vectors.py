"""Test values from other projects' test suites and published examples, copied with their origin.

Only the values are copied. Each list says where its values come from (repository and path, as
stored by the search tool); `expected` is what that source says, except where a comment records
that the source disagrees with the contract of REVIEW-RULES.md (for example a birth year before
1900) or that the source's own label is wrong (a check character that does not verify by the
standard's table, noted with the right one). Nothing here was produced by the code under test.
"""

from __future__ import annotations

# (number, is an 18-character resident ID by the contract)
RESIDENT_IDS: list[tuple[str, bool]] = [
    # GB 11643-1999 clause 8 worked examples (also quoted in tests/test_attachments.py).
    ("11010519491231002X", True),
    ("440524188001010014", False),  # the standard's example, but born 1880: the contract starts at 1900
    # arthurdejong/python-stdnum tests/test_cn_ric.doctest
    ("360426199101010071", True),
    ("44011320141005001X", True),
    ("412723199010050012", True),
    ("110102199101010078", True),
    ("120110198012010073", True),
    ("120110199212010072", True),
    ("110111198012010078", True),  # stdnum: county not registered yet; the contract ignores counties
    ("110201199312010077", True),  # stdnum: county deregistered; the contract ignores counties
    ("990426199112010074", False),  # unknown province 99
    ("360426199113010079", False),  # month 13
    ("36042619910102009X", False),  # wrong check character
    # jxlwqq/id-validator.py test_validator.py
    ("440308199901101512", True),
    ("810000199408230021", True),  # Hong Kong residence permit (province 81)
    ("830000199201300022", True),  # Taiwan residence permit (83)
    ("500154199804106120", True),
    ("500154199301135886", True),  # the source rejects it for its county timeline only
    ("362324198001010014", True),
    ("362324198101010011", True),
    ("362324198201010019", True),
    ("430302199312194239", True),
    ("440308199901101513", False),  # check character
    ("111111199901101512", False),  # province 11 exists, but the check fails too
    ("440308199902301512", False),  # 30 February
    # guanguans/id-validator id_validator_test.go
    ("810000199408230022", False),
    ("830000199201300023", False),
    # Edditoria/validid src/test/testData.coffee
    ("11010120170210193X", True),
    ("120103198806018241", True),
    ("310101200001013948", True),
    ("110101201701018886", True),
    ("110101201712128888", True),  # the source says false (a future date when written); it is past now
    ("110101188606258888", False),  # the source accepts 1886; the contract starts at 1900
    ("110101188606248882", False),
    ("110102197810272321", False),
    # sndnvaps/CheckID_card README.md
    ("34052419800101001X", True),
    ("340524198001010013", False),
    # r44cx/real-china-id validation.java
    ("513200199909060190", True),
    # txthinking/x is_test.go
    ("61052819890402574X", True),
    ("411081198804220861", True),
    ("411081198804220851", False),
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers.py
    ("110101199003077758", True),
    ("11010119900307775X", False),  # listed as valid there; its check character should be 8 (above)
    ("110101199003077759", False),
    ("123456789012345678", False),
    ("111111111111111111", False),
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers_comprehensive.py
    ("110101199003074514", True),
    ("11010119900307002X", True),
    ("110101199003070000", False),
    ("110101199003074518", False),  # listed as a valid driving licence there; check should be 4
]

# 15-digit first-generation IDs (pii.id_card_legacy, with 身份证 context).
LEGACY_IDS: list[tuple[str, bool]] = [
    # jxlwqq/id-validator.py test_validator.py
    ("610104620927690", True),
    ("610104620932690", False),  # day 32
    # guanguans/id-validator id_validator_test.go
    ("510104621927691", False),  # month 19
]

# (number, is a bank card by the contract: 16-19 digits, issuer prefix, Luhn)
BANK_CARDS: list[tuple[str, bool]] = [
    # txthinking/x is_test.go
    ("4512893900582108", True),
    ("6228480010323650910", True),
    ("6228480010323650919", False),  # marked "error" there
    # 839128/abarth bus-testing/src/test/java/org/aoju/bus/core/utils/CardIdUtilsTest.java
    ("6228480402564890018", True),
    ("6228480402637874213", True),
    ("6228481552887309119", True),
    ("6228480801416266113", True),
    ("6228481698729890079", True),
    ("6228482316158625861", True),
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers.py
    ("6212340000000001", True),
    ("6212345678900000003", True),
    ("4532015112830366", True),
    ("1234567890123456", False),
    ("0000000000000000", False),  # Luhn-valid, but no issuer prefix
    ("6222021234567890123", False),
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers_comprehensive.py
    ("6222021001116245702", True),
    ("6222021234567890000", False),
]

# Luhn check alone (the oracle), arthurdejong/python-stdnum tests/test_luhn.doctest
LUHN: list[tuple[str, bool]] = [
    ("4992739871", False),
    ("49927398716", True),
    ("490154203237518", True),
    ("1428572", True),
    ("3984382462386423786482364872364827347", True),
]

# (code, valid GB 32100 code), arthurdejong/python-stdnum tests/test_cn_uscc.doctest
USCC: list[tuple[str, bool]] = [
    ("91110000600037341L", True),
    ("121200004013590816", True),
    ("91110000710926094P", True),
    ("9115220107837757XE", True),
    ("91310115MA1K3BTP2B", True),
    ("91620105L015101280", True),
    ("92340602MA2PBMEM24", True),
    ("92340603MA2PBN17X5", True),
    ("92340621MA2PBKRXXG", True),
    ("92340604MA2UK2B104", True),
    ("91110000600037341N", False),  # wrong check character
]

# Mobile numbers (11 digits, allocated segment), and look-alikes that are not.
MOBILES: list[tuple[str, bool]] = [
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers.py
    ("13812345678", True),
    ("15912345678", True),
    ("18612345678", True),
    ("138-1234-5678", True),
    ("138 1234 5678", True),
    ("12345678901", False),  # 12x is not a mobile segment
    ("11111111111", False),
    # nn0nkey/MingJing presidio-analyzer/tests/test_cn_recognizers_comprehensive.py
    ("+8613812345678", True),
    # google/libphonenumber resources/PhoneNumberMetadataForTesting.xml via
    # giggsey/libphonenumber-for-php-lite tests/core/data/PhoneNumberMetadataForTesting_CN.php
    ("13123456789", True),
]

# Landlines: iLib-js/iLib js/src/phone/test/phonenum_CN.js; the presidio tests above.
LANDLINES: list[str] = ["01012345678", "010-12345678"]

# Plates: nn0nkey/MingJing .../test_cn_recognizers_comprehensive.py (京A12345, 京AD12345);
# grapheco/pandadb-v0.1 semops/src/test/scala/PlateNumberExtractorTest.scala (苏E730V7).
PLATES: list[str] = ["京A12345", "京AD12345", "苏E730V7"]

# Passports and permits: nn0nkey/MingJing .../test_cn_recognizers_comprehensive.py.
PASSPORTS: list[str] = ["E12345678", "C12345678"]
