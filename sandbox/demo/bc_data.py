"""The CRONUS-like demo company as data: master data of Business Central, in BC's field names.

Customers, contacts and documents are built from these lists by ``sandbox.demo.bc_seed``; values that vary per
record (addresses, phone numbers, balances) come from a seeded random generator, so every seed is identical.
"""

__all__ = [
    "CITIES",
    "CURRENCIES",
    "CUSTOMER_NAMES",
    "CUSTOMER_PRICE_GROUPS",
    "FIRST_NAMES",
    "ITEMS",
    "ITEM_CATEGORIES",
    "LAST_NAMES",
    "PAYMENT_TERMS",
    "RESOURCES",
    "SALESPEOPLE",
    "SHIPMENT_METHODS",
    "SHIPPING_AGENTS",
    "STREETS",
    "UNITS",
    "VENDOR_NAMES",
]

SALESPEOPLE = [
    ("BC", "Benjamin Chiu", "Sales Manager"),
    ("HR", "Helena Ray", "Account Manager"),
    ("JO", "Jim Olive", "Account Manager"),
    ("LM", "Linda Martin", "Sales Representative"),
    ("OF", "Otis Falls", "Sales Representative"),
    ("PS", "Peter Saddow", "Sales Representative"),
    ("RB", "Robin Bettencourt", "Key Account Manager"),
    ("JR", "John Roberts", "Inside Sales"),
]
CURRENCIES = [  # code, name, symbol, units of the currency per 100 USD (its Currency Exchange Rate)
    ("EUR", "Euro", "€", 92),
    ("GBP", "British Pound", "£", 79),
    ("CAD", "Canadian Dollar", "$", 137),
    ("MXN", "Mexican Peso", "$", 1705),
    ("JPY", "Japanese Yen", "¥", 15120),
]
PAYMENT_TERMS = [
    ("1M(8D)", "1 Month/2% 8 days", "1M", "8D", 2),
    ("14 DAYS", "Net 14 days", "14D", "", 0),
    ("21 DAYS", "Net 21 days", "21D", "", 0),
    ("30 DAYS", "Net 30 days", "30D", "", 0),
    ("7 DAYS", "Net 7 days", "7D", "", 0),
    ("CM", "Current Month", "CM", "", 0),
    ("COD", "Cash on delivery", "0D", "", 0),
]
SHIPMENT_METHODS = [
    ("CFR", "Cost and Freight"),
    ("CIF", "Cost Insurance and Freight"),
    ("DAP", "Delivered at Place"),
    ("EXW", "Ex Warehouse"),
    ("FOB", "Free on Board"),
    ("PICKUP", "Pickup at Location"),
]
SHIPPING_AGENTS = [
    ("DHL", "DHL Systems, Inc.", "www.dhl.com"),
    ("FEDEX", "Federal Express Corporation", "www.fedex.com"),
    ("UPS", "UPS Parcel Service", "www.ups.com"),
    ("OWNLOG", "Own Logistics", ""),
]
UNITS = [
    ("PCS", "Piece", "H87"),
    ("BOX", "Box", "BX"),
    ("SET", "Set", "SET"),
    ("PACK", "Pack", "PK"),
    ("HOUR", "Hour", "HUR"),
    ("DAY", "Day", "DAY"),
    ("KG", "Kilogram", "KGM"),
]
ITEM_CATEGORIES = [
    ("CHAIR", "Office Chairs"),
    ("DESK", "Office Desks"),
    ("TABLE", "Assorted Tables"),
    ("STORAGE", "Storage"),
    ("PARTS", "Parts and Assemblies"),
    ("MISC", "Miscellaneous"),
]
CUSTOMER_PRICE_GROUPS = [
    ("RETAIL", "Retail customers"),
    ("WHOLESALE", "Wholesale customers"),
    ("EXPORT", "Export customers"),
]
# No., description, category, unit price, unit cost, inventory, extra sales unit (code, qty) or None.
ITEMS = [
    ("1896-S", "ATHENS Desk", "DESK", 1000.8, 780.7, 12, None),
    ("1900-S", "PARIS Guest Chair, black", "CHAIR", 192.8, 150.4, 96, ("BOX", 6)),
    ("1906-S", "ATHENS Mobile Pedestal", "STORAGE", 281.4, 219.5, 31, None),
    ("1908-S", "LONDON Swivel Chair, blue", "CHAIR", 190.1, 148.3, 68, ("BOX", 4)),
    ("1920-S", "ANTWERP Conference Table", "TABLE", 649.4, 506.6, 14, None),
    ("1925-W", "Conference Bundle 1-6", "TABLE", 1133.8, 885.0, 5, ("SET", 1)),
    ("1928-S", "AMSTERDAM Lamp", "MISC", 54.9, 42.8, 140, ("PACK", 10)),
    ("1929-W", "Conference Bundle 1-8", "TABLE", 1396.4, 1089.2, 3, ("SET", 1)),
    ("1936-S", "BERLIN Guest Chair, yellow", "CHAIR", 192.8, 150.4, 72, ("BOX", 6)),
    ("1953-W", "Guest Section 1", "CHAIR", 1030.0, 803.4, 6, ("SET", 1)),
    ("1960-S", "ROME Guest Chair, green", "CHAIR", 192.8, 150.4, 55, ("BOX", 6)),
    ("1964-S", "TOKYO Guest Chair, blue", "CHAIR", 192.8, 150.4, 48, ("BOX", 6)),
    ("1965-W", "Conference Bundle 2-8", "TABLE", 1544.0, 1204.3, 2, ("SET", 1)),
    ("1968-S", "MEXICO Swivel Chair, black", "CHAIR", 190.1, 148.3, 61, ("BOX", 4)),
    ("1969-W", "Conference Package 1", "TABLE", 1867.2, 1456.4, 4, ("SET", 1)),
    ("1972-S", "MUNICH Swivel Chair, yellow", "CHAIR", 190.1, 148.3, 40, ("BOX", 4)),
    ("1980-S", "MOSCOW Swivel Chair, red", "CHAIR", 190.1, 148.3, 33, ("BOX", 4)),
    ("1988-S", "SEOUL Guest Chair, red", "CHAIR", 192.8, 150.4, 27, ("BOX", 6)),
    ("1996-S", "ATLANTA Whiteboard, base", "MISC", 1397.3, 1089.9, 9, None),
    ("2000-S", "SYDNEY Swivel Chair, green", "CHAIR", 190.1, 148.3, 44, ("BOX", 4)),
    ("70000", "Side Panel", "PARTS", 45.0, 35.1, 320, ("PACK", 5)),
    ("70001", "Base", "PARTS", 32.0, 25.0, 410, None),
    ("70002", "Top Panel", "PARTS", 58.0, 45.2, 260, None),
    ("70003", "Back Panel", "PARTS", 41.0, 32.0, 275, None),
    ("70010", "Leg", "PARTS", 12.5, 9.8, 1200, ("PACK", 4)),
    ("70011", "Glass Door", "PARTS", 88.0, 68.6, 64, None),
    ("70040", "Drawer", "PARTS", 29.0, 22.6, 180, None),
    ("70100", "Paint, black", "MISC", 23.0, 17.9, 90, None),
    ("70101", "Paint, blue", "MISC", 23.0, 17.9, 75, None),
    ("80100", "Printing Paper", "MISC", 8.5, 6.6, 500, ("BOX", 5)),
]
# No., name, type, unit price, unit cost, capacity.
RESOURCES = [
    ("KATHERINE", "Katherine Hull", "Person", 90.0, 55.0, 160),
    ("LIFT", "Lift for Furniture", "Machine", 60.0, 25.0, 120),
    ("LINDA", "Linda Martin", "Person", 95.0, 58.0, 160),
    ("MARTY", "Marty Horst", "Person", 85.0, 52.0, 160),
    ("TERRY", "Terry Dodds", "Person", 80.0, 50.0, 140),
    ("INSTALL", "Installation Team", "Person", 120.0, 75.0, 320),
]
CUSTOMER_NAMES = [
    "Adatum Corporation",
    "Trey Research",
    "School of Fine Art",
    "Alpine Ski House",
    "Relecloud",
    "Coho Winery",
    "Fabrikam, Inc.",
    "Contoso, Ltd.",
    "Litware, Inc.",
    "Northwind Traders",
    "Tailspin Toys",
    "Wide World Importers",
    "Woodgrove Bank",
    "Proseware, Inc.",
    "Lamna Healthcare",
    "Lucerne Publishing",
    "Margie's Travel",
    "VanArsdel, Ltd.",
    "Wingtip Toys",
    "Humongous Insurance",
    "Graphic Design Institute",
    "Fourth Coffee",
    "Blue Yonder Airlines",
    "City Power & Light",
    "Consolidated Messenger",
    "First Up Consultants",
    "Nod Publishers",
    "Southridge Video",
    "Bellows College",
    "Munson's Pickles and Preserves",
]
VENDOR_NAMES = [
    "Fabrikam Supplies",
    "First Up Furniture Parts",
    "Graphic Design Materials",
    "Wide World Wood",
    "Contoso Glass",
    "Tailspin Paints",
]
FIRST_NAMES = [
    "Adam", "Aimee", "Alan", "Andrea", "Bart", "Brenda", "Carl", "Chris", "Dana", "David", "Elena", "Eric",
    "Fiona", "Frank", "Grace", "Greg", "Hanna", "Ivan", "Jade", "Jamie", "Karen", "Kevin", "Laura", "Luis",
    "Maria", "Mark", "Nina", "Oscar", "Paula", "Raj", "Sara", "Scott", "Tina", "Tom", "Vera", "Will",
]  # fmt: skip
LAST_NAMES = [
    "Barr", "Beebe", "Bishop", "Carlson", "Dixon", "Evans", "Fischer", "Garcia", "Hansen", "Hughes", "Ito",
    "Jensen", "Kim", "Larsen", "Lopez", "Meyer", "Nash", "Olsen", "Park", "Quinn", "Reyes", "Schmidt",
    "Tanaka", "Underwood", "Vance", "Walker", "Young", "Zimmer",
]  # fmt: skip
# City, state, post code prefix.
CITIES = [
    ("Atlanta", "GA", "303"),
    ("Chicago", "IL", "606"),
    ("Seattle", "WA", "981"),
    ("Miami", "FL", "331"),
    ("Denver", "CO", "802"),
    ("Boston", "MA", "021"),
    ("Dallas", "TX", "752"),
    ("Phoenix", "AZ", "850"),
    ("Portland", "OR", "972"),
    ("San Diego", "CA", "921"),
    ("Nashville", "TN", "372"),
    ("Minneapolis", "MN", "554"),
]
STREETS = ["Main Street", "Oak Avenue", "Pine Road", "Maple Drive", "Cedar Lane", "Elm Street", "Lake View", "Park Way"]
