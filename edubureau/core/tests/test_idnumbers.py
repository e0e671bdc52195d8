"""Identity numbers and 学籍号: the vectors of reference §9, every message, and properties over generated numbers."""
import hmac
from datetime import date
from decimal import Decimal
from hashlib import sha256

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from edubureau.core.idnumbers import (
    DECRYPT_FAILED, ID_AREA_UNKNOWN, ID_BIRTH_FUTURE, ID_BIRTH_INVALID, ID_BIRTH_MISMATCH, ID_CHECKSUM,
    ID_EXCEL_NUMBER, ID_FORMAT, ID_SEX_MISMATCH, XUEJIHAO_BIRTH_FUTURE, XUEJIHAO_BIRTH_INVALID, XUEJIHAO_FORMAT,
    XUEJIHAO_ID_BODY, area_name, build_id_number, decrypt_id, encrypt_id, id_birth_date, id_hash, id_mismatches,
    id_sex, is_known_area_code, mask_id_number, mask_xuejihao, normalise_id_number, normalise_xuejihao,
    validate_id_number, validate_xuejihao, xuejihao_birth_date, xuejihao_hash,
)

TODAY = date(2025, 1, 1)


def error_of(func, value, **kwargs) -> tuple[list[str], str]:
    with pytest.raises(ValidationError) as info:
        func(value, today=TODAY, **kwargs)
    return info.value.messages, info.value.code


def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


# ---- the vectors of reference §9 ------------------------------------------------------------------

@pytest.mark.parametrize(("number", "birth", "sex", "masked"), [
    ("11010519491231002X", date(1949, 12, 31), "F", "110105********002X"),
    ("440524188001010014", date(1880, 1, 1), "M", "440524********0014"),
])
def test_reference_vectors_are_valid(number, birth, sex, masked):
    assert validate_id_number(number, today=TODAY) == number
    assert (id_birth_date(number), id_sex(number), mask_id_number(number)) == (birth, sex, masked)


def test_reference_vector_with_an_unknown_area_code_fails_on_the_area_only():
    # The check digit is right (as §9 says) but 340524 is in no edition of the area-code table.
    assert ric.calc_check_digit("34052419800101001X") == "X"
    assert error_of(validate_id_number, "34052419800101001X") == ([ID_AREA_UNKNOWN.format(code="340524")], "area")


def test_an_area_code_created_after_the_birth_year_is_accepted_unlike_stdnum():
    # 429005 (潜江市) exists since 1994; a teacher born in 1970 carries it. stdnum's birth-year rule rejects that.
    number = build_id_number("429005", date(1970, 1, 1), 123)
    assert number == "429005197001011239"
    assert ric.is_valid(number) is False
    assert validate_id_number(number, today=TODAY) == number


@pytest.mark.parametrize(("code", "name"), [
    ("429005", "湖北省潜江市"), ("440524", "广东省潮阳县"), ("420000", "湖北省"), ("420600", "湖北省襄阳市"),
    ("340524", ""), ("999999", ""), ("42900", ""), ("42900a", ""), ("４２９００５", ""),
])
def test_area_name(code, name):
    assert (area_name(code), is_known_area_code(code)) == (name, bool(name))


