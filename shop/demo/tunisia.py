"""Tunisia for the demo shop: governorates and cities, delivery zones, stores, people's names."""

COUNTRY = "TN"
CURRENCY = "TND"
TIMEZONE = "Africa/Tunis"
# Mobile ranges of Ooredoo (2x), Orange (5x) and Tunisie Telecom (9x); eight digits in all.
MOBILE_PREFIXES = ("2", "5", "9")
NATIONAL_DIGITS = 8

# (ISO 3166-2 code, name_fr, name_ar, [(city_fr, city_ar, postcode or None), ...]).
# Postcodes only where they are well known; an empty one is better than an invented one.
REGIONS = [
    (
        "TN-11",
        "Tunis",
        "تونس",
        [
            ("Tunis", "تونس", "1000"),
            ("Le Bardo", "باردو", "2000"),
            ("La Marsa", "المرسى", "2070"),
            ("Carthage", "قرطاج", "2016"),
            ("La Goulette", "حلق الوادي", "2060"),
            ("El Menzah", "المنزه", None),
            ("Le Kram", "الكرم", None),
        ],
    ),
    (
        "TN-12",
        "Ariana",
        "أريانة",
        [
            ("Ariana", "أريانة", "2080"),
            ("La Soukra", "سكرة", "2036"),
            ("Raoued", "رواد", None),
            ("Ettadhamen", "التضامن", None),
            ("Kalâat el-Andalous", "قلعة الأندلس", None),
        ],
    ),
    (
        "TN-13",
        "Ben Arous",
        "بن عروس",
        [
            ("Ben Arous", "بن عروس", "2013"),
            ("Radès", "رادس", "2040"),
            ("Hammam Lif", "حمام الأنف", "2050"),
            ("Mégrine", "مقرين", "2033"),
            ("El Mourouj", "المروج", None),
            ("Ezzahra", "الزهراء", None),
            ("Fouchana", "فوشانة", None),
        ],
    ),
    (
        "TN-14",
        "Manouba",
        "منوبة",
        [
            ("Manouba", "منوبة", "2010"),
            ("Den Den", "الدندان", None),
            ("Douar Hicher", "دوار هيشر", None),
            ("Oued Ellil", "وادي الليل", None),
            ("Tebourba", "طبربة", None),
        ],
    ),
    (
        "TN-21",
        "Nabeul",
        "نابل",
        [
            ("Nabeul", "نابل", "8000"),
            ("Hammamet", "الحمامات", "8050"),
            ("Kélibia", "قليبية", "8090"),
            ("Korba", "قربة", None),
            ("Grombalia", "قرمبالية", None),
            ("Menzel Temime", "منزل تميم", None),
        ],
    ),
    (
        "TN-22",
        "Zaghouan",
        "زغوان",
        [
            ("Zaghouan", "زغوان", "1100"),
            ("El Fahs", "الفحص", None),
            ("Nadhour", "الناظور", None),
            ("Bir Mcherga", "بئر مشارقة", None),
        ],
    ),
    (
        "TN-23",
        "Bizerte",
        "بنزرت",
        [
            ("Bizerte", "بنزرت", "7000"),
            ("Menzel Bourguiba", "منزل بورقيبة", "7050"),
            ("Mateur", "ماطر", None),
            ("Ras Jebel", "رأس الجبل", None),
            ("Menzel Jemil", "منزل جميل", None),
        ],
    ),
    (
        "TN-31",
        "Béja",
        "باجة",
        [
            ("Béja", "باجة", "9000"),
            ("Medjez el-Bab", "مجاز الباب", None),
            ("Téboursouk", "تبرسق", None),
            ("Testour", "تستور", None),
        ],
    ),
    (
        "TN-32",
        "Jendouba",
        "جندوبة",
        [
            ("Jendouba", "جندوبة", "8100"),
            ("Tabarka", "طبرقة", "8110"),
            ("Aïn Draham", "عين دراهم", None),
            ("Bou Salem", "بوسالم", None),
        ],
    ),
    (
        "TN-33",
        "Le Kef",
        "الكاف",
        [
            ("Le Kef", "الكاف", "7100"),
            ("Dahmani", "الدهماني", None),
            ("Tajerouine", "تاجروين", None),
            ("Sakiet Sidi Youssef", "ساقية سيدي يوسف", None),
        ],
    ),
    (
        "TN-34",
        "Siliana",
        "سليانة",
        [
            ("Siliana", "سليانة", "6100"),
            ("Makthar", "مكثر", None),
            ("Gaâfour", "قعفور", None),
            ("Bou Arada", "بوعرادة", None),
        ],
    ),
    (
        "TN-41",
        "Kairouan",
        "القيروان",
        [
            ("Kairouan", "القيروان", "3100"),
            ("Haffouz", "حفوز", None),
            ("Sbikha", "السبيخة", None),
            ("Oueslatia", "الوسلاتية", None),
        ],
    ),
    (
        "TN-42",
        "Kasserine",
        "القصرين",
        [
            ("Kasserine", "القصرين", "1200"),
            ("Sbeïtla", "سبيطلة", None),
            ("Fériana", "فريانة", None),
            ("Thala", "تالة", None),
        ],
    ),
    (
        "TN-43",
        "Sidi Bouzid",
        "سيدي بوزيد",
        [
            ("Sidi Bouzid", "سيدي بوزيد", "9100"),
            ("Regueb", "الرقاب", None),
            ("Meknassy", "المكناسي", None),
            ("Jilma", "جلمة", None),
        ],
    ),
    (
        "TN-51",
        "Sousse",
        "سوسة",
        [
            ("Sousse", "سوسة", "4000"),
            ("Msaken", "مساكن", "4070"),
            ("Hammam Sousse", "حمام سوسة", None),
            ("Kalâa Kebira", "القلعة الكبرى", None),
            ("Akouda", "أكودة", None),
            ("Enfidha", "النفيضة", None),
        ],
    ),
    (
        "TN-52",
        "Monastir",
        "المنستير",
        [
            ("Monastir", "المنستير", "5000"),
            ("Ksar Hellal", "قصر هلال", None),
            ("Moknine", "المكنين", None),
            ("Jemmal", "جمال", None),
            ("Téboulba", "طبلبة", None),
        ],
    ),
    (
        "TN-53",
        "Mahdia",
        "المهدية",
        [
            ("Mahdia", "المهدية", "5100"),
            ("El Jem", "الجم", None),
            ("Ksour Essef", "قصور الساف", None),
            ("Chebba", "الشابة", None),
        ],
    ),
    (
        "TN-61",
        "Sfax",
        "صفاقس",
        [
            ("Sfax", "صفاقس", "3000"),
            ("Sakiet Ezzit", "ساقية الزيت", None),
            ("Sakiet Eddaïer", "ساقية الدائر", None),
            ("Mahrès", "المحرس", None),
            ("Kerkennah", "قرقنة", None),
        ],
    ),
    (
        "TN-71",
        "Gafsa",
        "قفصة",
        [
            ("Gafsa", "قفصة", "2100"),
            ("Métlaoui", "المتلوي", None),
            ("Redeyef", "الرديف", None),
            ("El Ksar", "القصر", None),
        ],
    ),
    (
        "TN-72",
        "Tozeur",
        "توزر",
        [
            ("Tozeur", "توزر", "2200"),
            ("Nefta", "نفطة", None),
            ("Degache", "دقاش", None),
        ],
    ),
    (
        "TN-73",
        "Kébili",
        "قبلي",
        [
            ("Kébili", "قبلي", "4200"),
            ("Douz", "دوز", None),
            ("Souk Lahad", "سوق الأحد", None),
        ],
    ),
    (
        "TN-81",
        "Gabès",
        "قابس",
        [
            ("Gabès", "قابس", "6000"),
            ("El Hamma", "الحامة", None),
            ("Mareth", "مارث", None),
            ("Métouia", "المطوية", None),
        ],
    ),
    (
        "TN-82",
        "Médenine",
        "مدنين",
        [
            ("Médenine", "مدنين", "4100"),
            ("Houmt Souk (Djerba)", "حومة السوق (جربة)", "4180"),
            ("Zarzis", "جرجيس", "4170"),
            ("Ben Guerdane", "بن قردان", None),
            ("Midoun (Djerba)", "ميدون (جربة)", None),
        ],
    ),
    (
        "TN-83",
        "Tataouine",
        "تطاوين",
        [
            ("Tataouine", "تطاوين", "3200"),
            ("Ghomrassen", "غمراسن", None),
            ("Remada", "رمادة", None),
        ],
    ),
]

