"""The grocery & vape demo catalog: category tree and the items a Moroccan neighbourhood shop sells.

Names take `{brand}`, `{size}` and `{flavor}` placeholders. Prices are in MAD.
"""

from dataclasses import dataclass

HOME_CURRENCY = "MAD"


@dataclass(frozen=True)
class Item:
    """A product line; each size (and flavour) of it is one product."""

    brand: str | None
    name_fr: str
    name_ar: str
    # (label_fr, label_ar, price, kg)
    sizes: tuple
    # (label_fr, label_ar)
    flavors: tuple = ()


BRANDS_AR = {
    "Lesieur": "لوسيور",
    "Cristal": "كريستال",
    "Dari": "داري",
    "Mayssa": "ميسة",
    "Panzani": "بانزاني",
    "Aïcha": "عائشة",
    "Joly": "جولي",
    "Isabel": "إيزابيل",
    "Ducros": "دوكرو",
    "Knorr": "كنور",
    "Maggi": "ماجي",
    "Cosumar": "كوسومار",
    "Forafric": "فورافريك",
    "Sultan": "سلطان",
    "Carrion": "كاريون",
    "Nescafé": "نسكافيه",
    "Bimo": "بيمو",
    "Sidi Ali": "سيدي علي",
    "Oulmès": "ولماس",
    "Aïn Saïss": "عين سايس",
    "Bahia": "باهية",
    "Coca-Cola": "كوكا كولا",
    "Hawaï": "هاواي",
    "Pom's": "بومس",
    "Valencia": "فالنسيا",
    "Centrale Danone": "سنترال دانون",
    "Jaouda": "جودة",
    "La Vache qui rit": "البقرة الضاحكة",
    "Kiri": "كيري",
    "Président": "بريزيدون",
    "Dove": "دوف",
    "Palmolive": "بالموليف",
    "Lux": "لوكس",
    "Head & Shoulders": "هيد آند شولدرز",
    "Pantene": "بانتين",
    "Signal": "سيغنال",
    "Colgate": "كولغيت",
    "Tide": "تايد",
    "Omo": "أومو",
    "Ariel": "أريال",
    "Pril": "بريل",
    "Fairy": "فيري",
    "Ace": "إيس",
    "Mr Propre": "مستر بروبر",
    "Vampire Vape": "فامباير فيب",
    "Dinner Lady": "دينر ليدي",
    "Nasty Juice": "ناستي جوس",
    "Vaporesso": "فابوريسو",
    "Voopoo": "فوبو",
    "SMOK": "سموك",
    "GeekVape": "جيك فيب",
    "Uwell": "يوويل",
    "Cotton Bacon": "كوتون بيكن",
}
# GS1 prefixes: 611 is Morocco; imported brands keep their maker's country.
BRAND_GS1 = {
    "Ducros": "3",
    "Knorr": "87",
    "Maggi": "76",
    "Panzani": "3",
    "Nescafé": "76",
    "Coca-Cola": "54",
    "La Vache qui rit": "3",
    "Kiri": "3",
    "Président": "3",
    "Dove": "87",
    "Palmolive": "87",
    "Lux": "87",
    "Head & Shoulders": "54",
    "Pantene": "54",
    "Signal": "87",
    "Colgate": "87",
    "Tide": "54",
    "Omo": "87",
    "Ariel": "54",
    "Pril": "40",
    "Fairy": "54",
    "Mr Propre": "54",
    "Vampire Vape": "50",
    "Dinner Lady": "50",
    "Nasty Juice": "955",
    "Vaporesso": "69",
    "Voopoo": "69",
    "SMOK": "69",
    "GeekVape": "69",
    "Uwell": "69",
    "Cotton Bacon": "0",
}
MOROCCAN_GS1 = "611"