# ---- normalising ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "11010519491231002X",
    " 11010519491231002x ",
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
    "１１０１０５１９４９１２３１００２ｘ",
    "110105 19491231 002x",
    "110105\u300019491231\u00a0002X\t",  # ideographic and no-break spaces, a tab
    "\ufeff\u200b11010519491231002X\u200d",  # BOM and zero-width characters pasted from the web
])
def test_normalise_gives_the_canonical_form(raw):
    assert normalise_id_number(raw) == "11010519491231002X"
    assert validate_id_number(raw, today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(("raw", "normalised"), [
    (None, ""),
    (4.290052005010112e17, "4.29005200501011E+17"),  # what python-calamine returns for a numeric cell
    (429005200501011234, "4.29005200501011E+17"),
    (Decimal("429005200501011234"), "4.29005200501011E+17"),
    (12345, "12345"),
])
def test_normalise_turns_numbers_into_excels_display(raw, normalised):
    assert normalise_id_number(raw) == normalised


# ---- every rejection, with its exact message -----------------------------------------------------------

@pytest.mark.parametrize("raw", [
    4.290052005010112e17, 429005200501011234, Decimal("429005200501011234"),  # numbers, not text
    "4.29005E+17", "4.29005e+17", "4.29005200501011E+17", " 4.29005E17 ",  # Excel's display of them
    "429005200501011000", "４２９００５２００５０１０１１０００",  # the 15 digits Excel keeps, then zeros
    "429005200501011000.0", "429005200501011234.",  # a float's decimal tail
])
def test_numbers_excel_made_of_an_identity_number_are_explained(raw):
    assert error_of(validate_id_number, raw) == ([ID_EXCEL_NUMBER], "excel_number")


def test_a_genuine_number_ending_in_000_is_accepted():
    # Sequence 900, check digit 0: the trailing zeros are real, and the check digit proves it.
    assert validate_id_number("429005201203019000", today=TODAY) == "429005201203019000"


@pytest.mark.parametrize("raw", [
    "", "   ", "1101051949123100", "11010519491231002", "1101051949123100201", "11010519491231002Y",
    "1101051949123100X2", "A1010519491231002X", "110105-19491231-002X", "11010519491231002XX",
])
def test_malformed_numbers_fail_on_format(raw):
    assert error_of(validate_id_number, raw) == ([ID_FORMAT], "format")


@pytest.mark.parametrize("raw", [
    "110105194912310021", "110105194912310020", "440524188001010015", "429005200501011001",
])
def test_wrong_check_digit_fails_on_checksum(raw):
    assert error_of(validate_id_number, raw) == ([ID_CHECKSUM], "checksum")


@pytest.mark.parametrize("digits", ["19490230", "20231301", "20230000", "00000101", "20230431"])
def test_impossible_birth_dates_fail(digits):
    number = with_check_digit(f"110105{digits}002")
    assert error_of(validate_id_number, number) == ([ID_BIRTH_INVALID.format(digits=digits)], "birth_date")


def test_a_birth_date_after_today_fails_and_today_itself_passes():
    number = build_id_number("429005", date(2025, 1, 2), 1)
    assert error_of(validate_id_number, number) == ([ID_BIRTH_FUTURE.format(birth="2025-01-02")], "birth_date_future")
    assert validate_id_number(number, today=date(2025, 1, 2)) == number


def test_today_defaults_to_the_local_date():
    with pytest.raises(ValidationError) as info:
        validate_id_number(build_id_number("429005", date(2999, 1, 1), 1))
    assert info.value.code == "birth_date_future"


def test_id_mismatches_names_the_columns_that_disagree():
    number = "11010519491231002X"  # a woman born 1949-12-31
    assert id_mismatches(number, birth_date=date(1949, 12, 31), sex="F") == {}
    assert id_mismatches(number) == {}
    assert id_mismatches(number, birth_date=date(1949, 12, 30), sex="M") == {
        "birth_date": ID_BIRTH_MISMATCH.format(birth="1949-12-31"),
        "sex": ID_SEX_MISMATCH.format(sex="女"),
    }
    assert ID_SEX_MISMATCH.format(sex="女") == "性别与身份证号不一致:身份证号第17位表示“女”"


def test_masking_anything_that_is_not_18_characters_hides_it_all():
    assert [mask_id_number(v) for v in ("", "12345", "11010519491231002x")] == ["", "*****", "110105********002X"]


# ---- blind index and encryption ---------------------------------------------------------------------

def test_id_hash_is_the_keyed_hmac_of_the_normalised_number():
    expected = hmac.new(b"local-only-hash-key", b"11010519491231002X", sha256).hexdigest()
    assert id_hash("11010519491231002x") == id_hash("１１０１０５１９４９１２３１００２Ｘ") == expected
    with override_settings(EDUBUREAU_HASH_KEY="another-key"):
        assert id_hash("11010519491231002X") != expected


def test_hashing_nothing_or_with_no_key_is_refused():
    with pytest.raises(ValueError):
        id_hash("")
    with override_settings(EDUBUREAU_HASH_KEY=""), pytest.raises(ImproperlyConfigured):
        id_hash("11010519491231002X")


def test_encryption_is_randomised_and_reversible_only_with_the_key():
    first, second = encrypt_id("11010519491231002x"), encrypt_id("11010519491231002X")
    assert first != second
    assert "11010519491231002X" not in first and "110105" not in first
    assert decrypt_id(first) == decrypt_id(second) == "11010519491231002X"
    with override_settings(EDUBUREAU_FIELD_KEY="another-key"), pytest.raises(ImproperlyConfigured) as info:
        decrypt_id(first)
    assert str(info.value) == DECRYPT_FAILED


def test_a_rotated_key_still_opens_old_tokens_and_new_tokens_use_the_new_key():
    old_token = encrypt_id("11010519491231002X")
    with override_settings(EDUBUREAU_FIELD_KEY="new-key", EDUBUREAU_FIELD_KEY_FALLBACKS=["local-only-field-key"]):
        assert decrypt_id(old_token) == "11010519491231002X"
        new_token = encrypt_id("11010519491231002X")
    with override_settings(EDUBUREAU_FIELD_KEY="new-key"):
        assert decrypt_id(new_token) == "11010519491231002X"


def test_an_empty_field_key_is_a_configuration_error():
    with override_settings(EDUBUREAU_FIELD_KEY=""), pytest.raises(ImproperlyConfigured):
        encrypt_id("11010519491231002X")


# ---- 学籍号 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "number", "birth"), [
    ("G11010519491231002X", "G11010519491231002X", date(1949, 12, 31)),
    (" g11010519491231002x ", "G11010519491231002X", date(1949, 12, 31)),
    ("Ｊ４２９００５２０１５０３０６００１Ｘ", "J42900520150306001X", date(2015, 3, 6)),  # no check-digit test for J
    ("L429005201602291234", "L429005201602291234", date(2016, 2, 29)),
])
def test_valid_xuejihao(raw, number, birth):
    assert normalise_xuejihao(raw) == number
    assert validate_xuejihao(raw, today=TODAY) == number
    assert xuejihao_birth_date(number) == birth


