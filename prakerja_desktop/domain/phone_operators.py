"""Indonesian mobile operators by number prefix: the +62 part of phonenumbers' carrier table.

Copied here so that checking a number does not load the operator tables of every country (a tenth of a
second of `main.py receipt`, issue 20). tests/test_phone.py checks it against the installed phonenumbers;
after an upgrade that changes it, copy the table again (the test prints it).
"""

from __future__ import annotations

# E.164 digits without the + -> the operator's name (phonenumbers' English name).
OPERATORS: dict[str, str] = {
    "62811": "Telkomsel", "62812": "Telkomsel", "62813": "Telkomsel", "62814": "Indosat Ooredoo Hutchison",
    "62815": "Indosat Ooredoo Hutchison", "62816": "Indosat Ooredoo Hutchison", "62817": "XL", "62818": "XL",
    "62819": "XL", "62821": "Telkomsel", "62822": "Telkomsel", "62823": "Telkomsel", "62831": "AXIS", "62832": "AXIS",
    "62833": "AXIS", "62838": "AXIS", "62851": "Telkomsel", "62852": "Telkomsel", "62853": "Telkomsel",
    "62855": "Indosat Ooredoo Hutchison", "62856": "Indosat Ooredoo Hutchison", "62857": "Indosat Ooredoo Hutchison",
    "62858": "Indosat Ooredoo Hutchison", "62859": "XL", "62877": "XL", "62878": "XL", "62879": "XL",
    "62881": "Smartfren", "62882": "Smartfren", "62883": "Smartfren", "62887": "Smartfren", "62888": "Smartfren",
    "62889": "Smartfren", "62895": "Indosat Ooredoo Hutchison", "62896": "Indosat Ooredoo Hutchison",
    "62897": "Indosat Ooredoo Hutchison", "62898": "Indosat Ooredoo Hutchison", "62899": "Indosat Ooredoo Hutchison",
}
LONGEST_PREFIX = max(map(len, OPERATORS))


def operator_for(e164: str) -> str:
    """The operator of a valid Indonesian mobile number ("+62…"), "" when its prefix is not listed.

    As phonenumbers.carrier.name_for_number(number, "en") for such a number: the longest listed prefix wins.
    """
    digits = e164.removeprefix("+")
    for length in range(min(LONGEST_PREFIX, len(digits)), 0, -1):
        name = OPERATORS.get(digits[:length])
        if name is not None:
            return name
    return ""
