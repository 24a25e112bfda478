"""The built-in rules, one module each, listed explicitly (the registry refuses duplicates)."""

from . import (
    attach,
    hygiene_empty_section,
    hygiene_mojibake,
    hygiene_outdated_org,
    hygiene_placeholder,
    hygiene_word_residue,
    pii_address,
    pii_bank_card,
    pii_email,
    pii_hidden_chars,
    pii_id_card,
    pii_id_card_legacy,
    pii_landline,
    pii_mobile,
    pii_name_list,
    pii_passport,
    pii_plate,
    pii_uscc_personal,
    pii_weak_mask,
    secret_internal,
    secret_mark,
    stats_microdata,
    stats_recoverable,
    stats_small_cell,
    stats_small_share,
)

ALL_RULES = tuple(m.RULE for m in (
    pii_id_card, pii_id_card_legacy, pii_weak_mask, pii_mobile, pii_landline, pii_bank_card,
    pii_uscc_personal, pii_passport, pii_plate, pii_email, pii_name_list, pii_address, pii_hidden_chars,
    secret_mark, secret_internal,
    stats_small_cell, stats_small_share, stats_recoverable, stats_microdata,
    hygiene_word_residue, hygiene_mojibake, hygiene_placeholder, hygiene_empty_section,
    hygiene_outdated_org,
)) + attach.RULES
