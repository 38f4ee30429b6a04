"""Morocco for the demo shop: regions and main cities, delivery zones, stores, people's names."""

COUNTRY = "MA"
CURRENCY = "MAD"
TIMEZONE = "Africa/Casablanca"
# Mobile numbers are 06 or 07 followed by eight digits.
MOBILE_PREFIXES = ("6", "7")
NATIONAL_DIGITS = 9

# (ISO 3166-2 code, name_fr, name_ar, [(city_fr, city_ar, postcode or None), ...]).
# Casablanca's prefectures of arrondissements are listed on their own: the grocery delivers there.
# Postcodes only where they are well known; an empty one is better than an invented one.
REGIONS = [
    (
        "MA-01",
        "Tanger-Tétouan-Al Hoceïma",
        "طنجة تطوان الحسيمة",
        [
            ("Tanger", "طنجة", "90000"),
            ("Tétouan", "تطوان", "93000"),
            ("Al Hoceïma", "الحسيمة", "32000"),
            ("Larache", "العرائش", "92000"),
            ("Chefchaouen", "شفشاون", "91000"),
        ],
    ),
    (
        "MA-02",
        "L'Oriental",
        "الشرق",
        [
            ("Oujda", "وجدة", "60000"),
            ("Nador", "الناظور", "62000"),
            ("Berkane", "بركان", None),
            ("Taourirt", "تاوريرت", None),
        ],
    ),
    (
        "MA-03",
        "Fès-Meknès",
        "فاس مكناس",
        [
            ("Fès", "فاس", "30000"),
            ("Meknès", "مكناس", "50000"),
            ("Taza", "تازة", "35000"),
            ("Ifrane", "إفران", "53000"),
            ("Sefrou", "صفرو", None),
        ],
    ),
    (
        "MA-04",
        "Rabat-Salé-Kénitra",
        "الرباط سلا القنيطرة",
        [
            ("Rabat", "الرباط", "10000"),
            ("Salé", "سلا", "11000"),
            ("Témara", "تمارة", "12000"),
            ("Kénitra", "القنيطرة", "14000"),
            ("Khémisset", "الخميسات", "15000"),
        ],
    ),
    (
        "MA-05",
        "Béni Mellal-Khénifra",
        "بني ملال خنيفرة",
        [
            ("Béni Mellal", "بني ملال", "23000"),
            ("Khouribga", "خريبكة", "25000"),
            ("Khénifra", "خنيفرة", "54000"),
            ("Fquih Ben Salah", "الفقيه بن صالح", None),
        ],
    ),
    (
        "MA-06",
        "Casablanca-Settat",
        "الدار البيضاء سطات",
        [
            ("Casablanca", "الدار البيضاء", "20000"),
            ("Casablanca-Anfa", "الدار البيضاء أنفا", None),
            ("Maârif", "المعاريف", None),
            ("Sidi Belyout", "سيدي بليوط", None),
            ("Aïn Sebaâ", "عين السبع", None),
            ("Hay Mohammadi", "الحي المحمدي", None),
            ("Sidi Bernoussi", "سيدي البرنوصي", None),
            ("Aïn Chock", "عين الشق", None),
            ("Hay Hassani", "الحي الحسني", None),
            ("Ben M'Sick", "ابن امسيك", None),
            ("Sidi Moumen", "سيدي مومن", None),
            ("Bouskoura", "بوسكورة", None),
            ("Dar Bouazza", "دار بوعزة", None),
            ("Mohammedia", "المحمدية", None),
            ("Settat", "سطات", "26000"),
            ("El Jadida", "الجديدة", "24000"),
            ("Berrechid", "برشيد", None),
        ],
    ),
    (
        "MA-07",
        "Marrakech-Safi",
        "مراكش آسفي",
        [
            ("Marrakech", "مراكش", "40000"),
            ("Safi", "آسفي", "46000"),
            ("Essaouira", "الصويرة", "44000"),
            ("El Kelaâ des Sraghna", "قلعة السراغنة", None),
        ],
    ),
    (
        "MA-08",
        "Drâa-Tafilalet",
        "درعة تافيلالت",
        [
            ("Errachidia", "الرشيدية", "52000"),
            ("Ouarzazate", "ورزازات", "45000"),
            ("Zagora", "زاكورة", None),
            ("Tinghir", "تنغير", None),
            ("Midelt", "ميدلت", None),
        ],
    ),
    (
        "MA-09",
        "Souss-Massa",
        "سوس ماسة",
        [
            ("Agadir", "أكادير", "80000"),
            ("Inezgane", "إنزكان", None),
            ("Taroudant", "تارودانت", "83000"),
            ("Tiznit", "تيزنيت", "85000"),
        ],
    ),
    (
        "MA-10",
        "Guelmim-Oued Noun",
        "كلميم واد نون",
        [
            ("Guelmim", "كلميم", "81000"),
            ("Tan-Tan", "طانطان", None),
            ("Sidi Ifni", "سيدي إفني", None),
        ],
    ),
    (
        "MA-11",
        "Laâyoune-Sakia El Hamra",
        "العيون الساقية الحمراء",
        [
            ("Laâyoune", "العيون", "70000"),
            ("Boujdour", "بوجدور", None),
            ("Es-Semara", "السمارة", None),
            ("Tarfaya", "طرفاية", None),
        ],
    ),
    (
        "MA-12",
        "Dakhla-Oued Ed-Dahab",
        "الداخلة وادي الذهب",
        [
            ("Dakhla", "الداخلة", "73000"),
            ("Aousserd", "أوسرد", None),
            ("Bir Gandouz", "بئر كندوز", None),
        ],
    ),
]