@pytest.mark.parametrize("raw", [
    "", "11010519491231002X", "G11010519491231002", "G11010519491231002XX", "X11010519491231002X",
    "L42900520160229123X", "L4290052016022912345", "J4290052015030600Y1", "G1101051949123100X2",
])
def test_malformed_xuejihao(raw):
    assert error_of(validate_xuejihao, raw) == ([XUEJIHAO_FORMAT], "format")


@pytest.mark.parametrize(("raw", "reason"), [
    ("G110105194912310021", ID_CHECKSUM),
    ("G429005200501011000", ID_CHECKSUM),  # in a 学籍号 the number is text: no Excel explanation
    ("G34052419800101001X", ID_AREA_UNKNOWN.format(code="340524")),
    ("G" + build_id_number("429005", date(2025, 6, 1), 1), ID_BIRTH_FUTURE.format(birth="2025-06-01")),
])
def test_a_g_xuejihao_must_carry_a_valid_identity_number(raw, reason):
    assert error_of(validate_xuejihao, raw) == ([XUEJIHAO_ID_BODY.format(reason=reason)], "id_number")


def test_j_and_l_xuejihao_need_a_real_birth_date_not_after_today():
    assert error_of(validate_xuejihao, "J42900520150230001X") == (
        [XUEJIHAO_BIRTH_INVALID.format(digits="20150230")], "birth_date",
    )
    assert error_of(validate_xuejihao, "L429005202501021234") == (
        [XUEJIHAO_BIRTH_FUTURE.format(birth="2025-01-02")], "birth_date_future",
    )


def test_xuejihao_mask_and_hash():
    assert mask_xuejihao("g11010519491231002x") == "G110105********002X"
    assert mask_xuejihao("L429005201602291234") == "L429005********1234"
    assert mask_xuejihao("") == ""
    assert xuejihao_hash("g11010519491231002x") == xuejihao_hash("G11010519491231002X") != id_hash("11010519491231002X")


# ---- properties over generated numbers ------------------------------------------------------------------

AREAS = ("429005", "429004", "429006", "110105", "110112", "420102", "440524", "340521")
valid_numbers = st.builds(
    build_id_number, st.sampled_from(AREAS), st.dates(date(1900, 1, 1), TODAY), st.integers(0, 999),
)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
VARIANTS = {
    "plain": lambda n: n,
    "lower": lambda n: n.lower(),
    "full_width": lambda n: n.translate(FULL_WIDTH),
    "spaced": lambda n: f" {n[:6]} {n[6:14]}\u3000{n[14:]} ",
}


@settings(max_examples=300, database=None, deadline=None)
@given(number=valid_numbers, variant=st.sampled_from(sorted(VARIANTS)))
def test_every_valid_number_round_trips(number, variant):
    typed = VARIANTS[variant](number)
    assert normalise_id_number(typed) == number
    assert validate_id_number(typed, today=TODAY) == number
    assert decrypt_id(encrypt_id(typed)) == number
    assert id_hash(typed) == id_hash(number) and len(id_hash(number)) == 64
    assert mask_id_number(typed) == number[:6] + "*" * 8 + number[-4:]
    assert id_birth_date(typed) == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert id_sex(typed) == ("M" if int(number[16]) % 2 else "F")
    assert validate_xuejihao(f"G{typed}", today=TODAY) == f"G{number}"


@settings(max_examples=300, database=None, deadline=None)
@given(number=valid_numbers, position=st.integers(0, 16), shift=st.integers(1, 9))
def test_any_single_digit_change_fails_the_checksum(number, position, shift):
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + changed_digit + number[position + 1:]
    assert ric.calc_check_digit(changed) != changed[-1]
    # An 18-digit string ending in 000 that fails the check is what Excel leaves of a number.
    expected = ([ID_EXCEL_NUMBER], "excel_number") if changed.endswith("000") else ([ID_CHECKSUM], "checksum")
    assert error_of(validate_id_number, changed) == expected
