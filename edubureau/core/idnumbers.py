"""Identity numbers (居民身份证号码, GB 11643-1999) and 学籍号: normalise, validate, mask, hash, encrypt.

Identity numbers of minors are sensitive personal information under PIPL (DESIGN.md). They
are stored only as a Fernet token (`encrypt_id`) plus a keyed hash for exact matching and
uniqueness (`id_hash`, a blind index), and shown masked (`mask_id_number`) unless the user
holds accounts.view_id_number. A G 学籍号 is "G" + an identity number, so it gets the same
treatment (`xuejihao_hash`, `mask_xuejihao`).

Validation uses python-stdnum's cn.ric check digit and its area-code table, with one
deliberate difference: stdnum's `get_birth_place` also requires the area code to have been
in use in the birth year. Numbers are assigned at registration, not birth (adults got 18-digit
numbers from 1985 on with the code valid then), so that rule rejects real people: every
潜江 teacher born before 1994 whose number starts 429005 (a code created in 1994). Here an
area code is accepted when it has ever existed ("historical area code", reference §9).

Reference: /work/shared/reference/indicators.md §9.
"""
import base64
import hmac
import numbers
import re
import unicodedata
from datetime import date
from functools import lru_cache
from hashlib import sha256

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from stdnum import numdb
from stdnum.cn.ric import calc_check_digit

ID_FORMAT = "身份证号应为18位:前17位为数字,末位为数字或X"
ID_CHECKSUM = "身份证号校验位不正确,请核对是否有数字填错"
ID_BIRTH_INVALID = "身份证号第7—14位应为出生日期,“{digits}”不是有效日期"
ID_BIRTH_FUTURE = "身份证号中的出生日期{birth}晚于今天"
ID_AREA_UNKNOWN = "身份证号前6位“{code}”不是有效的行政区划代码"
ID_EXCEL_NUMBER = "身份证号被 Excel 存成了数字,已丢失末尾数字:请把该列设为“文本”格式后重新填写"
ID_BIRTH_MISMATCH = "出生日期与身份证号中的出生日期{birth}不一致"
ID_SEX_MISMATCH = "性别与身份证号不一致:身份证号第17位表示“{sex}”"

XUEJIHAO_FORMAT = "学籍号应为19位:G或J开头加17位数字和1位数字或X,或L开头加18位数字"
XUEJIHAO_ID_BODY = "G字头学籍号的后18位应为身份证号:{reason}"
XUEJIHAO_BIRTH_INVALID = "学籍号第8—15位应为出生日期,“{digits}”不是有效日期"
XUEJIHAO_BIRTH_FUTURE = "学籍号中的出生日期{birth}晚于今天"

DECRYPT_FAILED = "身份证号无法解密:加密密钥与写入时不一致(EDUBUREAU_FIELD_KEY)"

MALE, FEMALE = "M", "F"
SEX_LABELS = {MALE: "男", FEMALE: "女"}
MASK = "*" * 8

# Whitespace of every kind (full-width, no-break) and the invisible characters that pasting
# from web pages and Word brings along (zero-width space/joiners, word joiner, BOM).
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# ASCII only and the whole string (fullmatch): \d would accept other scripts' digits.
_ID = re.compile(r"[0-9]{17}[0-9X]")
_XUEJIHAO = re.compile(r"[GJ][0-9]{17}[0-9X]|L[0-9]{18}")
# What is left of an identity number once a spreadsheet has turned it into a number:
# scientific notation ("4.29005E+17") or a float's decimal tail ("429005200501011000.0").
_EXCEL_NUMBER = re.compile(r"[0-9]+(\.[0-9]*)?E[+-]?[0-9]+|[0-9]{15,}\.[0-9]*")
# Excel keeps 15 significant digits, so an 18-digit number typed into a number cell ends in 000.
_EXCEL_LOST_TAIL = "000"
_HKDF_INFO = b"edubureau:id-number-encryption:v1"


# ---- normalising ----------------------------------------------------------------------------------

_CANONICAL = re.compile(r"[0-9A-Z]+")  # already normalised: the usual case in bulk, skip the work


def _normalise_text(raw) -> str:
    if type(raw) is str and _CANONICAL.fullmatch(raw):
        return raw
    text = unicodedata.normalize("NFKC", str(raw))  # full-width digits and letters -> ASCII
    return _INVISIBLE.sub("", text).upper()  # lowercase x check digit -> X


def normalise_id_number(raw) -> str:
    """The canonical form of a typed or imported identity number: no spaces, ASCII, upper-case X.

    None becomes "". A number (what a spreadsheet reader returns for a numeric cell) becomes
    Excel's own display of it, e.g. 4.29005200501011e+17 -> "4.29005200501011E+17", so that
    `validate_id_number` recognises it and explains what happened.
    """
    if raw is None:
        return ""
    if _is_number(raw):
        return f"{float(raw):.15G}"
    return _normalise_text(raw)