SPICES = (
    ("cumin", "كمون"),
    ("ras el hanout", "رأس الحانوت"),
    ("paprika", "تحميرة (بابريكا)"),
    ("curcuma", "خرقوم (كركم)"),
    ("gingembre", "سكينجبير (زنجبيل)"),
    ("poivre noir", "إبزار (فلفل أسود)"),
    ("cannelle", "قرفة"),
)
YOGURT_FLAVORS = (("fraise", "فراولة"), ("vanille", "فانيلا"), ("banane", "موز"), ("pêche", "خوخ"))
JUICE_FLAVORS = (("orange", "برتقال"), ("pomme", "تفاح"), ("multifruits", "فواكه متنوعة"))
VAPE_FLAVORS = (
    ("menthe glaciale", "نعناع مثلج"),
    ("fraise", "فراولة"),
    ("mangue", "مانجو"),
    ("tabac blond", "تبغ أشقر"),
    ("fruits rouges", "فواكه حمراء"),
)
VAPE_STRENGTHS = (
    ("10 ml 3 mg", "10 مل 3 ملغ", "59.00", 0.03),
    ("10 ml 6 mg", "10 مل 6 ملغ", "59.00", 0.03),
    ("50 ml 0 mg", "50 مل 0 ملغ", "179.00", 0.08),
)
DEVICE_COLORS = (("noir", "أسود"), ("argent", "فضي"), ("bleu", "أزرق"))

