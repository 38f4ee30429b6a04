"""The auto-parts demo catalog: brands, category tree, part types, vehicles and reference formats.

In reference patterns `#` is a digit and `@` an upper-case letter; everything else is literal.
Prices are in TND.
"""

from dataclasses import dataclass, field

HOME_CURRENCY = "TND"


@dataclass(frozen=True)
class PartType:
    """One kind of part sold in a leaf category, with what its products look like."""

    brands: tuple
    # (name_fr, name_ar, fixed attributes); names take {brand} and any attribute as placeholders.
    variants: tuple
    price: tuple
    kg: tuple
    share: int
    attributes: dict = field(default_factory=dict)
    fits_vehicles: bool = True
    # The price range is per unit of this attribute (litres of oil, for instance).
    price_per: str | None = None
    low_stock_threshold: int = 2


# (name, name_ar, SKU prefix, GS1 country prefix of its barcodes)
BRANDS = [
    ("Bosch", "بوش", "BOS", "40"),
    ("Valeo", "فاليو", "VAL", "3"),
    ("TRW", "تي آر دبليو", "TRW", "40"),
    ("Brembo", "بريمبو", "BRE", "80"),
    ("Ferodo", "فيرودو", "FER", "50"),
    ("Textar", "تكستار", "TEX", "40"),
    ("ATE", "آتي", "ATE", "40"),
    ("Mann-Filter", "مان فلتر", "MAN", "40"),
    ("Mahle", "ماهله", "MAH", "40"),
    ("Purflux", "بورفلوكس", "PUR", "3"),
    ("Febi Bilstein", "فيبي بيلشتاين", "FEB", "40"),
    ("SKF", "إس كا إف", "SKF", "73"),
    ("Gates", "غيتس", "GAT", "54"),
    ("Dayco", "دايكو", "DAY", "80"),
    ("Continental", "كونتيننتال", "CON", "40"),
    ("INA", "إينا", "INA", "40"),
    ("NGK", "إن جي كي", "NGK", "49"),
    ("Champion", "شامبيون", "CHA", "50"),
    ("Denso", "دينسو", "DEN", "49"),
    ("Beru", "بيرو", "BER", "40"),
    ("Monroe", "مونرو", "MON", "54"),
    ("Sachs", "ساكس", "SAC", "40"),
    ("KYB", "كي واي بي", "KYB", "49"),
    ("LuK", "لوك", "LUK", "40"),
    ("Varta", "فارتا", "VAR", "40"),
    ("Assad", "أسعد", "ASS", "619"),
    ("Castrol", "كاسترول", "CAS", "50"),
    ("Total", "توتال", "TOT", "3"),
    ("Mobil", "موبيل", "MOB", "0"),
    ("Shell", "شل", "SHE", "87"),
    ("Elf", "إلف", "ELF", "3"),
    ("Motul", "موتول", "MOT", "3"),
    ("Philips", "فيليبس", "PHI", "87"),
    ("Osram", "أوسرام", "OSR", "40"),
    ("Hella", "هيلا", "HEL", "40"),
]

# Part numbers of the parts makers, used as cross references.
BRAND_REFERENCES = {
    "Bosch": ("0 986 4## ###", "F 026 4## ###", "0 242 2## ###", "1 987 9## ###"),
    "Valeo": ("8#####", "58####"),
    "TRW": ("GDB####", "DF####", "JTE####"),
    "Brembo": ("P ## ###", "09.@###.1#"),
    "Ferodo": ("FDB####", "DDF####"),
    "Textar": ("2####01", "92######"),
    "ATE": ("13.0460-####.2", "24.0122-0###.1"),
    "Mann-Filter": ("W ###/#", "C ## ###", "CU ####", "WK ###/#", "HU ###/# x"),
    "Mahle": ("OC ###", "LX ####", "LA ###", "KL ###"),
    "Purflux": ("L###", "A####", "AH###", "C###"),
    "Febi Bilstein": ("#####",),
    "SKF": ("VKBA ####", "VKMA 0####", "VKPC 8####", "VKDS 3####"),
    "Gates": ("K0#####XS", "5####XS", "KP#####XS-1"),
    "Dayco": ("KTB###", "KTBWP####", "94####"),
    "Continental": ("CT####K#", "CT####WP#"),
    "INA": ("530 0###.10", "531 0###.10"),
    "NGK": ("BKR#E", "BKR#EIX", "ZFR#F-11", "PFR#Q"),
    "Champion": ("RC##YCC", "OE###"),
    "Denso": ("K##TT", "IK##TT", "DCP#####"),
    "Beru": ("Z ###", "ZS ###"),
    "Monroe": ("G####", "E####", "V####"),
    "Sachs": ("3000 951 ###", "3## ###"),
    "KYB": ("33####", "34####"),
    "LuK": ("6## 3### 00", "5## 0### 10"),
    "Varta": ("5## 0## 0##",),
}

# Vehicle makers' own part numbers (OEM references), by make.
OEM_REFERENCES = {
    "Renault": ("7701######", "8200######", "4106#####R", "41 06 0## Q0A"),
    "Dacia": ("7701######", "8200######", "4106#####R", "6001######"),
    "Peugeot": ("4254.@#", "4246.##", "1609######", "98########"),
    "Citroën": ("4254.@#", "4246.##", "1609######", "98########"),
    "Volkswagen": ("#@0 ### ### @", "#@0 ### ###"),
    "Seat": ("#@0 ### ### @", "#@0 ### ###"),
    "Skoda": ("#@0 ### ### @", "#@0 ### ###"),
    "Toyota": ("0446#-0@0#0", "04152-YZZ#@", "90919-01###"),
    "Hyundai": ("#####-#@@##", "26300-35###"),
    "Kia": ("#####-#@@##", "26300-35###"),
    "Fiat": ("77######", "5#######", "46######"),
    "Isuzu": ("8-97######-0", "8-98######-0"),
    "Mitsubishi": ("MZ######", "MN######", "MR######"),
    "Suzuki": ("#####-##@#0", "55810-##@##"),
    "Mazda": ("@@##-33-##@", "@@##-14-###"),
    "Chery": ("T11-#######", "J69-#######"),
}