# (name_fr, name_ar, fee, min_order, eta_hours_min, eta_hours_max, region codes); amounts in TND.
ZONES = [
    ("Grand Tunis", "تونس الكبرى", "7.000", "30.000", 24, 48, ("TN-11", "TN-12", "TN-13", "TN-14")),
    (
        "Cap Bon et Nord",
        "الوطن القبلي والشمال",
        "8.000",
        "50.000",
        24,
        72,
        ("TN-21", "TN-22", "TN-23", "TN-31"),
    ),
    ("Sahel", "الساحل", "8.000", "50.000", 24, 72, ("TN-51", "TN-52", "TN-53")),
    (
        "Reste du pays",
        "باقي الولايات",
        "10.000",
        "80.000",
        48,
        96,
        (
            "TN-32",
            "TN-33",
            "TN-34",
            "TN-41",
            "TN-42",
            "TN-43",
            "TN-61",
            "TN-71",
            "TN-72",
            "TN-73",
            "TN-81",
            "TN-82",
            "TN-83",
        ),
    ),
]
# Customers live mostly near the shop.
ZONE_WEIGHTS = {"Grand Tunis": 60, "Cap Bon et Nord": 12, "Sahel": 14, "Reste du pays": 14}

# (code, name_fr, name_ar, city_fr, is_default)
LOCATIONS = [
    ("TUNIS", "Magasin Tunis", "متجر تونس", "Tunis", True),
    ("BEN-AROUS", "Dépôt Ben Arous", "مستودع بن عروس", "Ben Arous", False),
]