ITEMS = {
    "table_oils": [
        Item(
            "Lesieur",
            "Huile de table {brand} {size}",
            "زيت المائدة {brand} {size}",
            (
                ("1L", "1 لتر", "21.50", 0.95),
                ("2L", "2 لتر", "42.00", 1.9),
                ("5L", "5 لتر", "99.00", 4.7),
            ),
        ),
        Item(
            "Cristal",
            "Huile de tournesol {brand} {size}",
            "زيت عباد الشمس {brand} {size}",
            (("1L", "1 لتر", "22.00", 0.95), ("5L", "5 لتر", "104.00", 4.7)),
        ),
    ],
    "olive_oils": [
        Item(
            "Lesieur",
            "Huile d'olive vierge extra {brand} {size}",
            "زيت الزيتون البكر الممتاز {brand} {size}",
            (("50cl", "50 سل", "45.00", 0.5), ("1L", "1 لتر", "85.00", 0.95)),
        ),
    ],
    "pasta_rice": [
        Item(
            "Dari",
            "Couscous {flavor} {brand} {size}",
            "كسكس {flavor} {brand} {size}",
            (("1kg", "1 كلغ", "14.50", 1.0), ("5kg", "5 كلغ", "68.00", 5.0)),
            (("moyen", "متوسط"), ("fin", "رقيق")),
        ),
        Item(
            "Dari",
            "{flavor} {brand} {size}",
            "{flavor} {brand} {size}",
            (("500g", "500 غ", "7.50", 0.5),),
            (
                ("Spaghetti", "سباغيتي"),
                ("Coquillettes", "معكرونة صغيرة"),
                ("Vermicelles", "شعرية"),
                ("Penne", "بيني"),
            ),
        ),
        Item(
            "Mayssa",
            "{flavor} {brand} {size}",
            "{flavor} {brand} {size}",
            (("500g", "500 غ", "7.00", 0.5),),
            (
                ("Spaghetti", "سباغيتي"),
                ("Plombs", "لسان العصفور"),
                ("Cheveux d'ange", "شعرية رقيقة"),
            ),
        ),
        Item(
            "Panzani",
            "{flavor} {brand} {size}",
            "{flavor} {brand} {size}",
            (("500g", "500 غ", "12.00", 0.5),),
            (("Spaghetti", "سباغيتي"), ("Penne", "بيني")),
        ),
        Item(
            None,
            "Riz {flavor} {size}",
            "أرز {flavor} {size}",
            (("1kg", "1 كلغ", "16.00", 1.0), ("5kg", "5 كلغ", "75.00", 5.0)),
            (("long grain", "طويل الحبة"), ("rond", "مدور")),
        ),
    ],
    "canned": [
        Item(
            "Aïcha",
            "Concentré de tomate {brand} {size}",
            "مركز الطماطم {brand} {size}",
            (
                ("140g", "140 غ", "5.50", 0.16),
                ("400g", "400 غ", "12.00", 0.45),
                ("800g", "800 غ", "22.00", 0.85),
            ),
        ),
        Item(
            "Aïcha",
            "Confiture {flavor} {brand} {size}",
            "مربى {flavor} {brand} {size}",
            (("430g", "430 غ", "16.00", 0.6),),
            (("fraise", "فراولة"), ("abricot", "مشمش"), ("figue", "تين"), ("orange", "برتقال")),
        ),
        Item(
            "Joly",
            "Sardines {flavor} {brand} {size}",
            "سردين {flavor} {brand} {size}",
            (("125g", "125 غ", "6.00", 0.15),),
            (
                ("à l'huile végétale", "بالزيت النباتي"),
                ("à la tomate", "بالطماطم"),
                ("piquantes", "حار"),
            ),
        ),
        Item(
            "Isabel",
            "Thon {flavor} {brand} {size}",
            "تونة {flavor} {brand} {size}",
            (("160g", "160 غ", "15.00", 0.2),),
            (("à l'huile de tournesol", "بزيت عباد الشمس"), ("à l'huile d'olive", "بزيت الزيتون")),
        ),
    ],
    "spices": [
        Item(
            "Ducros",
            "{flavor} {brand} {size}",
            "{flavor} {brand} {size}",
            (("50g", "50 غ", "14.00", 0.08),),
            SPICES,
        ),
        Item(
            "Knorr",
            "Bouillon {flavor} {brand} {size}",
            "مرق {flavor} {brand} {size}",
            (("24 cubes", "24 مكعبا", "18.00", 0.24),),
            (("poulet", "دجاج"), ("bœuf", "لحم البقر"), ("légumes", "خضر")),
        ),
        Item(
            "Maggi",
            "Bouillon {flavor} {brand} {size}",
            "مرق {flavor} {brand} {size}",
            (("24 cubes", "24 مكعبا", "17.00", 0.24),),
            (("poulet", "دجاج"), ("bœuf", "لحم البقر")),
        ),
    ],
    "flour_sugar": [
        Item(
            "Cosumar",
            "Pain de sucre {brand} {size}",
            "قالب السكر {brand} {size}",
            (("2kg", "2 كلغ", "17.00", 2.0),),
        ),
        Item(
            "Cosumar",
            "Sucre en morceaux {brand} {size}",
            "سكر مقطع {brand} {size}",
            (("1kg", "1 كلغ", "12.00", 1.0),),
        ),
        Item(
            "Cosumar",
            "Sucre granulé {brand} {size}",
            "سانيدة {brand} {size}",
            (("1kg", "1 كلغ", "9.50", 1.0), ("2kg", "2 كلغ", "18.50", 2.0)),
        ),
        Item(
            "Forafric",
            "Farine de blé tendre {brand} {size}",
            "دقيق القمح الطري {brand} {size}",
            (("1kg", "1 كلغ", "9.00", 1.0), ("5kg", "5 كلغ", "38.00", 5.0)),
        ),
        Item(
            "Dari",
            "Semoule {flavor} {brand} {size}",
            "سميدة {flavor} {brand} {size}",
            (("1kg", "1 كلغ", "12.00", 1.0),),
            (("fine", "رقيقة"), ("moyenne", "متوسطة")),
        ),
    ],
    "tea_coffee": [
        Item(
            "Sultan",
            "Thé vert {brand} {size}",
            "أتاي أخضر {brand} {size}",
            (("200g", "200 غ", "17.00", 0.2), ("500g", "500 غ", "40.00", 0.5)),
        ),
        Item(
            "Carrion",
            "Café moulu {brand} {size}",
            "قهوة مطحونة {brand} {size}",
            (("250g", "250 غ", "28.00", 0.25),),
        ),
        Item(
            "Nescafé",
            "{brand} Classic {size}",
            "{brand} كلاسيك {size}",
            (("100g", "100 غ", "38.00", 0.15), ("200g", "200 غ", "72.00", 0.28)),
        ),
    ],
    "biscuits": [
        Item(
            "Bimo",
            "{flavor} {brand} {size}",
            "{flavor} {brand} {size}",
            (("", "", "2.00", 0.05),),
            (
                ("Tonik", "تونيك"),
                ("Henry's", "هنريز"),
                ("Merendina", "ميريندينا"),
                ("Choco Tom", "شوكو توم"),
            ),
        ),
    ],
    "water": [
        Item(
            "Sidi Ali",
            "Eau minérale naturelle {brand} {size}",
            "ماء معدني طبيعي {brand} {size}",
            (
                ("50cl", "50 سل", "3.00", 0.52),
                ("1,5L", "1.5 لتر", "6.00", 1.55),
                ("5L", "5 لتر", "13.00", 5.1),
            ),
        ),
        Item(
            "Oulmès",
            "Eau minérale gazeuse {brand} {size}",
            "ماء معدني غازي {brand} {size}",
            (("50cl", "50 سل", "4.50", 0.55), ("1L", "1 لتر", "7.50", 1.05)),
        ),
        Item(
            "Aïn Saïss",
            "Eau minérale naturelle {brand} {size}",
            "ماء معدني طبيعي {brand} {size}",
            (("1,5L", "1.5 لتر", "5.50", 1.55),),
        ),
        Item(
            "Bahia",
            "Eau de table {brand} {size}",
            "ماء المائدة {brand} {size}",
            (("1,5L", "1.5 لتر", "5.00", 1.55), ("5L", "5 لتر", "11.00", 5.1)),
        ),
    ],
    "soft_drinks": [
        Item(
            "Coca-Cola",
            "{brand} {size}",
            "{brand} {size}",
            (
                ("33cl", "33 سل", "6.00", 0.36),
                ("1L", "1 لتر", "10.00", 1.05),
                ("2L", "2 لتر", "16.00", 2.1),
            ),
        ),
        Item(
            "Hawaï",
            "Boisson gazeuse {brand} {flavor} {size}",
            "مشروب غازي {brand} {flavor} {size}",
            (("1L", "1 لتر", "9.00", 1.05),),
            (("tropical", "استوائي"), ("ananas", "أناناس")),
        ),
        Item(
            "Pom's",
            "Boisson gazeuse {brand} {size}",
            "مشروب غازي {brand} {size}",
            (("1L", "1 لتر", "9.00", 1.05), ("33cl", "33 سل", "5.50", 0.36)),
        ),
        Item(
            "Valencia",
            "Jus {flavor} {brand} {size}",
            "عصير {flavor} {brand} {size}",
            (("1L", "1 لتر", "12.00", 1.05),),
            JUICE_FLAVORS,
        ),
    ],
    "milk": [
        Item(
            "Centrale Danone",
            "Lait pasteurisé demi-écrémé {brand} {size}",
            "حليب مبستر نصف دسم {brand} {size}",
            (("50cl", "50 سل", "3.50", 0.52), ("1L", "1 لتر", "7.00", 1.04)),
        ),
        Item(
            "Jaouda",
            "Lait UHT {brand} {size}",
            "حليب معقم {brand} {size}",
            (("1L", "1 لتر", "8.50", 1.04),),
        ),
    ],
    "yogurts": [
        Item(
            "Centrale Danone",
            "Raïbi Jamila {flavor} {size}",
            "رايبي جميلة {flavor} {size}",
            (("", "", "2.50", 0.12),),
            YOGURT_FLAVORS,
        ),
        Item(
            "Centrale Danone",
            "Danup {flavor} {size}",
            "دانوب {flavor} {size}",
            (("", "", "3.50", 0.2),),
            YOGURT_FLAVORS[:3],
        ),
        Item(
            "Jaouda",
            "Yaourt {flavor} {brand} {size}",
            "ياغورت {flavor} {brand} {size}",
            (("", "", "2.00", 0.12),),
            YOGURT_FLAVORS,
        ),
    ],
    "cheese_butter": [
        Item(
            "La Vache qui rit",
            "{brand} {size}",
            "{brand} {size}",
            (
                ("8 portions", "8 قطع", "12.00", 0.13),
                ("16 portions", "16 قطعة", "22.00", 0.25),
                ("24 portions", "24 قطعة", "30.00", 0.36),
            ),
        ),
        Item(
            "Kiri",
            "Fromage à tartiner {brand} {size}",
            "جبن للدهن {brand} {size}",
            (("6 portions", "6 قطع", "14.00", 0.11),),
        ),
        Item(
            "Président",
            "Camembert {brand} {size}",
            "كامومبير {brand} {size}",
            (("250g", "250 غ", "35.00", 0.26),),
        ),
        Item(
            "Président",
            "Beurre doux {brand} {size}",
            "زبدة {brand} {size}",
            (("200g", "200 غ", "28.00", 0.2),),
        ),
    ],
    "bread": [
        Item(
            None,
            "{flavor} {size}",
            "{flavor} {size}",
            (("", "", "1.50", 0.2),),
            (
                ("Khobz maison", "خبز الدار"),
                ("Baguette", "كوميرا"),
                ("Pain complet", "خبز كامل"),
                ("Pain d'orge", "خبز الشعير"),
            ),
        ),
    ],
    "pastries": [
        Item(
            None,
            "{flavor} {size}",
            "{flavor} {size}",
            (("", "", "2.50", 0.08),),
            (
                ("Msemen", "مسمن"),
                ("Harcha", "حرشة"),
                ("Croissant", "كرواسون"),
                ("Pain au chocolat", "خبز بالشوكولاتة"),
            ),
        ),
        Item(None, "Baghrir {size}", "بغرير {size}", (("x6", "6 قطع", "10.00", 0.3),)),
    ],
    "soaps": [
        Item(
            "Dove",
            "Savon {brand} {size}",
            "صابون {brand} {size}",
            (("100g", "100 غ", "12.00", 0.11),),
        ),
        Item(
            "Palmolive",
            "Gel douche {brand} {flavor} {size}",
            "جل الاستحمام {brand} {flavor} {size}",
            (("250ml", "250 مل", "25.00", 0.28), ("500ml", "500 مل", "42.00", 0.55)),
            (("aloe vera", "ألوفيرا"), ("lait et miel", "حليب وعسل")),
        ),
        Item(
            "Lux",
            "Savon {brand} {flavor} {size}",
            "صابون {brand} {flavor} {size}",
            (("125g", "125 غ", "6.50", 0.13),),
            (("rose", "ورد"), ("jasmin", "ياسمين")),
        ),
        Item(
            None, "Savon beldi {size}", "الصابون البلدي {size}", (("300g", "300 غ", "15.00", 0.3),)
        ),
    ],
    "shampoos": [
        Item(
            "Head & Shoulders",
            "Shampooing antipelliculaire {brand} {size}",
            "شامبو ضد القشرة {brand} {size}",
            (("200ml", "200 مل", "35.00", 0.22), ("400ml", "400 مل", "55.00", 0.44)),
        ),
        Item(
            "Pantene",
            "Shampooing {brand} {flavor} {size}",
            "شامبو {brand} {flavor} {size}",
            (("400ml", "400 مل", "48.00", 0.44),),
            (("réparation", "إصلاح"), ("lisse", "ناعم")),
        ),
    ],
    "toothpastes": [
        Item(
            "Signal",
            "Dentifrice {brand} {size}",
            "معجون الأسنان {brand} {size}",
            (("75ml", "75 مل", "14.00", 0.1),),
        ),
        Item(
            "Colgate",
            "Dentifrice {brand} {flavor} {size}",
            "معجون الأسنان {brand} {flavor} {size}",
            (("75ml", "75 مل", "15.00", 0.1),),
            (("Triple action", "ثلاثي المفعول"), ("Max White", "ماكس وايت")),
        ),
    ],
    "laundry": [
        Item(
            "Tide",
            "Lessive en poudre {brand} {size}",
            "مسحوق الغسيل {brand} {size}",
            (("1kg", "1 كلغ", "24.00", 1.0), ("3kg", "3 كلغ", "68.00", 3.0)),
        ),
        Item(
            "Omo",
            "Lessive main {brand} {size}",
            "مسحوق الغسيل باليد {brand} {size}",
            (("500g", "500 غ", "12.00", 0.5), ("1kg", "1 كلغ", "23.00", 1.0)),
        ),
        Item(
            "Ariel",
            "Lessive liquide {brand} {size}",
            "سائل الغسيل {brand} {size}",
            (("1,5L", "1.5 لتر", "75.00", 1.6),),
        ),
    ],
    "dishes": [
        Item(
            "Pril",
            "Liquide vaisselle {brand} {flavor} {size}",
            "سائل غسل الأواني {brand} {flavor} {size}",
            (("750ml", "750 مل", "16.00", 0.8),),
            (("citron", "ليمون"), ("pomme", "تفاح")),
        ),
        Item(
            "Fairy",
            "Liquide vaisselle {brand} {size}",
            "سائل غسل الأواني {brand} {size}",
            (("650ml", "650 مل", "22.00", 0.7),),
        ),
    ],
    "cleaners": [
        Item(
            "Ace",
            "Eau de Javel {brand} {size}",
            "ماء جافيل {brand} {size}",
            (("1L", "1 لتر", "8.00", 1.05), ("2L", "2 لتر", "14.00", 2.1)),
        ),
        Item(
            "Mr Propre",
            "Nettoyant sols {brand} {flavor} {size}",
            "منظف الأرضيات {brand} {flavor} {size}",
            (("1L", "1 لتر", "20.00", 1.05),),
            (("citron", "ليمون"), ("fleurs", "زهور")),
        ),
    ],
    "e_liquids": [
        Item(
            brand,
            "E-liquide {brand} {flavor} {size}",
            "سائل إلكتروني {brand} {flavor} {size}",
            VAPE_STRENGTHS,
            VAPE_FLAVORS,
        )
        for brand in ("Vampire Vape", "Dinner Lady", "Nasty Juice")
    ],
    "pods": [
        Item(
            "Vaporesso",
            "Pod {brand} XROS 3 {flavor}",
            "جهاز بود {brand} XROS 3 {flavor}",
            (("", "", "320.00", 0.12),),
            DEVICE_COLORS,
        ),
        Item(
            "Voopoo",
            "Pod {brand} Argus P1 {flavor}",
            "جهاز بود {brand} Argus P1 {flavor}",
            (("", "", "290.00", 0.1),),
            DEVICE_COLORS,
        ),
        Item(
            "SMOK",
            "Pod {brand} Nord 5 {flavor}",
            "جهاز بود {brand} Nord 5 {flavor}",
            (("", "", "380.00", 0.15),),
            DEVICE_COLORS,
        ),
        Item(
            "GeekVape",
            "Pod {brand} Wenax Q {flavor}",
            "جهاز بود {brand} Wenax Q {flavor}",
            (("", "", "260.00", 0.1),),
            DEVICE_COLORS,
        ),
        Item(
            "Uwell",
            "Pod {brand} Caliburn G3 {flavor}",
            "جهاز بود {brand} Caliburn G3 {flavor}",
            (("", "", "350.00", 0.12),),
            DEVICE_COLORS,
        ),
    ],
    "vape_accessories": [
        Item(
            brand,
            "Cartouches {brand} {size}",
            "خراطيش {brand} {size}",
            (
                ("0,6 Ω (x4)", "0.6 أوم (4)", "89.00", 0.03),
                ("0,8 Ω (x4)", "0.8 أوم (4)", "89.00", 0.03),
            ),
        )
        for brand in ("Vaporesso", "Voopoo", "SMOK", "Uwell")
    ]
    + [
        Item(
            "Cotton Bacon",
            "Coton {brand} Prime {size}",
            "قطن {brand} Prime {size}",
            (("10 mèches", "10 فتائل", "65.00", 0.02),),
        ),
    ],
}