# (make, make_ar, model, model_ar, [(generation, year_from, year_to, engines)])
VEHICLES = [
    (
        "Renault",
        "رينو",
        "Clio",
        "كليو",
        [
            ("II", 1998, 2005, "1.2 8V, 1.4 8V, 1.5 dCi"),
            ("III", 2005, 2012, "1.2 16V, 1.4 16V, 1.5 dCi"),
            ("IV", 2012, 2019, "1.2 16V, 0.9 TCe, 1.5 dCi"),
            ("V", 2019, None, "1.0 SCe, 1.0 TCe, 1.5 Blue dCi"),
        ],
    ),
    (
        "Renault",
        "رينو",
        "Symbol",
        "سامبول",
        [
            ("I", 1999, 2008, "1.4 8V, 1.5 dCi"),
            ("II", 2008, 2013, "1.2 16V, 1.5 dCi"),
            ("III", 2013, 2021, "1.2 16V, 1.5 dCi"),
        ],
    ),
    (
        "Renault",
        "رينو",
        "Mégane",
        "ميغان",
        [
            ("II", 2002, 2008, "1.4 16V, 1.6 16V, 1.5 dCi"),
            ("III", 2008, 2016, "1.6 16V, 1.5 dCi, 1.2 TCe"),
            ("IV", 2016, None, "1.3 TCe, 1.5 dCi"),
        ],
    ),
    (
        "Renault",
        "رينو",
        "Kangoo",
        "كانغو",
        [
            ("I", 1997, 2007, "1.4 8V, 1.5 dCi, 1.9 D"),
            ("II", 2008, 2021, "1.6 16V, 1.5 dCi"),
            ("III", 2021, None, "1.3 TCe, 1.5 Blue dCi"),
        ],
    ),
    (
        "Dacia",
        "داسيا",
        "Logan",
        "لوغان",
        [
            ("I", 2004, 2012, "1.4 MPI, 1.6 MPI, 1.5 dCi"),
            ("II", 2012, 2020, "1.2 16V, 0.9 TCe, 1.5 dCi"),
            ("III", 2020, None, "1.0 SCe, 1.0 TCe, 1.5 Blue dCi"),
        ],
    ),
    (
        "Dacia",
        "داسيا",
        "Sandero",
        "سانديرو",
        [
            ("I", 2008, 2012, "1.4 MPI, 1.6 MPI, 1.5 dCi"),
            ("II", 2012, 2020, "1.2 16V, 0.9 TCe, 1.5 dCi"),
            ("III", 2020, None, "1.0 SCe, 1.0 TCe"),
        ],
    ),
    (
        "Dacia",
        "داسيا",
        "Duster",
        "داستر",
        [
            ("I", 2010, 2017, "1.6 16V, 1.5 dCi"),
            ("II", 2017, 2024, "1.6 SCe, 1.3 TCe, 1.5 dCi"),
            ("III", 2024, None, "1.0 TCe, 1.2 TCe hybride"),
        ],
    ),
    (
        "Dacia",
        "داسيا",
        "Dokker",
        "دوكر",
        [
            ("", 2012, 2021, "1.6 MPI, 1.5 dCi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "206",
        "206",
        [
            ("", 1998, 2010, "1.1, 1.4, 1.4 HDi, 1.6 HDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "206+",
        "206+",
        [
            ("", 2009, 2013, "1.1, 1.4, 1.4 HDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "207",
        "207",
        [
            ("", 2006, 2014, "1.4 VTi, 1.6 VTi, 1.4 HDi, 1.6 HDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "208",
        "208",
        [
            ("I", 2012, 2019, "1.0 VTi, 1.2 PureTech, 1.6 HDi"),
            ("II", 2019, None, "1.2 PureTech, 1.5 BlueHDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "301",
        "301",
        [
            ("", 2012, 2022, "1.2 PureTech, 1.6 VTi, 1.6 HDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "308",
        "308",
        [
            ("I", 2007, 2013, "1.6 VTi, 1.6 HDi"),
            ("II", 2013, 2021, "1.2 PureTech, 1.6 BlueHDi"),
            ("III", 2021, None, "1.2 PureTech, 1.5 BlueHDi"),
        ],
    ),
    (
        "Peugeot",
        "بيجو",
        "Partner",
        "بارتنر",
        [
            ("I", 1996, 2008, "1.4, 1.9 D, 2.0 HDi"),
            ("II", 2008, 2018, "1.6 HDi, 1.6 VTi"),
            ("III", 2018, None, "1.5 BlueHDi, 1.2 PureTech"),
        ],
    ),
    (
        "Citroën",
        "سيتروين",
        "C3",
        "سي 3",
        [
            ("I", 2002, 2009, "1.1, 1.4, 1.4 HDi"),
            ("II", 2009, 2016, "1.2 VTi, 1.4 VTi, 1.6 HDi"),
            ("III", 2016, None, "1.2 PureTech, 1.5 BlueHDi"),
        ],
    ),
    (
        "Citroën",
        "سيتروين",
        "C-Elysée",
        "سي إليزيه",
        [
            ("", 2012, 2022, "1.2 PureTech, 1.6 VTi, 1.6 HDi"),
        ],
    ),
    (
        "Citroën",
        "سيتروين",
        "Berlingo",
        "بيرلينغو",
        [
            ("I", 1996, 2008, "1.4, 1.9 D, 2.0 HDi"),
            ("II", 2008, 2018, "1.6 HDi, 1.6 VTi"),
            ("III", 2018, None, "1.5 BlueHDi, 1.2 PureTech"),
        ],
    ),
    (
        "Volkswagen",
        "فولكسفاغن",
        "Polo",
        "بولو",
        [
            ("IV", 2001, 2009, "1.2, 1.4 16V, 1.4 TDI"),
            ("V", 2009, 2017, "1.2 TSI, 1.4 16V, 1.6 TDI"),
            ("VI", 2017, None, "1.0 MPI, 1.0 TSI, 1.6 TDI"),
        ],
    ),
    (
        "Volkswagen",
        "فولكسفاغن",
        "Golf",
        "غولف",
        [
            ("IV", 1997, 2003, "1.4 16V, 1.6, 1.9 TDI"),
            ("V", 2003, 2008, "1.4 16V, 1.6 FSI, 1.9 TDI"),
            ("VI", 2008, 2012, "1.4 TSI, 1.6 TDI, 2.0 TDI"),
            ("VII", 2012, 2019, "1.2 TSI, 1.4 TSI, 1.6 TDI, 2.0 TDI"),
            ("VIII", 2019, None, "1.0 eTSI, 1.5 TSI, 2.0 TDI"),
        ],
    ),
    (
        "Volkswagen",
        "فولكسفاغن",
        "Caddy",
        "كادي",
        [
            ("III", 2003, 2015, "1.6, 1.9 TDI, 1.6 TDI"),
            ("IV", 2015, 2020, "1.2 TSI, 2.0 TDI"),
        ],
    ),
    (
        "Seat",
        "سيات",
        "Ibiza",
        "إيبيزا",
        [
            ("III", 2002, 2008, "1.2, 1.4 16V, 1.9 TDI"),
            ("IV", 2008, 2017, "1.2 TSI, 1.4 16V, 1.6 TDI"),
            ("V", 2017, None, "1.0 MPI, 1.0 TSI, 1.6 TDI"),
        ],
    ),
    (
        "Skoda",
        "سكودا",
        "Octavia",
        "أوكتافيا",
        [
            ("II", 2004, 2013, "1.4 MPI, 1.6 MPI, 1.9 TDI"),
            ("III", 2013, 2020, "1.2 TSI, 1.4 TSI, 1.6 TDI"),
            ("IV", 2020, None, "1.0 TSI, 1.5 TSI, 2.0 TDI"),
        ],
    ),
    (
        "Kia",
        "كيا",
        "Picanto",
        "بيكانتو",
        [
            ("I", 2004, 2011, "1.0, 1.1"),
            ("II", 2011, 2017, "1.0, 1.25"),
            ("III", 2017, None, "1.0, 1.25"),
        ],
    ),
    (
        "Kia",
        "كيا",
        "Rio",
        "ريو",
        [
            ("II", 2005, 2011, "1.4, 1.5 CRDi"),
            ("III", 2011, 2017, "1.25, 1.4, 1.4 CRDi"),
            ("IV", 2017, None, "1.25, 1.4"),
        ],
    ),
    (
        "Hyundai",
        "هيونداي",
        "i10",
        "آي 10",
        [
            ("I", 2007, 2013, "1.1, 1.2"),
            ("II", 2013, 2019, "1.0, 1.2"),
            ("III", 2019, None, "1.0, 1.2"),
        ],
    ),
    (
        "Hyundai",
        "هيونداي",
        "i20",
        "آي 20",
        [
            ("I", 2008, 2014, "1.2, 1.4, 1.4 CRDi"),
            ("II", 2014, 2020, "1.2, 1.4 CRDi"),
            ("III", 2020, None, "1.0 T-GDi, 1.2"),
        ],
    ),
    (
        "Hyundai",
        "هيونداي",
        "Accent",
        "أكسنت",
        [
            ("III", 2005, 2010, "1.4, 1.5 CRDi"),
            ("IV", 2010, 2017, "1.4, 1.6, 1.6 CRDi"),
            ("V", 2017, 2022, "1.4, 1.6 CRDi"),
        ],
    ),
    (
        "Fiat",
        "فيات",
        "Punto",
        "بونتو",
        [
            ("II", 1999, 2010, "1.2, 1.3 Multijet"),
            ("III", 2005, 2018, "1.2, 1.4, 1.3 Multijet"),
        ],
    ),
    (
        "Fiat",
        "فيات",
        "Palio",
        "باليو",
        [
            ("I", 1996, 2017, "1.2, 1.4, 1.7 TD"),
        ],
    ),
    (
        "Fiat",
        "فيات",
        "Tipo",
        "تيبو",
        [
            ("", 2015, None, "1.4, 1.3 Multijet, 1.6 Multijet"),
        ],
    ),
    (
        "Toyota",
        "تويوتا",
        "Yaris",
        "ياريس",
        [
            ("II", 2005, 2011, "1.0 VVT-i, 1.3 VVT-i, 1.4 D-4D"),
            ("III", 2011, 2020, "1.0 VVT-i, 1.33 Dual VVT-i, 1.4 D-4D"),
            ("IV", 2020, None, "1.0, 1.5 hybride"),
        ],
    ),
    (
        "Toyota",
        "تويوتا",
        "Corolla",
        "كورولا",
        [
            ("E150", 2006, 2013, "1.4 VVT-i, 1.6 Dual VVT-i, 1.4 D-4D"),
            ("E170", 2013, 2019, "1.6 Dual VVT-i, 1.4 D-4D"),
            ("E210", 2019, None, "1.6, 1.8 hybride"),
        ],
    ),
    (
        "Toyota",
        "تويوتا",
        "Hilux",
        "هايلوكس",
        [
            ("VII", 2004, 2015, "2.5 D-4D, 3.0 D-4D"),
            ("VIII", 2015, None, "2.4 D-4D, 2.8 D-4D"),
        ],
    ),
    (
        "Isuzu",
        "إيسوزو",
        "D-Max",
        "دي ماكس",
        [
            ("I", 2002, 2012, "2.5 TD, 3.0 TD"),
            ("II", 2012, 2020, "2.5 TD, 1.9 Ddi"),
            ("III", 2020, None, "1.9 Ddi"),
        ],
    ),
    (
        "Mitsubishi",
        "ميتسوبيشي",
        "L200",
        "L200",
        [
            ("IV", 2005, 2015, "2.5 DI-D"),
            ("V", 2015, None, "2.4 DI-D"),
        ],
    ),
    (
        "Suzuki",
        "سوزوكي",
        "Swift",
        "سويفت",
        [
            ("III", 2004, 2010, "1.3, 1.5"),
            ("IV", 2010, 2017, "1.2, 1.3 DDiS"),
            ("V", 2017, 2024, "1.0 Boosterjet, 1.2 Dualjet"),
        ],
    ),
    (
        "Suzuki",
        "سوزوكي",
        "Celerio",
        "سيليريو",
        [
            ("", 2014, 2021, "1.0"),
        ],
    ),
    (
        "Mazda",
        "مازدا",
        "Mazda2",
        "مازدا 2",
        [
            ("DE", 2007, 2014, "1.3, 1.5"),
            ("DJ", 2014, None, "1.5 Skyactiv-G"),
        ],
    ),
    (
        "Mazda",
        "مازدا",
        "Mazda3",
        "مازدا 3",
        [
            ("BL", 2009, 2013, "1.6, 2.0"),
            ("BM", 2013, 2018, "1.5 Skyactiv-G, 2.0 Skyactiv-G"),
            ("BP", 2019, None, "2.0 Skyactiv-G"),
        ],
    ),
    (
        "Chery",
        "شيري",
        "Tiggo 2",
        "تيغو 2",
        [
            ("", 2017, None, "1.5"),
        ],
    ),
    (
        "Chery",
        "شيري",
        "Tiggo 7",
        "تيغو 7",
        [
            ("", 2016, None, "1.5 T, 1.6 TGDI"),
        ],
    ),
]

# Vehicles that share parts (same platform or engine family); a part fits some of one group.
VEHICLE_GROUPS = [
    [
        ("Clio", "II"),
        ("Clio", "III"),
        ("Symbol", "I"),
        ("Symbol", "II"),
        ("Kangoo", "I"),
        ("Logan", "I"),
        ("Sandero", "I"),
    ],
    [
        ("Clio", "IV"),
        ("Symbol", "III"),
        ("Logan", "II"),
        ("Sandero", "II"),
        ("Dokker", ""),
        ("Duster", "I"),
        ("Kangoo", "II"),
    ],
    [
        ("Clio", "V"),
        ("Mégane", "III"),
        ("Mégane", "IV"),
        ("Logan", "III"),
        ("Sandero", "III"),
        ("Duster", "II"),
        ("Duster", "III"),
        ("Kangoo", "III"),
        ("Mégane", "II"),
    ],
    [
        ("206", ""),
        ("206+", ""),
        ("207", ""),
        ("C3", "I"),
        ("C3", "II"),
        ("Partner", "I"),
        ("Berlingo", "I"),
    ],
    [
        ("208", "I"),
        ("208", "II"),
        ("301", ""),
        ("C-Elysée", ""),
        ("C3", "III"),
        ("308", "I"),
        ("308", "II"),
        ("308", "III"),
        ("Partner", "II"),
        ("Partner", "III"),
        ("Berlingo", "II"),
        ("Berlingo", "III"),
    ],
    [
        ("Polo", "IV"),
        ("Polo", "V"),
        ("Polo", "VI"),
        ("Ibiza", "III"),
        ("Ibiza", "IV"),
        ("Ibiza", "V"),
    ],
    [
        ("Golf", "IV"),
        ("Golf", "V"),
        ("Golf", "VI"),
        ("Golf", "VII"),
        ("Golf", "VIII"),
        ("Caddy", "III"),
        ("Caddy", "IV"),
        ("Octavia", "II"),
        ("Octavia", "III"),
        ("Octavia", "IV"),
    ],
    [
        ("Picanto", "I"),
        ("Picanto", "II"),
        ("Picanto", "III"),
        ("i10", "I"),
        ("i10", "II"),
        ("i10", "III"),
    ],
    [
        ("Rio", "II"),
        ("Rio", "III"),
        ("Rio", "IV"),
        ("i20", "I"),
        ("i20", "II"),
        ("i20", "III"),
        ("Accent", "III"),
        ("Accent", "IV"),
        ("Accent", "V"),
    ],
    [("Punto", "II"), ("Punto", "III"), ("Palio", "I"), ("Tipo", "")],
    [
        ("Yaris", "II"),
        ("Yaris", "III"),
        ("Yaris", "IV"),
        ("Corolla", "E150"),
        ("Corolla", "E170"),
        ("Corolla", "E210"),
    ],
    [
        ("Swift", "III"),
        ("Swift", "IV"),
        ("Swift", "V"),
        ("Celerio", ""),
        ("Mazda2", "DE"),
        ("Mazda2", "DJ"),
        ("Mazda3", "BL"),
        ("Mazda3", "BM"),
        ("Mazda3", "BP"),
    ],
    [
        ("Hilux", "VII"),
        ("Hilux", "VIII"),
        ("D-Max", "I"),
        ("D-Max", "II"),
        ("D-Max", "III"),
        ("L200", "IV"),
        ("L200", "V"),
    ],
    [("Tiggo 2", ""), ("Tiggo 7", "")],
]
# The cars Tunisian and Moroccan roads are full of get more parts.
GROUP_WEIGHTS = [14, 16, 10, 12, 14, 8, 8, 6, 7, 6, 5, 4, 5, 2]

BRAKE_BRANDS = ("Bosch", "TRW", "Brembo", "Ferodo", "Valeo", "Textar", "ATE")
FILTER_BRANDS = ("Mann-Filter", "Mahle", "Bosch", "Purflux", "Valeo", "Febi Bilstein")
BELT_BRANDS = ("Gates", "Dayco", "Continental", "SKF", "INA", "Febi Bilstein")
IGNITION_BRANDS = ("NGK", "Bosch", "Champion", "Denso", "Beru")
OIL_BRANDS = ("Castrol", "Total", "Mobil", "Shell", "Elf", "Motul")
PARTS = {
    "brake_pads": PartType(
        BRAKE_BRANDS,
        (
            (
                "Plaquettes de frein avant {brand}",
                "وسادات فرامل أمامية {brand}",
                {"position": "avant"},
            ),
            (
                "Plaquettes de frein arrière {brand}",
                "وسادات فرامل خلفية {brand}",
                {"position": "arrière"},
            ),
        ),
        (45, 190),
        (0.8, 2.4),
        14,
        {"épaisseur_mm": [15.8, 17.3, 17.5, 18.0, 19.5, 20.3], "témoin_usure": [True, False]},
    ),
    "brake_discs": PartType(
        BRAKE_BRANDS,
        (
            ("Disques de frein avant {brand}", "أقراص فرامل أمامية {brand}", {"position": "avant"}),
            (
                "Disques de frein arrière {brand}",
                "أقراص فرامل خلفية {brand}",
                {"position": "arrière"},
            ),
        ),
        (90, 380),
        (6, 14),
        9,
        {
            "diamètre_mm": [238, 247, 258, 260, 266, 280, 283, 288, 302, 312],
            "épaisseur_mm": [10, 12, 20, 22, 24, 26],
            "type": ["ventilé", "plein"],
        },
    ),
    "brake_drums": PartType(
        ("Bosch", "TRW", "Ferodo", "Valeo"),
        (
            (
                "Mâchoires de frein arrière {brand}",
                "فكوك فرامل خلفية {brand}",
                {"position": "arrière"},
            ),
            (
                "Tambours de frein arrière {brand}",
                "طنابير فرامل خلفية {brand}",
                {"position": "arrière"},
            ),
        ),
        (60, 260),
        (1.5, 8),
        4,
        {"diamètre_mm": [180, 203, 228]},
    ),
    "calipers": PartType(
        ("Bosch", "TRW", "ATE", "Febi Bilstein"),
        (
            (
                "Étrier de frein avant gauche {brand}",
                "ملقط فرامل أمامي أيسر {brand}",
                {"position": "avant", "côté": "gauche"},
            ),
            (
                "Étrier de frein avant droit {brand}",
                "ملقط فرامل أمامي أيمن {brand}",
                {"position": "avant", "côté": "droit"},
            ),
        ),
        (160, 520),
        (2.5, 5),
        3,
        {"piston_mm": [48, 52, 54, 57]},
    ),
    "brake_hoses": PartType(
        ("TRW", "Bosch", "Febi Bilstein", "ATE"),
        (
            ("Flexible de frein avant {brand}", "خرطوم فرامل أمامي {brand}", {"position": "avant"}),
            (
                "Flexible de frein arrière {brand}",
                "خرطوم فرامل خلفي {brand}",
                {"position": "arrière"},
            ),
        ),
        (15, 45),
        (0.2, 0.4),
        3,
        {"longueur_mm": [300, 350, 400, 450, 500, 550]},
    ),
    "oil_filters": PartType(
        FILTER_BRANDS,
        (("Filtre à huile {brand}", "فلتر الزيت {brand}", {}),),
        (12, 48),
        (0.2, 0.5),
        10,
        {"type": ["vissé", "cartouche"], "hauteur_mm": [65, 76, 86, 98, 123, 142]},
        low_stock_threshold=5,
    ),
    "air_filters": PartType(
        FILTER_BRANDS,
        (("Filtre à air {brand}", "فلتر الهواء {brand}", {}),),
        (18, 75),
        (0.2, 0.6),
        8,
        {"forme": ["rectangulaire", "rond"]},
        low_stock_threshold=5,
    ),
    "cabin_filters": PartType(
        FILTER_BRANDS,
        (
            ("Filtre d'habitacle {brand}", "فلتر هواء المقصورة {brand}", {"type": "standard"}),
            (
                "Filtre d'habitacle à charbon actif {brand}",
                "فلتر هواء المقصورة بالكربون النشط {brand}",
                {"type": "charbon actif"},
            ),
        ),
        (18, 70),
        (0.1, 0.4),
        6,
        low_stock_threshold=4,
    ),
    "fuel_filters": PartType(
        FILTER_BRANDS,
        (("Filtre à carburant {brand}", "فلتر الوقود {brand}", {}),),
        (22, 95),
        (0.2, 0.6),
        5,
        {"carburant": ["diesel", "essence"]},
        low_stock_threshold=4,
    ),
    "timing_kits": PartType(
        BELT_BRANDS,
        (
            ("Kit de distribution {brand}", "طقم التوقيت {brand}", {"avec_pompe_à_eau": False}),
            (
                "Kit de distribution avec pompe à eau {brand}",
                "طقم التوقيت مع مضخة الماء {brand}",
                {"avec_pompe_à_eau": True},
            ),
        ),
        (180, 650),
        (1.2, 3.5),
        6,
        {"dents": [97, 114, 121, 123, 131, 136, 150]},
    ),
    "timing_belts": PartType(
        ("Gates", "Dayco", "Continental", "Bosch"),
        (("Courroie de distribution {brand}", "سير التوقيت {brand}", {}),),
        (35, 120),
        (0.1, 0.3),
        3,
        {"dents": [97, 114, 121, 123, 131, 136, 150], "largeur_mm": [17, 19, 22, 25]},
    ),
    "water_pumps": PartType(
        ("SKF", "Gates", "Dayco", "Febi Bilstein", "Valeo"),
        (("Pompe à eau {brand}", "مضخة الماء {brand}", {}),),
        (70, 240),
        (0.8, 2.5),
        4,
        {"roue": ["métal", "plastique"]},
    ),
    "drive_belts": PartType(
        ("Gates", "Dayco", "Continental", "Bosch", "SKF"),
        (("Courroie d'accessoires {profil} {brand}", "سير الملحقات {profil} {brand}", {}),),
        (25, 85),
        (0.1, 0.3),
        4,
        {"profil": ["6PK1070", "5PK1125", "6PK1538", "4PK855", "6PK1200", "6PK1873"]},
    ),
    "idlers": PartType(
        ("INA", "SKF", "Gates", "Dayco", "Febi Bilstein"),
        (
            ("Galet tendeur {brand}", "بكرة الشد {brand}", {}),
            ("Galet enrouleur {brand}", "بكرة التوجيه {brand}", {}),
        ),
        (40, 160),
        (0.3, 0.8),
        3,
        {"diamètre_mm": [60, 65, 70, 76]},
    ),
    "spark_plugs": PartType(
        IGNITION_BRANDS,
        (("Bougie d'allumage {brand}", "شمعة الإشعال {brand}", {}),),
        (8, 45),
        (0.05, 0.08),
        5,
        {"type": ["nickel", "platine", "iridium"]},
        low_stock_threshold=8,
    ),
    "glow_plugs": PartType(
        IGNITION_BRANDS,
        (("Bougie de préchauffage {brand}", "شمعة التسخين {brand}", {}),),
        (18, 70),
        (0.05, 0.1),
        3,
        {"tension_v": [4.4, 11, 12]},
        low_stock_threshold=8,
    ),
    "coils": PartType(
        ("Bosch", "Valeo", "Beru", "Denso", "NGK"),
        (("Bobine d'allumage {brand}", "وشيعة الإشعال {brand}", {}),),
        (75, 260),
        (0.3, 0.9),
        3,
    ),
    "radiators": PartType(
        ("Valeo", "Mahle", "Denso"),
        (("Radiateur de refroidissement {brand}", "مبرد المحرك (رادياتير) {brand}", {}),),
        (180, 560),
        (3, 7),
        3,
        {"boîte": ["manuelle", "automatique"], "climatisation": [True, False]},
    ),
    "thermostats": PartType(
        ("Mahle", "Gates", "Febi Bilstein", "Valeo"),
        (("Thermostat {brand}", "ترموستات {brand}", {}),),
        (30, 130),
        (0.1, 0.4),
        2,
        {"température_ouverture_c": [83, 87, 89, 92]},
    ),
    "shock_absorbers": PartType(
        ("Monroe", "Sachs", "KYB"),
        (
            ("Amortisseur avant {brand}", "ممتص صدمات أمامي {brand}", {"position": "avant"}),
            ("Amortisseur arrière {brand}", "ممتص صدمات خلفي {brand}", {"position": "arrière"}),
        ),
        (95, 380),
        (2, 5),
        7,
        {"type": ["gaz", "huile"]},
    ),
    "ball_joints": PartType(
        ("TRW", "Febi Bilstein", "Monroe"),
        (
            ("Rotule de direction {brand}", "كرة التوجيه {brand}", {}),
            ("Biellette de barre stabilisatrice {brand}", "ذراع عمود التوازن {brand}", {}),
            ("Rotule de suspension {brand}", "كرة التعليق {brand}", {}),
        ),
        (25, 110),
        (0.3, 1.2),
        5,
        {"côté": ["gauche", "droit", "gauche et droit"]},
    ),
    "wheel_bearings": PartType(
        ("SKF", "Febi Bilstein"),
        (
            (
                "Kit de roulement de roue avant {brand}",
                "طقم محمل العجلة الأمامية {brand}",
                {"position": "avant"},
            ),
            (
                "Kit de roulement de roue arrière {brand}",
                "طقم محمل العجلة الخلفية {brand}",
                {"position": "arrière"},
            ),
        ),
        (60, 240),
        (0.5, 2),
        4,
        {"abs": [True, False], "diamètre_extérieur_mm": [64, 68, 72, 84]},
    ),
    "control_arms": PartType(
        ("TRW", "Febi Bilstein", "Monroe"),
        (
            (
                "Bras de suspension avant gauche {brand}",
                "ذراع تعليق أمامي أيسر {brand}",
                {"côté": "gauche"},
            ),
            (
                "Bras de suspension avant droit {brand}",
                "ذراع تعليق أمامي أيمن {brand}",
                {"côté": "droit"},
            ),
        ),
        (90, 320),
        (2, 5),
        3,
    ),
    "clutch_kits": PartType(
        ("Valeo", "LuK", "Sachs"),
        (
            ("Kit d'embrayage {brand}", "طقم القابض (دبرياج) {brand}", {"pièces": 3}),
            (
                "Kit d'embrayage avec butée hydraulique {brand}",
                "طقم القابض مع محمل هيدروليكي {brand}",
                {"pièces": 4},
            ),
        ),
        (230, 850),
        (4, 8),
        5,
        {"diamètre_mm": [180, 190, 200, 215, 220, 228, 240]},
    ),
    "release_bearings": PartType(
        ("Valeo", "LuK", "Sachs", "SKF", "INA"),
        (
            ("Butée d'embrayage {brand}", "محمل القابض {brand}", {"type": "mécanique"}),
            (
                "Butée hydraulique d'embrayage {brand}",
                "محمل القابض الهيدروليكي {brand}",
                {"type": "hydraulique"},
            ),
        ),
        (45, 260),
        (0.2, 0.8),
        3,
    ),
    "flywheels": PartType(
        ("LuK", "Valeo", "Sachs"),
        (("Volant moteur bimasse {brand}", "حدافة ثنائية الكتلة {brand}", {}),),
        (750, 2200),
        (8, 14),
        1,
        low_stock_threshold=1,
    ),
    "batteries": PartType(
        ("Varta", "Bosch", "Assad"),
        (
            (
                "Batterie {brand} 12V {capacité_ah}Ah",
                "بطارية {brand} 12 فولت {capacité_ah} أمبير",
                {},
            ),
        ),
        (170, 520),
        (11, 24),
        5,
        {
            "capacité_ah": [45, 50, 60, 70, 74, 80, 95, 100],
            "démarrage_a": [400, 450, 540, 640, 680, 750, 800],
            "technologie": ["plomb-calcium", "EFB", "AGM"],
        },
    ),
    "alternators": PartType(
        ("Bosch", "Valeo", "Denso"),
        (("Alternateur {brand}", "مولد التيار (دينامو) {brand}", {}),),
        (320, 980),
        (4, 7),
        3,
        {"intensité_a": [70, 90, 110, 120, 150]},
        low_stock_threshold=1,
    ),
    "starters": PartType(
        ("Bosch", "Valeo", "Denso"),
        (("Démarreur {brand}", "محرك التشغيل (مارش) {brand}", {}),),
        (260, 850),
        (3, 6),
        3,
        {"puissance_kw": [0.9, 1.1, 1.4, 1.7, 2.0]},
        low_stock_threshold=1,
    ),
    "sensors": PartType(
        ("Bosch", "Valeo", "Denso", "Febi Bilstein", "NGK"),
        (
            ("Capteur ABS {brand}", "حساس ABS {brand}", {}),
            ("Sonde lambda {brand}", "حساس الأكسجين (لامدا) {brand}", {}),
            ("Capteur de vilebrequin {brand}", "حساس عمود المرفق {brand}", {}),
        ),
        (45, 320),
        (0.1, 0.3),
        4,
    ),
    "bulbs": PartType(
        ("Philips", "Osram", "Bosch", "Hella"),
        (
            ("Ampoule H7 12V 55W {brand}", "مصباح H7 12 فولت 55 واط {brand}", {"culot": "H7"}),
            (
                "Ampoule H4 12V 60/55W {brand}",
                "مصباح H4 12 فولت 60/55 واط {brand}",
                {"culot": "H4"},
            ),
            ("Ampoule H1 12V 55W {brand}", "مصباح H1 12 فولت 55 واط {brand}", {"culot": "H1"}),
            ("Ampoule H11 12V 55W {brand}", "مصباح H11 12 فولت 55 واط {brand}", {"culot": "H11"}),
            (
                "Ampoules W5W 12V 5W (x2) {brand}",
                "مصابيح W5W 12 فولت 5 واط (2) {brand}",
                {"culot": "W5W"},
            ),
            (
                "Ampoules P21W 12V 21W (x2) {brand}",
                "مصابيح P21W 12 فولت 21 واط (2) {brand}",
                {"culot": "P21W"},
            ),
        ),
        (6, 65),
        (0.02, 0.1),
        4,
        fits_vehicles=False,
        low_stock_threshold=10,
    ),
    "headlights": PartType(
        ("Valeo", "Hella"),
        (
            ("Phare avant gauche {brand}", "مصباح أمامي أيسر {brand}", {"côté": "gauche"}),
            ("Phare avant droit {brand}", "مصباح أمامي أيمن {brand}", {"côté": "droit"}),
        ),
        (180, 750),
        (2, 4),
        3,
        {"réglage": ["électrique", "manuel"]},
        low_stock_threshold=1,
    ),
    "tail_lights": PartType(
        ("Valeo", "Hella"),
        (
            ("Feu arrière gauche {brand}", "ضوء خلفي أيسر {brand}", {"côté": "gauche"}),
            ("Feu arrière droit {brand}", "ضوء خلفي أيمن {brand}", {"côté": "droit"}),
        ),
        (90, 380),
        (0.8, 2),
        2,
        low_stock_threshold=1,
    ),
    "engine_oils": PartType(
        OIL_BRANDS,
        (
            (
                "Huile moteur {brand} {viscosité} {volume_l}L",
                "زيت المحرك {brand} {viscosité} {volume_l} لتر",
                {},
            ),
        ),
        (20, 45),
        (0.9, 4.6),
        6,
        {
            "viscosité": ["5W-30", "5W-40", "10W-40", "15W-40", "0W-20", "20W-50"],
            "volume_l": [1, 4, 5],
            "norme": ["ACEA A3/B4", "ACEA C3", "API SN", "API CI-4"],
        },
        fits_vehicles=False,
        price_per="volume_l",
        low_stock_threshold=10,
    ),
    "coolants": PartType(
        ("Total", "Castrol", "Motul", "Elf"),
        (
            (
                "Liquide de refroidissement {brand} {protection} {volume_l}L",
                "سائل التبريد {brand} {protection} {volume_l} لتر",
                {},
            ),
        ),
        (8, 18),
        (1, 5.2),
        2,
        {"protection": ["-25°C", "-37°C"], "volume_l": [1, 2, 5]},
        fits_vehicles=False,
        price_per="volume_l",
        low_stock_threshold=10,
    ),
    "brake_fluids": PartType(
        ("Bosch", "Castrol", "Total", "ATE", "Motul"),
        (
            (
                "Liquide de frein {brand} {norme} {volume_l}L",
                "سائل الفرامل {brand} {norme} {volume_l} لتر",
                {},
            ),
        ),
        (20, 45),
        (0.5, 1.1),
        2,
        {"norme": ["DOT 4", "DOT 5.1"], "volume_l": [0.5, 1]},
        fits_vehicles=False,
        price_per="volume_l",
        low_stock_threshold=10,
    ),
    "gear_oils": PartType(
        OIL_BRANDS,
        (
            (
                "Huile de boîte {brand} {viscosité} {volume_l}L",
                "زيت علبة السرعة {brand} {viscosité} {volume_l} لتر",
                {},
            ),
        ),
        (25, 55),
        (1, 2.2),
        2,
        {"viscosité": ["75W-80", "75W-90", "80W-90", "ATF"], "volume_l": [1, 2]},
        fits_vehicles=False,
        price_per="volume_l",
        low_stock_threshold=6,
    ),
    "mirrors": PartType(
        ("Valeo", "Hella"),
        (
            (
                "Rétroviseur extérieur gauche {brand}",
                "مرآة جانبية يسرى {brand}",
                {"côté": "gauche"},
            ),
            ("Rétroviseur extérieur droit {brand}", "مرآة جانبية يمنى {brand}", {"côté": "droit"}),
        ),
        (70, 380),
        (0.8, 1.8),
        2,
        {"réglage": ["électrique", "manuel"], "dégivrant": [True, False]},
        low_stock_threshold=1,
    ),
    "wipers": PartType(
        ("Bosch", "Valeo", "Champion"),
        (
            (
                "Balais d'essuie-glace {longueur_mm} mm {brand}",
                "مساحات الزجاج {longueur_mm} مم {brand}",
                {},
            ),
        ),
        (18, 85),
        (0.2, 0.5),
        3,
        {
            "longueur_mm": [350, 400, 450, 475, 500, 530, 550, 600, 650],
            "type": ["plat", "standard"],
        },
        low_stock_threshold=4,
    ),
}

# (name_fr, name_ar, children): a child is a node of the same shape or a PARTS key for a leaf.
CATEGORIES = [
    (
        "Freinage",
        "الفرامل",
        [
            ("Plaquettes de frein", "وسادات الفرامل", "brake_pads"),
            ("Disques de frein", "أقراص الفرامل", "brake_discs"),
            ("Tambours et mâchoires", "الطنابير والفكوك", "brake_drums"),
            ("Étriers de frein", "ملاقط الفرامل", "calipers"),
            ("Flexibles de frein", "خراطيم الفرامل", "brake_hoses"),
        ],
    ),
    (
        "Filtration",
        "الفلاتر",
        [
            ("Filtres à huile", "فلاتر الزيت", "oil_filters"),
            ("Filtres à air", "فلاتر الهواء", "air_filters"),
            ("Filtres d'habitacle", "فلاتر هواء المقصورة", "cabin_filters"),
            ("Filtres à carburant", "فلاتر الوقود", "fuel_filters"),
        ],
    ),
    (
        "Moteur",
        "المحرك",
        [
            (
                "Distribution",
                "التوقيت",
                [
                    ("Kits de distribution", "أطقم التوقيت", "timing_kits"),
                    ("Courroies de distribution", "سيور التوقيت", "timing_belts"),
                    ("Pompes à eau", "مضخات الماء", "water_pumps"),
                ],
            ),
            (
                "Courroies et galets",
                "السيور والبكرات",
                [
                    ("Courroies d'accessoires", "سيور الملحقات", "drive_belts"),
                    ("Galets tendeurs et enrouleurs", "بكرات الشد والتوجيه", "idlers"),
                ],
            ),
            (
                "Allumage",
                "الإشعال",
                [
                    ("Bougies d'allumage", "شمعات الإشعال", "spark_plugs"),
                    ("Bougies de préchauffage", "شمعات التسخين", "glow_plugs"),
                    ("Bobines d'allumage", "وشائع الإشعال", "coils"),
                ],
            ),
            (
                "Refroidissement",
                "التبريد",
                [
                    ("Radiateurs", "المبردات (رادياتير)", "radiators"),
                    ("Thermostats", "الترموستات", "thermostats"),
                ],
            ),
        ],
    ),
    (
        "Suspension et direction",
        "التعليق والتوجيه",
        [
            ("Amortisseurs", "ممتصات الصدمات", "shock_absorbers"),
            ("Rotules et biellettes", "الكرات والأذرع", "ball_joints"),
            ("Roulements de roue", "محامل العجلات", "wheel_bearings"),
            ("Bras de suspension", "أذرع التعليق", "control_arms"),
        ],
    ),
    (
        "Embrayage",
        "القابض (الدبرياج)",
        [
            ("Kits d'embrayage", "أطقم القابض", "clutch_kits"),
            ("Butées d'embrayage", "محامل القابض", "release_bearings"),
            ("Volants moteur", "الحدافات", "flywheels"),
        ],
    ),
    (
        "Électricité",
        "الكهرباء",
        [
            ("Batteries", "البطاريات", "batteries"),
            ("Alternateurs", "مولدات التيار", "alternators"),
            ("Démarreurs", "محركات التشغيل", "starters"),
            ("Capteurs", "الحساسات", "sensors"),
        ],
    ),
    (
        "Éclairage",
        "الإضاءة",
        [
            ("Ampoules", "المصابيح", "bulbs"),
            ("Phares", "المصابيح الأمامية", "headlights"),
            ("Feux arrière", "الأضواء الخلفية", "tail_lights"),
        ],
    ),
    (
        "Huiles et liquides",
        "الزيوت والسوائل",
        [
            ("Huiles moteur", "زيوت المحرك", "engine_oils"),
            ("Liquides de refroidissement", "سوائل التبريد", "coolants"),
            ("Liquides de frein", "سوائل الفرامل", "brake_fluids"),
            ("Huiles de boîte", "زيوت علبة السرعة", "gear_oils"),
        ],
    ),
    (
        "Carrosserie",
        "الهيكل",
        [
            ("Rétroviseurs", "المرايا الجانبية", "mirrors"),
            ("Essuie-glaces", "مساحات الزجاج", "wipers"),
        ],
    ),
]