def _is_number(value) -> bool:
    # str first: the common case, and cheaper than the numbers.Number ABC check.
    return not isinstance(value, str) and isinstance(value, numbers.Number) and not isinstance(value, bool)


# ---- validating -------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def area_name(code: str) -> str:
    """Name of a 6-digit GB/T 2260 area code as python-stdnum knows it, latest name if renamed;
    "" when the code never existed. E.g. "429005" -> "湖北省潜江市". Cached: the table is a tree walk.
    """
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return ""
    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        info.update(props)
    county = info.get("county", "")
    if not county:
        return ""
    latest = county.split(",")[-1].split("]")[-1]  # "[-2009]襄樊市,[2010-]襄阳市" -> "襄阳市"
    province = info.get("province", "")
    return latest if latest == province else f"{province}{latest}"


def is_known_area_code(code: str) -> bool:
    """True when `code` is, or once was, a 6-digit administrative division code."""
    return bool(area_name(code))


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _id_error(number: str, today: date, *, excel_hint: bool) -> ValidationError | None:
    """The first problem of an already-normalised identity number, or None."""
    if not _ID.fullmatch(number):
        return ValidationError(ID_FORMAT, code="format")
    if calc_check_digit(number) != number[-1]:
        if excel_hint and number.endswith(_EXCEL_LOST_TAIL):
            return ValidationError(ID_EXCEL_NUMBER, code="excel_number")
        return ValidationError(ID_CHECKSUM, code="checksum")
    born = _birth_date(number[6:14])
    if born is None:
        return ValidationError(ID_BIRTH_INVALID.format(digits=number[6:14]), code="birth_date")
    if born > today:
        return ValidationError(ID_BIRTH_FUTURE.format(birth=born.isoformat()), code="birth_date_future")
    if not is_known_area_code(number[:6]):
        return ValidationError(ID_AREA_UNKNOWN.format(code=number[:6]), code="area")
    return None


def validate_id_number(value, *, today: date | None = None) -> str:
    """Return the normalised identity number, or raise ValidationError with one Chinese message.

    Checks, in order: not a spreadsheet number (an int/float, scientific notation, a float's
    ".0" tail, or 18 digits ending in 000 that fail the checksum: Excel keeps 15 significant
    digits); 17 digits + digit/X; MOD 11-2 check digit; a real birth date not after `today`
    (default: today in Asia/Shanghai; bulk callers pass it once, the lookup costs more than the
    checks); an area code that exists or once existed (cached per code).
    Error codes: excel_number, format, checksum, birth_date, birth_date_future, area.
    """
    if _is_number(value):
        raise ValidationError(ID_EXCEL_NUMBER, code="excel_number")
    number = normalise_id_number(value)
    if _EXCEL_NUMBER.fullmatch(number):
        raise ValidationError(ID_EXCEL_NUMBER, code="excel_number")
    error = _id_error(number, today or timezone.localdate(), excel_hint=True)
    if error is not None:
        raise error
    return number


def id_mismatches(number: str, *, birth_date: date | None = None, sex: str | None = None) -> dict[str, str]:
    """Messages for the birth-date and sex columns that disagree with a valid identity number,
    keyed "birth_date" / "sex"; {} when both agree (or are not given)."""
    problems = {}
    born = id_birth_date(number)
    if birth_date is not None and birth_date != born:
        problems["birth_date"] = ID_BIRTH_MISMATCH.format(birth=born.isoformat())
    if sex is not None and sex != id_sex(number):
        problems["sex"] = ID_SEX_MISMATCH.format(sex=SEX_LABELS[id_sex(number)])
    return problems


# ---- reading a valid number -------------------------------------------------------------------------

def build_id_number(area_code: str, birth: date, sequence: int) -> str:
    """A well-formed identity number: area + YYYYMMDD + 3-digit sequence (odd male) + check digit."""
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + calc_check_digit(body + "0")


def id_birth_date(value: str) -> date:
    """The birth date in digits 7-14 of a valid identity number."""
    number = normalise_id_number(value)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(value: str) -> str:
    """"M" or "F": the 17th digit (end of the sequence code) is odd for men, even for women."""
    return MALE if int(normalise_id_number(value)[16]) % 2 else FEMALE


def mask_id_number(value: str) -> str:
    """The form every page, list and export shows: "429005********1234" (first 6, last 4).

    Anything that is not 18 characters long is masked completely.
    """
    number = normalise_id_number(value)
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}{MASK}{number[-4:]}"


# ---- 学籍号 ----------------------------------------------------------------------------------------

def normalise_xuejihao(raw) -> str:
    """The canonical form of a 学籍号: no spaces, ASCII, upper case."""
    return "" if raw is None else _normalise_text(raw)


