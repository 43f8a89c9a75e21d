"""The invented part of the demo data: kinds of places and activities. Every place made from these
is named "Voorbeeld: …" and marked is_example, so no page presents it as real."""

import datetime as dt

# (buurt code, city, postcode with letters, number of example places there)
EXAMPLE_AREAS = (
    ("BU05032500", "Delft", "2625 AA", 6),  # Reinier de Graafbuurt
    ("BU05032501", "Delft", "2625 BB", 3),  # Buitenhof-Noord
    ("BU05032509", "Delft", "2625 CC", 2),  # Buitenhof-Zuid
    ("BU05032505", "Delft", "2625 DD", 2),  # Het Rode Dorp
    ("BU05032400", "Delft", "2624 AA", 2),  # Poptahof-Noord
    ("BU05031104", "Delft", "2611 AA", 2),  # Centrum
    ("BU05460400", "Leiden", "2321 AA", 4),  # Meerburg
    ("BU05460401", "Leiden", "2321 BB", 2),
    ("BU05460000", "Leiden", "2311 AA", 2),
    ("BU08550403", "Tilburg", "5045 AA", 3),  # Noord: Vlashof
    ("BU08550404", "Tilburg", "5045 BB", 2),  # Noord: De Schans
    ("BU08550406", "Tilburg", "5046 AA", 2),  # Noord: Quirijnstok
    ("BU08550601", "Tilburg", "5011 AA", 3),  # Zuid: Groenewoud
    ("BU08550602", "Tilburg", "5032 AA", 3),  # Zuid: Het Laar
    ("BU08550600", "Tilburg", "5014 AA", 2),  # Zuid: Koningshoeven
)

PLACE_KINDS = (
    ("Buurthuis", "Welzijn"),
    ("Wijkcentrum", "Welzijn"),
    ("Bibliotheek", "Bibliotheek"),
    ("Inloophuis", "Kerk en Buurt"),
    ("Buurttuin", "Groen in de Wijk"),
    ("Sporthal", "Sportbedrijf"),
    ("Huiskamer van de wijk", "Welzijn"),
)

# (RRULE, start time). Weekly on each weekday at three times of day, then monthly and single dates.
SCHEDULES = tuple(
    (f"FREQ=WEEKLY;BYDAY={day}", dt.time(hour, minute))
    for (hour, minute) in ((10, 0), (14, 0), (19, 0))
    for day in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
) + (
    ("FREQ=WEEKLY;BYDAY=TU,TH", dt.time(9, 30)),
    ("FREQ=MONTHLY;BYDAY=+1WE", dt.time(13, 30)),
    ("FREQ=MONTHLY;BYDAY=-1FR", dt.time(15, 0)),
    ("FREQ=WEEKLY;BYDAY=SA", dt.time(22, 0)),  # runs past midnight
    (None, dt.time(11, 0)),
    ("FREQ=MONTHLY;BYDAY=+3TH", dt.time(18, 30)),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", dt.time(10, 30)),
)