# (name_fr, name_ar, fee, min_order, eta_hours_min, eta_hours_max, [(region code, city_fr)]);
# amounts in MAD. The grocery's own drivers cover Casablanca, Mohammedia and Rabat-Salé only.
ZONES = [
    (
        "Casablanca centre",
        "وسط الدار البيضاء",
        "15.00",
        "100.00",
        2,
        6,
        [
            ("MA-06", "Casablanca"),
            ("MA-06", "Casablanca-Anfa"),
            ("MA-06", "Maârif"),
            ("MA-06", "Sidi Belyout"),
        ],
    ),
    (
        "Grand Casablanca",
        "الدار البيضاء الكبرى",
        "25.00",
        "150.00",
        4,
        24,
        [
            ("MA-06", "Aïn Sebaâ"),
            ("MA-06", "Hay Mohammadi"),
            ("MA-06", "Sidi Bernoussi"),
            ("MA-06", "Aïn Chock"),
            ("MA-06", "Hay Hassani"),
            ("MA-06", "Ben M'Sick"),
            ("MA-06", "Sidi Moumen"),
            ("MA-06", "Bouskoura"),
            ("MA-06", "Dar Bouazza"),
        ],
    ),
    ("Mohammedia", "المحمدية", "30.00", "200.00", 24, 48, [("MA-06", "Mohammedia")]),
    (
        "Rabat-Salé",
        "الرباط سلا",
        "40.00",
        "250.00",
        24,
        48,
        [
            ("MA-04", "Rabat"),
            ("MA-04", "Salé"),
            ("MA-04", "Témara"),
        ],
    ),
]
ZONE_WEIGHTS = {"Casablanca centre": 45, "Grand Casablanca": 38, "Mohammedia": 7, "Rabat-Salé": 10}

# (code, name_fr, name_ar, city_fr, is_default)
LOCATIONS = [
    ("MAARIF", "Magasin Maârif", "متجر المعاريف", "Maârif", True),
    ("AIN-SEBAA", "Entrepôt Aïn Sebaâ", "مستودع عين السبع", "Aïn Sebaâ", False),
]

# A Moroccan grocery's customers mostly write in Arabic.
ARABIC_SHARE = 0.6