def validate_xuejihao(value, *, today: date | None = None) -> str:
    """Return the normalised 学籍号, or raise ValidationError (reference §9).

    G + an identity number (validated like one: check digit, birth date, area); J + region
    code, birth date, sequence and check character; L + region code, birth date and 4 digits.
    For J and L only the format and the birth date (characters 8-15) are checked: the J check
    character's algorithm is not published. Error codes: format, id_number, birth_date,
    birth_date_future.
    """
    number = normalise_xuejihao(value)
    if not _XUEJIHAO.fullmatch(number):
        raise ValidationError(XUEJIHAO_FORMAT, code="format")
    today = today or timezone.localdate()
    if number[0] == "G":
        error = _id_error(number[1:], today, excel_hint=False)
        if error is not None:
            raise ValidationError(XUEJIHAO_ID_BODY.format(reason=error.messages[0]), code="id_number")
        return number
    born = _birth_date(number[7:15])
    if born is None:
        raise ValidationError(XUEJIHAO_BIRTH_INVALID.format(digits=number[7:15]), code="birth_date")
    if born > today:
        raise ValidationError(XUEJIHAO_BIRTH_FUTURE.format(birth=born.isoformat()), code="birth_date_future")
    return number


def xuejihao_birth_date(value: str) -> date:
    """The birth date in characters 8-15 of a valid 学籍号 (all three kinds)."""
    number = normalise_xuejihao(value)
    return date(int(number[7:11]), int(number[11:13]), int(number[13:15]))


def mask_xuejihao(value: str) -> str:
    """"G429005********1234": a G number contains the identity number, so every kind is masked."""
    number = normalise_xuejihao(value)
    return number[:1] + mask_id_number(number[1:]) if number else ""


# ---- blind index and encryption ---------------------------------------------------------------------

def _keyed_hash(text: str) -> str:
    if not text:
        raise ValueError("an empty identifier has no hash")
    key = settings.EDUBUREAU_HASH_KEY
    if not key:
        raise ImproperlyConfigured("EDUBUREAU_HASH_KEY is empty")
    return hmac.new(key.encode(), text.encode(), sha256).hexdigest()


def id_hash(value: str) -> str:
    """HMAC-SHA256 (key EDUBUREAU_HASH_KEY) of the normalised identity number, 64 hex digits.

    The blind index: equal numbers give equal hashes however they were typed, and without
    the key the hash cannot be brute-forced (the space of identity numbers is small).
    """
    return _keyed_hash(normalise_id_number(value))


def xuejihao_hash(value: str) -> str:
    """The blind index of a 学籍号 (same key and construction as `id_hash`)."""
    return _keyed_hash(normalise_xuejihao(value))


def _derive_fernet_key(secret: str) -> bytes:
    if not secret:
        raise ImproperlyConfigured("EDUBUREAU_FIELD_KEY is empty")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


@lru_cache(maxsize=8)
def _fernet_for(primary: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_derive_fernet_key(secret)) for secret in (primary, *fallbacks)])


def _fernet() -> MultiFernet:
    # Rotating the key: put the new secret in EDUBUREAU_FIELD_KEY and the old one in the
    # optional EDUBUREAU_FIELD_KEY_FALLBACKS list; tokens from either decrypt, new ones use the
    # new key, and MultiFernet.rotate() re-encrypts old rows. Keyed by value so tests can override.
    fallbacks = tuple(getattr(settings, "EDUBUREAU_FIELD_KEY_FALLBACKS", ()))
    return _fernet_for(settings.EDUBUREAU_FIELD_KEY, fallbacks)


def encrypt_id(value: str) -> str:
    """A Fernet token (AES-128-CBC + HMAC, ASCII, ~120 characters) of the normalised identifier.

    Tokens are randomised: encrypting the same number twice gives different tokens, so compare
    and upsert on `id_hash`, never on the token.
    """
    return _fernet().encrypt(normalise_id_number(value).encode()).decode("ascii")


def encrypt_normalised(values: list[str]) -> list[str]:
    """encrypt_id for many identifiers already validated (so already normalised): the key is looked
    up once and nothing is normalised again (imports encrypt a city's numbers at a time)."""
    encrypt = _fernet().encrypt
    return [encrypt(value.encode()).decode("ascii") for value in values]


def hash_normalised(values: list[str]) -> list[str]:
    """id_hash / xuejihao_hash for many identifiers already validated (the same keyed hash)."""
    key = settings.EDUBUREAU_HASH_KEY
    if not key:
        raise ImproperlyConfigured("EDUBUREAU_HASH_KEY is empty")
    mac = hmac.new(key.encode(), digestmod=sha256)
    hashes = []
    for value in values:
        one = mac.copy()
        one.update(value.encode())
        hashes.append(one.hexdigest())
    return hashes


def decrypt_id(token: str) -> str:
    """The identifier inside a token from `encrypt_id`. Raises ImproperlyConfigured when no
    configured key opens it (the key changed without a fallback)."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(DECRYPT_FAILED) from exc
