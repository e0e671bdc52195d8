"""The bulk helpers give exactly what the one-at-a-time functions give."""
from edubureau.core.idnumbers import (
    build_id_number, decrypt_id, encrypt_normalised, hash_normalised, id_hash, xuejihao_hash,
)


def test_bulk_hashes_and_tokens_match_the_single_functions():
    from datetime import date

    numbers = [build_id_number("429005", date(2015, 3, 6), n) for n in range(1, 6)]
    xuejihao = [f"G{n}" for n in numbers]
    assert hash_normalised(numbers) == [id_hash(n) for n in numbers]
    assert hash_normalised(xuejihao) == [xuejihao_hash(x) for x in xuejihao]
    assert [decrypt_id(token) for token in encrypt_normalised(numbers)] == numbers
    assert hash_normalised([]) == [] and encrypt_normalised([]) == []
