"""Badge codes: unguessable, readable, and the check character catches typos."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from groceries import codes

ALPHABET = codes.ALPHABET
bodies = st.text(alphabet=ALPHABET, min_size=codes.RANDOM_LENGTH, max_size=codes.RANDOM_LENGTH)


def code_of(body):
    return body + codes.check_character(body)


def test_the_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_a_code_has_at_least_40_random_bits():
    assert codes.RANDOM_LENGTH * math.log2(len(ALPHABET)) >= 40


def test_new_codes_are_well_formed_and_differ():
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(codes.is_well_formed(code) for code in drawn)


@settings(max_examples=300)
@given(bodies, st.integers(min_value=0, max_value=codes.LENGTH - 1), st.sampled_from(ALPHABET))
def test_the_check_character_catches_every_single_typo(body, position, typed):
    code = code_of(body)
    mistyped = code[:position] + typed + code[position + 1 :]
    assert codes.is_well_formed(mistyped) == (mistyped == code)


@settings(max_examples=300)
@given(bodies, st.integers(min_value=0, max_value=codes.LENGTH - 2))
def test_the_check_character_catches_every_swap_of_neighbours(body, position):
    code = code_of(body)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert codes.is_well_formed(swapped) == (swapped == code)


def test_every_typo_of_one_code_exhaustively():
    code = codes.new_code()
    for position in range(codes.LENGTH):
        for typed in ALPHABET:
            mistyped = code[:position] + typed + code[position + 1 :]
            assert codes.is_well_formed(mistyped) == (typed == code[position])


def test_typed_codes_are_normalised():
    code = codes.new_code()
    printed = codes.printed(code)
    assert printed == f"{code[:5]}-{code[5:]}"
    for typed in (printed, printed.lower(), f"  {code[:3]} {code[3:7]} {code[7:]} ", code.lower().replace("", " ")):
        assert codes.normalise(typed) == code


def test_malformed_input_is_not_a_code():
    code = codes.new_code()
    for typed in ("", code[:-1], code + "2", "0" + code[1:], "I" + code[1:], "€" * 10, "<script>"):
        assert not codes.is_well_formed(codes.normalise(typed))