MALE_NAMES = [
    ("Mohammed", "محمد"),
    ("Youssef", "يوسف"),
    ("Hamza", "حمزة"),
    ("Omar", "عمر"),
    ("Anas", "أنس"),
    ("Ayoub", "أيوب"),
    ("Mehdi", "مهدي"),
    ("Adil", "عادل"),
    ("Rachid", "رشيد"),
    ("Saïd", "سعيد"),
    ("Khalid", "خالد"),
    ("Hassan", "حسن"),
    ("Abdellah", "عبد الله"),
    ("Soufiane", "سفيان"),
    ("Yassine", "ياسين"),
    ("Othmane", "عثمان"),
    ("Badr", "بدر"),
    ("Zakaria", "زكرياء"),
    ("Ilyas", "إلياس"),
    ("Hicham", "هشام"),
    ("Nabil", "نبيل"),
    ("Driss", "إدريس"),
    ("Mustapha", "مصطفى"),
    ("Karim", "كريم"),
]
FEMALE_NAMES = [
    ("Fatima Zahra", "فاطمة الزهراء"),
    ("Khadija", "خديجة"),
    ("Salma", "سلمى"),
    ("Meryem", "مريم"),
    ("Imane", "إيمان"),
    ("Hajar", "هاجر"),
    ("Sanaa", "سناء"),
    ("Nadia", "نادية"),
    ("Zineb", "زينب"),
    ("Houda", "هدى"),
    ("Kawtar", "كوثر"),
    ("Soukaina", "سكينة"),
    ("Asmae", "أسماء"),
    ("Loubna", "لبنى"),
    ("Hind", "هند"),
    ("Ghizlane", "غزلان"),
    ("Nisrine", "نسرين"),
    ("Oumaima", "أميمة"),
    ("Chaimae", "شيماء"),
    ("Btissam", "ابتسام"),
]
FAMILY_NAMES = [
    ("Alaoui", "العلوي"),
    ("Idrissi", "الإدريسي"),
    ("Bennani", "بناني"),
    ("Tazi", "التازي"),
    ("El Amrani", "العمراني"),
    ("Berrada", "برادة"),
    ("Chraibi", "الشرايبي"),
    ("El Fassi", "الفاسي"),
    ("Benjelloun", "بنجلون"),
    ("Lahlou", "لحلو"),
    ("Bennis", "بنيس"),
    ("Ouazzani", "الوزاني"),
    ("Naciri", "الناصري"),
    ("Sqalli", "الصقلي"),
    ("Kettani", "الكتاني"),
    ("Ziani", "الزياني"),
    ("Hajji", "الحجي"),
    ("Benkirane", "بنكيران"),
    ("El Mansouri", "المنصوري"),
    ("Bouzidi", "البوزيدي"),
    ("Zemmouri", "الزموري"),
    ("Rahmouni", "الرحموني"),
    ("Belghiti", "بلغيتي"),
    ("Ait Lahcen", "آيت لحسن"),
    ("Ouali", "والي"),
]
STREETS = [
    ("Boulevard Mohammed V", "شارع محمد الخامس"),
    ("Boulevard Zerktouni", "شارع الزرقطوني"),
    ("Rue Ibn Batouta", "زنقة ابن بطوطة"),
    ("Avenue Hassan II", "شارع الحسن الثاني"),
    ("Boulevard d'Anfa", "شارع أنفا"),
    ("Boulevard Abdelmoumen", "شارع عبد المومن"),
    ("Avenue des FAR", "شارع القوات المسلحة الملكية"),
    ("Rue Moulay Youssef", "زنقة مولاي يوسف"),
    ("Boulevard Ghandi", "شارع غاندي"),
    ("Boulevard Al Qods", "شارع القدس"),
]
# Why a driver came back with the order, in the language the shop's staff read.
REFUSAL_REASONS = [
    "الزبون لا يجيب على الهاتف",
    "الزبون غير موجود في العنوان",
    "رفض الزبون الطلبية عند الباب",
    "العنوان غير صحيح",
]
