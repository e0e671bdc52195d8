from django.db import models

from edubureau.core.idnumbers import decrypt_id, encrypt_id, id_hash, mask_id_number, validate_id_number


class BaseModel(models.Model):
    """Every model records when it was created and last changed (HSE common/models.py)."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class EncryptedIdNumber(models.Model):
    """A person's identity number, never stored in plain text (PIPL; DESIGN.md "Users and scope").

    - `id_number_enc`: the Fernet token of the number (core.idnumbers.encrypt_id); "" when none.
    - `id_number_hash`: its keyed hash (core.idnumbers.id_hash), the blind index for exact
      lookups (`filter(id_number_hash=id_hash(typed))`) and for uniqueness; NULL when none,
      and NULLs never collide. A subclass may redeclare it without null to require a number.
    The two are set together by `set_id_number` (or, in bulk, by encrypt_id + id_hash) and the
    `…_id_number_pair` constraint keeps them so. Pages show `id_masked`; the full number is read
    only through registry.services.reveal_id_number, which checks the permission and audits.
    """

    id_number_enc = models.TextField("身份证号(密文)", blank=True, default="", editable=False)
    id_number_hash = models.CharField(
        "身份证号索引", max_length=64, null=True, blank=True, unique=True, editable=False,
        help_text="身份证号的带密钥哈希(HMAC-SHA256),用于精确查找和查重",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id_number_hash__isnull=True, id_number_enc="")
                | (models.Q(id_number_hash__isnull=False) & ~models.Q(id_number_enc="")),
                name="%(app_label)s_%(class)s_id_number_pair",
            ),
        ]

    def set_id_number(self, value: str | None) -> None:
        """Validate, encrypt and index `value`; None or "" clears the number. Does not save."""
        if not value:
            self.id_number_enc, self.id_number_hash = "", None
            return
        number = validate_id_number(value)
        self.id_number_enc, self.id_number_hash = encrypt_id(number), id_hash(number)

    @property
    def has_id_number(self) -> bool:
        return bool(self.id_number_enc)

    @property
    def id_masked(self) -> str:
        """"429005********1234", or "" when the person has no number on record."""
        return mask_id_number(decrypt_id(self.id_number_enc)) if self.id_number_enc else ""

    def decrypt_id_number(self) -> str:
        """The plain number. For services that have checked permission and write the audit row
        (reveal_id_number) or that never show it (cross-checks); never for display."""
        return decrypt_id(self.id_number_enc) if self.id_number_enc else ""