ACTIVITY_TEMPLATES = (
    {"category": "coffee", "languages": "nl en", "texts": {
        "nl": ("Koffie-ochtend", "Iedereen is welkom voor koffie en een praatje. U kunt gewoon binnenlopen. "
               "Er is altijd een vrijwilliger die u welkom heet."),
        "en": ("Coffee morning", "Everyone is welcome for coffee and a chat. You can just walk in. "
               "A volunteer is always there to welcome you."),
        "ar": ("صباح القهوة", "الجميع مرحب بهم لشرب القهوة والدردشة. يمكنك الدخول مباشرة. "
               "يوجد دائمًا متطوع يرحب بك."),
        "tr": ("Kahve sabahı", "Herkes kahve ve sohbet için davetlidir. Doğrudan içeri girebilirsiniz. "
               "Sizi karşılayan bir gönüllü her zaman orada."),
        "pl": ("Poranna kawa", "Każdy jest mile widziany na kawę i rozmowę. Można po prostu wejść. "
               "Zawsze jest wolontariusz, który Cię powita."),
        "uk": ("Ранкова кава", "Усі запрошені на каву та розмову. Можна просто зайти. "
               "Вас завжди зустріне волонтер."),
    }},
    {"category": "meal", "cost": 450, "signup": True, "minutes": 150, "texts": {
        "nl": ("Samen eten", "We koken samen en eten aan een lange tafel. Een maaltijd kost € 4,50. "
               "Meld u uiterlijk de dag ervoor aan."),
        "en": ("Eating together", "We cook together and eat at one long table. A meal costs € 4.50. "
               "Please sign up the day before at the latest."),
        "ar": ("نأكل معًا", "نطبخ معًا ونأكل على طاولة طويلة. الوجبة تكلف 4.50 يورو. "
               "سجّل قبل يوم على الأقل."),
        "tr": ("Birlikte yemek", "Birlikte yemek pişirip uzun bir masada yiyoruz. Bir yemek 4,50 €. "
               "En geç bir gün önce kaydolun."),
        "pl": ("Wspólny posiłek", "Gotujemy razem i jemy przy długim stole. Posiłek kosztuje 4,50 €. "
               "Zapisz się najpóźniej dzień wcześniej."),
        "uk": ("Їмо разом", "Ми готуємо разом і їмо за довгим столом. Обід коштує 4,50 €. "
               "Запишіться не пізніше ніж за день."),
    }},
    {"category": "moving", "audience": "seniors", "minutes": 60, "texts": {
        "nl": ("Bewegen voor ouderen", "Rustig bewegen op muziek, zittend of staand. U hoeft niets mee te nemen. "
               "Een trainer doet alles voor."),
        "en": ("Exercise for older people", "Gentle exercise to music, sitting or standing. "
               "You do not need to bring anything. A trainer shows every move."),
        "ar": ("رياضة لكبار السن", "حركة هادئة مع الموسيقى، جلوسًا أو وقوفًا. لا تحتاج إلى إحضار أي شيء. "
               "مدرب يريك كل حركة."),
        "tr": ("Yaşlılar için hareket", "Müzik eşliğinde oturarak veya ayakta sakin hareket. "
               "Yanınızda bir şey getirmenize gerek yok. Bir eğitmen her hareketi gösterir."),
        "pl": ("Ruch dla seniorów", "Spokojne ćwiczenia przy muzyce, na siedząco lub na stojąco. "
               "Nie trzeba niczego przynosić. Trener pokazuje każde ćwiczenie."),
        "uk": ("Рух для людей похилого віку", "Спокійні вправи під музику, сидячи або стоячи. "
               "Нічого не треба брати з собою. Тренер показує кожну вправу."),
    }},
    {"category": "language", "languages": "nl ar tr pl uk", "texts": {
        "nl": ("Taalcafé", "Oefen Nederlands in een kleine groep. We praten over gewone dingen. "
               "Fouten maken mag."),
        "en": ("Language café", "Practise Dutch in a small group. We talk about everyday things. "
               "Making mistakes is fine."),
        "ar": ("مقهى اللغة", "تدرّب على اللغة الهولندية في مجموعة صغيرة. نتحدث عن أمور يومية. "
               "لا بأس بالأخطاء."),
        "tr": ("Dil kafe", "Küçük bir grupta Felemenkçe pratik yapın. Günlük şeyler hakkında konuşuyoruz. "
               "Hata yapmak serbest."),
        "pl": ("Kawiarenka językowa", "Ćwicz niderlandzki w małej grupie. Rozmawiamy o zwykłych sprawach. "
               "Można robić błędy."),
        "uk": ("Мовне кафе", "Практикуйте нідерландську в невеликій групі. Ми говоримо про звичайні речі. "
               "Помилятися можна."),
    }},
    {"category": "games", "texts": {
        "nl": ("Spelletjesmiddag", "We spelen kaart- en bordspellen, zoals klaverjassen en rummikub. "
               "Nieuwe spelers leren het snel."),
        "en": ("Games afternoon", "We play card and board games, such as klaverjassen and rummikub. "
               "New players learn quickly."),
        "ar": ("بعد ظهر الألعاب", "نلعب ألعاب الورق والألواح مثل كلافرياسن ورومي كوب. "
               "اللاعبون الجدد يتعلمون بسرعة."),
        "tr": ("Oyun öğleden sonrası", "Klaverjassen ve rummikub gibi kart ve masa oyunları oynuyoruz. "
               "Yeni oyuncular çabuk öğrenir."),
        "pl": ("Popołudnie z grami", "Gramy w karty i gry planszowe, na przykład klaverjassen i rummikub. "
               "Nowi gracze szybko się uczą."),
        "uk": ("День настільних ігор", "Ми граємо в карти та настільні ігри, як-от клаверясен і румміккуб. "
               "Нові гравці швидко вчаться."),
    }},
    {"category": "outdoors", "texts": {
        "nl": ("Samen tuinieren", "We werken samen in de buurttuin. U krijgt handschoenen en gereedschap. "
               "Na afloop drinken we thee."),
        "en": ("Gardening together", "We work together in the neighbourhood garden. "
               "You get gloves and tools. Afterwards we have tea."),
        "ar": ("نزرع معًا", "نعمل معًا في حديقة الحي. تحصل على قفازات وأدوات. بعد ذلك نشرب الشاي."),
        "tr": ("Birlikte bahçe işi", "Mahalle bahçesinde birlikte çalışıyoruz. Eldiven ve alet veriliyor. "
               "Sonra çay içiyoruz."),
        "pl": ("Wspólne ogrodnictwo", "Pracujemy razem w ogrodzie sąsiedzkim. Dostajesz rękawice i narzędzia. "
               "Potem pijemy herbatę."),
        "uk": ("Садівництво разом", "Ми працюємо разом у саду району. Ви отримаєте рукавиці та інструменти. "
               "Після цього п'ємо чай."),
    }},
    {"category": "creative", "cost": 200, "texts": {
        "nl": ("Creatief atelier", "Schilderen, tekenen of haken: u kiest zelf. Materiaal is er. "
               "Een kopje koffie is inbegrepen."),
    }},
    {"category": "talking", "audience": "everyone", "signup": True, "minutes": 90, "texts": {
        "nl": ("Praatgroep Samen Sterk", "Een kleine groep praat over hoe het met je gaat. "
               "Een ervaren begeleider leidt het gesprek. Bel eerst even om kennis te maken."),
    }},
    {"category": "advice", "minutes": 90, "texts": {
        "nl": ("Spreekuur geldzaken", "Hebt u vragen over brieven, rekeningen of toeslagen? "
               "Een vrijwilliger helpt u. Neem de brieven mee."),
    }},
    {"category": "music", "cost": 150, "texts": {
        "nl": ("Buurtkoor", "We zingen bekende liedjes. U hoeft geen noten te kunnen lezen. "
               "Luisteren mag ook."),
    }},
    {"category": "computer", "texts": {
        "nl": ("Digicafé", "Hulp met uw telefoon, tablet of computer. Bijvoorbeeld met DigiD of WhatsApp. "
               "Neem uw eigen apparaat mee."),
    }},
    {"category": "coffee", "audience": "women", "languages": "nl ar tr", "texts": {
        "nl": ("Vrouwenochtend", "Een ochtend voor vrouwen uit de buurt. We drinken thee en praten. "
               "Kinderen tot 4 jaar mogen mee."),
    }},
)
