"""The names of the demo catalog's product attributes and of their written values, in French and
Arabic (Tunisian and Moroccan shop usage). Keys and values are as the catalog stores them."""


def values(**names):
    """{stored value: {"fr": …, "ar": …}} from keyword pairs of (French, Arabic)."""
    return {value: {"fr": fr, "ar": ar} for value, (fr, ar) in names.items()}


SIDES = {
    "gauche": ("gauche", "أيسر"),
    "droit": ("droit", "أيمن"),
    "gauche et droit": ("gauche et droit", "أيسر وأيمن"),
}

# Grocery variants: flavours, shapes and product lines (names of lines stay in Latin letters).
VARIANTS = {
    "Baguette": "باغيت",
    "Cheveux d'ange": "شعرية رقيقة",
    "Choco Tom": "Choco Tom",
    "Coquillettes": "معكرونة صغيرة",
    "Croissant": "كرواسون",
    "Harcha": "حرشة",
    "Henry's": "Henry's",
    "Khobz maison": "خبز الدار",
    "Max White": "Max White",
    "Merendina": "Merendina",
    "Msemen": "مسمن",
    "Pain au chocolat": "خبز بالشوكولاتة",
    "Pain complet": "خبز كامل",
    "Pain d'orge": "خبز الشعير",
    "Penne": "بيني",
    "Plombs": "لسان العصفور",
    "Spaghetti": "سباغيتي",
    "Tonik": "Tonik",
    "Triple action": "ثلاثي المفعول",
    "Vermicelles": "شعرية",
    "abricot": "مشمش",
    "aloe vera": "الصبار",
    "ananas": "أناناس",
    "argent": "فضي",
    "banane": "موز",
    "bleu": "أزرق",
    "bœuf": "لحم البقر",
    "cannelle": "قرفة",
    "citron": "ليمون",
    "cumin": "كمون",
    "curcuma": "كركم",
    "figue": "تين",
    "fin": "رقيق",
    "fine": "رقيقة",
    "fleurs": "زهور",
    "fraise": "فراولة",
    "fruits rouges": "فواكه حمراء",
    "gingembre": "زنجبيل",
    "jasmin": "ياسمين",
    "lait et miel": "حليب وعسل",
    "lisse": "ناعم",
    "long grain": "حبة طويلة",
    "légumes": "خضر",
    "mangue": "مانجو",
    "menthe glaciale": "نعناع منعش",
    "moyen": "متوسط",
    "moyenne": "متوسطة",
    "multifruits": "فواكه مشكلة",
    "noir": "أسود",
    "orange": "برتقال",
    "paprika": "فلفل أحمر حلو",
    "piquantes": "حارة",
    "poivre noir": "فلفل أسود",
    "pomme": "تفاح",
    "poulet": "دجاج",
    "pêche": "خوخ",
    "ras el hanout": "رأس الحانوت",
    "rond": "حبة مستديرة",
    "rose": "وردي",
    "réparation": "مُصلِح",
    "tabac blond": "تبغ أشقر",
    "tropical": "استوائي",
    "vanille": "فانيليا",
    "à l'huile d'olive": "بزيت الزيتون",
    "à l'huile de tournesol": "بزيت عباد الشمس",
    "à l'huile végétale": "بالزيت النباتي",
    "à la tomate": "بالطماطم",
}

