"""Badge codes: random, unguessable, easy to read aloud and to type.

The alphabet leaves out the look-alikes 0/O and 1/I/L, which leaves 31
characters. Nine random characters give 31⁹ ≈ 2.6 × 10¹³ codes (44 bits), far
more than any grocery will ever issue, so guessing a code is hopeless.

The tenth character is a check character: the weighted sum of all ten
character values, with weights 1 to 10, is a multiple of 31. Because 31 is
prime and every weight and every difference of neighbouring weights is below
31, changing one character or swapping two different neighbours always breaks
the sum, so the door says "check the number" instead of "unknown".
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime: see above.
RANDOM_LENGTH = 9
LENGTH = RANDOM_LENGTH + 1
GROUP = 5

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_.·/]+")


def check_character(body):
    """The character that makes `body` plus itself a valid code."""
    total = sum(weight * _VALUES[char] for weight, char in enumerate(body, start=1))
    weight = len(body) + 1
    # Solve total + weight × value ≡ 0 (mod 31); pow(…, -1, 31) is the inverse.
    value = (-total * pow(weight, -1, BASE)) % BASE
    return ALPHABET[value]


def new_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalise(typed):
    """What a volunteer typed or a scanner sent, in the form codes are stored:
    upper case, without spaces or dashes."""
    return _SEPARATORS.sub("", typed or "").upper()


def is_well_formed(code):
    """Whether a normalised code has the right length and characters and
    passes its check character."""
    return len(code) == LENGTH and all(char in _VALUES for char in code) and check_character(code[:-1]) == code[-1]


def printed(code):
    """`K7M4PX9QRT` → `K7M4P-X9QRT`: two groups of five to read aloud."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