# (name_fr, name_ar, children): a child is a node of the same shape or an ITEMS key for a leaf.
CATEGORIES = [
    (
        "Épicerie",
        "بقالة",
        [
            (
                "Huiles",
                "زيوت",
                [
                    ("Huiles de table", "زيوت المائدة", "table_oils"),
                    ("Huiles d'olive", "زيوت الزيتون", "olive_oils"),
                ],
            ),
            ("Pâtes, riz et couscous", "معكرونة وأرز وكسكس", "pasta_rice"),
            ("Conserves", "معلبات", "canned"),
            ("Épices et bouillons", "توابل ومرق", "spices"),
            ("Farine, semoule et sucre", "دقيق وسميدة وسكر", "flour_sugar"),
            ("Thé et café", "أتاي وقهوة", "tea_coffee"),
            ("Biscuits et gâteaux", "بسكويت وحلويات", "biscuits"),
        ],
    ),
    (
        "Boissons",
        "مشروبات",
        [
            ("Eaux", "مياه", "water"),
            ("Sodas et jus", "مشروبات غازية وعصائر", "soft_drinks"),
        ],
    ),
    (
        "Produits laitiers",
        "منتجات الحليب",
        [
            ("Lait", "حليب", "milk"),
            ("Yaourts", "ياغورت", "yogurts"),
            ("Fromages et beurre", "أجبان وزبدة", "cheese_butter"),
        ],
    ),
    (
        "Boulangerie",
        "مخبزة",
        [
            ("Pains", "خبز", "bread"),
            ("Viennoiseries et crêpes", "معجنات ورغايف", "pastries"),
        ],
    ),
    (
        "Hygiène",
        "نظافة شخصية",
        [
            ("Savons et gels douche", "صابون وجل الاستحمام", "soaps"),
            ("Shampooings", "شامبو", "shampoos"),
            ("Dentifrices", "معجون الأسنان", "toothpastes"),
        ],
    ),
    (
        "Ménage",
        "مواد التنظيف",
        [
            ("Lessive", "مسحوق الغسيل", "laundry"),
            ("Vaisselle", "غسل الأواني", "dishes"),
            ("Nettoyants", "منظفات", "cleaners"),
        ],
    ),
    (
        "Vape 18+",
        "فيب +18",
        [
            ("E-liquides", "سوائل إلكترونية", "e_liquids"),
            ("Pods", "أجهزة بود", "pods"),
            ("Accessoires", "إكسسوارات", "vape_accessories"),
        ],
    ),
]
# Everything under these roots is sold to adults only.
RESTRICTED_ROOTS = {"Vape 18+"}