# Customers write in French or Arabic; about a third pick Arabic in a Tunisian shop.
ARABIC_SHARE = 0.35

MALE_NAMES = [
    ("Mohamed", "محمد"),
    ("Ahmed", "أحمد"),
    ("Ali", "علي"),
    ("Sami", "سامي"),
    ("Karim", "كريم"),
    ("Mehdi", "مهدي"),
    ("Youssef", "يوسف"),
    ("Amine", "أمين"),
    ("Hamza", "حمزة"),
    ("Skander", "إسكندر"),
    ("Wassim", "وسيم"),
    ("Aymen", "أيمن"),
    ("Bilel", "بلال"),
    ("Hichem", "هشام"),
    ("Nizar", "نزار"),
    ("Anis", "أنيس"),
    ("Slim", "سليم"),
    ("Oussama", "أسامة"),
    ("Walid", "وليد"),
    ("Fares", "فارس"),
    ("Chokri", "شكري"),
    ("Moez", "معز"),
    ("Lotfi", "لطفي"),
    ("Mourad", "مراد"),
    ("Hatem", "حاتم"),
    ("Maher", "ماهر"),
    ("Riadh", "رياض"),
    ("Haythem", "هيثم"),
]
FEMALE_NAMES = [
    ("Amira", "أميرة"),
    ("Fatma", "فاطمة"),
    ("Mariem", "مريم"),
    ("Ines", "إيناس"),
    ("Salma", "سلمى"),
    ("Nour", "نور"),
    ("Sarra", "سارة"),
    ("Rim", "ريم"),
    ("Olfa", "ألفة"),
    ("Houda", "هدى"),
    ("Asma", "أسماء"),
    ("Khadija", "خديجة"),
    ("Yasmine", "ياسمين"),
    ("Emna", "آمنة"),
    ("Wafa", "وفاء"),
    ("Imen", "إيمان"),
    ("Rania", "رانية"),
    ("Leila", "ليلى"),
    ("Hajer", "هاجر"),
    ("Sonia", "سونيا"),
]
FAMILY_NAMES = [
    ("Ben Ali", "بن علي"),
    ("Trabelsi", "الطرابلسي"),
    ("Jebali", "الجبالي"),
    ("Gharbi", "الغربي"),
    ("Hammami", "الحمامي"),
    ("Mejri", "الماجري"),
    ("Ayari", "العياري"),
    ("Dridi", "الدريدي"),
    ("Chaabane", "شعبان"),
    ("Ben Salah", "بن صالح"),
    ("Ben Amor", "بن عمر"),
    ("Khelifi", "الخليفي"),
    ("Sassi", "ساسي"),
    ("Mansouri", "المنصوري"),
    ("Jlassi", "الجلاصي"),
    ("Ferchichi", "الفرشيشي"),
    ("Zouari", "الزواري"),
    ("Ben Youssef", "بن يوسف"),
    ("Baccouche", "بكوش"),
    ("Karoui", "القروي"),
    ("Mabrouk", "مبروك"),
    ("Masmoudi", "المصمودي"),
    ("Chebbi", "الشابي"),
    ("Belhadj", "بالحاج"),
    ("Abidi", "العبيدي"),
    ("Ouertani", "الورتاني"),
    ("Tlili", "التليلي"),
    ("Hamdi", "حمدي"),
    ("Guesmi", "القاسمي"),
    ("Riahi", "الرياحي"),
]
STREETS = [
    ("Avenue Habib Bourguiba", "شارع الحبيب بورقيبة"),
    ("Avenue de la Liberté", "شارع الحرية"),
    ("Rue Ibn Khaldoun", "نهج ابن خلدون"),
    ("Avenue Hédi Chaker", "شارع الهادي شاكر"),
    ("Rue de Palestine", "نهج فلسطين"),
    ("Avenue Farhat Hached", "شارع فرحات حشاد"),
    ("Rue d'Alger", "نهج الجزائر"),
    ("Avenue de la République", "شارع الجمهورية"),
    ("Rue Abou El Kacem Chebbi", "نهج أبو القاسم الشابي"),
    ("Avenue Taïeb Mhiri", "شارع الطيب المهيري"),
]
# Why a driver came back with the order, in the language the shop's staff read.
REFUSAL_REASONS = [
    "Client injoignable",
    "Client absent à l'adresse",
    "Commande refusée à la porte",
    "Adresse introuvable",
]