# key: (name in French, name in Arabic, value names)
ATTRIBUTES = {
    "position": (
        "Position",
        "الموضع",
        values(avant=("avant", "أمامي"), arrière=("arrière", "خلفي")),
    ),
    "côté": ("Côté", "الجهة", values(**SIDES)),
    "type": (
        "Type",
        "النوع",
        values(
            **{
                "cartouche": ("cartouche", "خرطوشة"),
                "vissé": ("vissé", "ملولب"),
                "standard": ("standard", "عادي"),
                "charbon actif": ("charbon actif", "كربون نشط"),
                "nickel": ("nickel", "نيكل"),
                "platine": ("platine", "بلاتين"),
                "iridium": ("iridium", "إيريديوم"),
                "gaz": ("gaz", "غاز"),
                "huile": ("huile", "زيت"),
                "mécanique": ("mécanique", "ميكانيكي"),
                "hydraulique": ("hydraulique", "هيدروليكي"),
                "plat": ("plat", "مسطّح"),
                "plein": ("plein", "مصمت"),
                "ventilé": ("ventilé", "مهوّى"),
            }
        ),
    ),
    "forme": (
        "Forme",
        "الشكل",
        values(rectangulaire=("rectangulaire", "مستطيل"), rond=("rond", "دائري")),
    ),
    "carburant": (
        "Carburant",
        "الوقود",
        values(diesel=("diesel", "ديزل"), essence=("essence", "بنزين")),
    ),
    "roue": ("Roue", "العجلة", values(métal=("métal", "معدن"), plastique=("plastique", "بلاستيك"))),
    "boîte": (
        "Boîte de vitesses",
        "علبة السرعات",
        values(manuelle=("manuelle", "يدوية"), automatique=("automatique", "أوتوماتيكية")),
    ),
    "réglage": (
        "Réglage",
        "الضبط",
        values(manuel=("manuel", "يدوي"), électrique=("électrique", "كهربائي")),
    ),
    "technologie": (
        "Technologie",
        "التقنية",
        values(**{"plomb-calcium": ("plomb-calcium", "رصاص-كالسيوم")}),
    ),
    "diamètre_mm": ("Diamètre (mm)", "القطر (مم)", {}),
    "diamètre_extérieur_mm": ("Diamètre extérieur (mm)", "القطر الخارجي (مم)", {}),
    "épaisseur_mm": ("Épaisseur (mm)", "السُّمك (مم)", {}),
    "hauteur_mm": ("Hauteur (mm)", "الارتفاع (مم)", {}),
    "largeur_mm": ("Largeur (mm)", "العرض (مم)", {}),
    "longueur_mm": ("Longueur (mm)", "الطول (مم)", {}),
    "piston_mm": ("Piston (mm)", "المكبس (مم)", {}),
    "dents": ("Dents", "عدد الأسنان", {}),
    "pièces": ("Pièces", "عدد القطع", {}),
    "profil": ("Profil", "المقطع", {}),
    "culot": ("Culot", "القاعدة", {}),
    "norme": ("Norme", "المعيار", {}),
    "viscosité": ("Viscosité", "اللزوجة", {}),
    "protection": ("Protection", "الحماية", {}),
    "capacité_ah": ("Capacité (Ah)", "السعة (أمبير ساعة)", {}),
    "démarrage_a": ("Courant de démarrage (A)", "تيار التشغيل (أمبير)", {}),
    "intensité_a": ("Intensité (A)", "شدة التيار (أمبير)", {}),
    "puissance_kw": ("Puissance (kW)", "القدرة (كيلوواط)", {}),
    "tension_v": ("Tension (V)", "الجهد (فولت)", {}),
    "volume_l": ("Volume (L)", "الحجم (لتر)", {}),
    "température_ouverture_c": ("Température d’ouverture (°C)", "حرارة الفتح (°م)", {}),
    "témoin_usure": ("Témoin d’usure", "مؤشر التآكل", {}),
    "climatisation": ("Climatisation", "التكييف", {}),
    "abs": ("ABS", "ABS", {}),
    "dégivrant": ("Dégivrant", "مزيل الجليد", {}),
    "avec_pompe_à_eau": ("Avec pompe à eau", "مع مضخة الماء", {}),
    "contenance": ("Contenance", "السعة", {}),
    "variante": ("Variante", "النوع", {fr: {"fr": fr, "ar": ar} for fr, ar in VARIANTS.items()}),
    "lot": ("Lot", "عدد الوحدات في العلبة", {}),
}


def attribute_rows():
    return [
        {"key": key, "name_fr": name_fr, "name_ar": name_ar, "value_names": value_names}
        for key, (name_fr, name_ar, value_names) in ATTRIBUTES.items()
    ]
