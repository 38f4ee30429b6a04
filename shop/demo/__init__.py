"""Deterministic demo shops for both profiles, at any size."""

# (role, name, email, phone, password): the demo logins `make run` prints and the README lists.
DEMO_STAFF = [
    ("owner", "Karim Mansouri", "owner@example.com", "+21620111001", "owner-demo-2026"),
    ("manager", "Salma Haddad", "manager@example.com", "+21620111002", "manager-demo-2026"),
    ("staff", "Amine Belhadj", "staff@example.com", "+21620111003", "staff-demo-2026"),
    ("driver", "Hamza Jebali", "driver1@example.com", "+21620111004", "driver1-demo-2026"),
    ("driver", "Mehdi Ouali", "driver2@example.com", "+21620111005", "driver2-demo-2026"),
]
# The same people with a local mobile number in a Moroccan shop.
STAFF_PHONES = {
    "TN": [phone for _, _, _, phone, _ in DEMO_STAFF],
    "MA": ["+212612111001", "+212612111002", "+212612111003", "+212612111004", "+212612111005"],
}


def demo_staff(country):
    """DEMO_STAFF with phone numbers of `country` (Tunisian ones for any other country)."""
    phones = STAFF_PHONES.get(country, STAFF_PHONES["TN"])
    return [
        (role, name, email, phone, password)
        for (role, name, email, _, password), phone in zip(DEMO_STAFF, phones, strict=True)
    ]
