"""Default destination rules: extra documents a shipment needs, by market and product.

Each rule: market, category key (see ``defaults.CATEGORY_KEYS``) and/or HS prefixes (one rule
row per prefix), optional keywords the product's materials or name must mention, document code,
titles and notes in both languages, issuing body, the checklist item whose verified answer means
the SME holds it, whether it is issued per shipment, and its legal source (shown to the SME).

HS prefixes follow BTKI 2022 (8-digit codes). Corrections of issue #12: CITES only for listed
reptile species, never cattle; EUDR for cattle hides and leather (4101, 4104, 4107), coffee,
cocoa and wood, never finished leather goods (4202 is outside Annex I); fish products carry the
fish-quarantine health certificate; cosmetics and herbal products BPOM's export certificate.
"""

# ruff: noqa: E501
from trading_house.readiness.defaults_bodies import IPSKA_ENGLISH, both

FOOD_HS = ("16", "17", "18", "19", "20", "21")
WOOD_HS = ("44", "940161", "940169", "940330", "940340", "940350", "940360")
SPICE_HS = ("0904", "0905", "0906", "0907", "0908", "0909", "0910", "1801")


def _rule(
    market,
    document_code,
    *,
    category=None,
    hs=(),
    item=None,
    per_shipment=False,
    keywords=None,
    legal,
    body,
    en,
    id_,
):
    return {
        "keywords": keywords,
        "legal_source": legal,
        "market": market,
        "category": category,
        "hs_prefixes": tuple(hs),
        "document_code": document_code,
        "item_code": item,
        "per_shipment": per_shipment,
        **both(body),
        "title_english": en[0],
        "note_english": en[1],
        "title_indonesian": id_[0],
        "note_indonesian": id_[1],
    }


#: Words that mark a CITES-listed reptile in the materials or name (Indonesian and English).
REPTILE_WORDS = "python, sanca, piton, ular, snake, crocodile, buaya, monitor lizard, biawak, varanus, reptile, reptil"
#: Cattle hides and leather in Annex I of the EUDR (finished goods of chapter 42 are not).
EUDR_HS = ("0901", "1801", "4101", "4104", "4107")
FISH_HS = (
    "0302",
    "0303",
    "0304",
    "0305",
    "0306",
    "0307",
    "0308",
    "1604",
    "1605",
    "121221",
    "121229",
)
COSMETIC_HS = ("3301", "3303", "3304", "3305", "3307", "340111", "340130")
_EUDR = "Regulation (EU) 2023/1115 (EUDR), Art. 3 and Annex I"

_IPSKA = IPSKA_ENGLISH


def _coo(market, code, form, agreement_en, agreement_id):
    return _rule(
        market,
        code,
        legal=f"{agreement_en.split(',')[0]}: rules of origin and operational certification procedures",
        item="prod.coo_eligibility",
        per_shipment=True,
        body=_IPSKA,
        en=(
            f"Certificate of origin {form} ({agreement_en})",
            f"Lets the buyer claim the lower duty of {agreement_en}; issued for each shipment through e-SKA when the product meets the origin rules.",
        ),
        id_=(
            f"Surat Keterangan Asal {form} ({agreement_id})",
            f"Membuat pembeli mendapat bea masuk lebih rendah berdasarkan {agreement_id}; diterbitkan per pengiriman melalui e-SKA bila produk memenuhi ketentuan asal barang.",
        ),
    )


# fmt: off
DEFAULT_RULES = [
    _coo("asean", "coo_form_d", "Form D", "ATIGA, the ASEAN Trade in Goods Agreement", "ATIGA, Persetujuan Perdagangan Barang ASEAN"),
    _coo("china", "coo_form_e", "Form E", "ACFTA, the ASEAN–China Free Trade Area", "ACFTA, Kawasan Perdagangan Bebas ASEAN–Tiongkok"),
    _coo("korea", "coo_form_ak", "Form AK", "AKFTA, the ASEAN–Korea Free Trade Area", "AKFTA, Kawasan Perdagangan Bebas ASEAN–Korea"),
    _coo("japan", "coo_ijepa", "Form IJEPA", "IJEPA, the Indonesia–Japan Economic Partnership Agreement", "IJEPA, Persetujuan Kemitraan Ekonomi Indonesia–Jepang"),
    _coo("india", "coo_form_ai", "Form AI", "AIFTA, the ASEAN–India Free Trade Area", "AIFTA, Kawasan Perdagangan Bebas ASEAN–India"),
    _coo("australia", "coo_iacepa", "Form IA-CEPA", "IA-CEPA, the Indonesia–Australia Comprehensive Economic Partnership Agreement", "IA-CEPA, Persetujuan Kemitraan Ekonomi Komprehensif Indonesia–Australia"),
    _rule("eu", "origin_rex", item="prod.coo_eligibility", per_shipment=True, body="Ministry of Trade — REX registration through e-SKA",
          legal="Commission Implementing Regulation (EU) 2015/2447, Art. 92 and Annex 22-07 (GSP statement on origin)",
          en=("Statement on origin (REX) for the EU's GSP", "Registered exporters (REX) write a statement on origin on the invoice so the EU buyer pays the lower GSP duty."),
          id_=("Pernyataan asal (REX) untuk GSP Uni Eropa", "Eksportir terdaftar REX menuliskan pernyataan asal pada invoice agar pembeli di Uni Eropa membayar bea GSP yang lebih rendah.")),
    _rule("uk", "origin_rex_uk", item="prod.coo_eligibility", per_shipment=True, body="Ministry of Trade — REX registration through e-SKA",
          legal="UK Developing Countries Trading Scheme (DCTS): origin reference document",
          en=("Statement on origin (REX) for the UK's DCTS", "A statement on origin by a REX-registered exporter gives the lower duty of the UK Developing Countries Trading Scheme."),
          id_=("Pernyataan asal (REX) untuk DCTS Inggris", "Pernyataan asal oleh eksportir terdaftar REX memberi bea lebih rendah dalam skema DCTS Inggris.")),
    _rule("usa", "coo_form_b", item="prod.coo_eligibility", per_shipment=True, body=_IPSKA,
          legal="Non-preferential origin; asked for by buyers and banks (letters of credit), not by US law",
          en=("Non-preferential certificate of origin (Form B)", "The United States grants no preferential duty; buyers and banks may still ask for a general certificate of origin."),
          id_=("SKA non-preferensi (Form B)", "Amerika Serikat tidak memberi tarif preferensi; pembeli dan bank tetap dapat meminta SKA umum.")),
    _rule("middle_east", "coo_form_b_legalised", item="prod.coo_eligibility", per_shipment=True, body=_IPSKA + "; legalised by the destination's embassy",
          legal="Destination customs practice: legalised certificate of origin and invoice",
          en=("Certificate of origin legalised by the embassy", "Gulf buyers usually need a general certificate of origin (Form B) and the commercial invoice legalised by the chamber of commerce and the embassy."),
          id_=("SKA yang dilegalisasi kedutaan", "Pembeli di negara Teluk biasanya meminta SKA umum (Form B) dan invoice yang dilegalisasi kamar dagang dan kedutaan.")),
    _rule("all", "form_ico", hs=("0901",), per_shipment=True, body="Ministry of Trade through IPSKA, for the International Coffee Organization (ICO)",
          legal="ICO Rules on Certificates of Origin (International Coffee Agreement 2007)",
          en=("ICO certificate of origin (Form ICO)", "Every coffee export carries an ICO certificate of origin with the exporter's ICO number, issued with the shipment."),
          id_=("Surat keterangan asal ICO (Form ICO)", "Setiap ekspor kopi disertai SKA ICO dengan nomor ICO eksportir, diterbitkan bersama pengiriman.")),
    _rule("all", "sni_green_coffee", hs=("090111", "090112"), item="prod.sni", body="An LSPro accredited by KAN (Badan Standardisasi Nasional)",
          legal="SNI 2907:2008 Biji kopi (green coffee grading); UU 20/2014 on standardisation",
          en=("Green-coffee grade to SNI 2907:2008", "Green coffee is graded by its defect count under SNI 2907:2008; buyers and the ICO certificate quote the grade. An SNI product certificate (SPPT-SNI) proves it."),
          id_=("Mutu biji kopi sesuai SNI 2907:2008", "Biji kopi mentah dinilai mutunya dari jumlah cacat menurut SNI 2907:2008; pembeli dan SKA ICO mencantumkan mutunya. Sertifikat produk SNI (SPPT-SNI) menjadi buktinya.")),
    _rule("all", "phytosanitary", hs=("090111", "090112") + SPICE_HS, per_shipment=True, body="Indonesian Quarantine Authority — Barantin (Badan Karantina Indonesia), Makassar",
          legal="UU 21/2019 on animal, fish and plant quarantine; IPPC ISPM 12",
          en=("Phytosanitary certificate", "Green coffee beans, spices and cocoa beans are inspected by plant quarantine before loading; book the inspection a few days ahead."),
          id_=("Sertifikat fitosanitasi", "Biji kopi mentah, rempah dan biji kakao diperiksa karantina tumbuhan sebelum dimuat; pesan pemeriksaan beberapa hari sebelumnya.")),
    _rule("all", "fish_health_certificate", category="seafood", hs=FISH_HS, per_shipment=True, body="Indonesian Quarantine Authority — Barantin (fish quarantine), Makassar",
          legal="UU 21/2019 on animal, fish and plant quarantine: health certificate for fish and fishery products",
          en=("Health certificate for fish and fishery products", "Fish products — abon ikan (fish floss), fish crackers, dried fish, seaweed — are inspected by fish quarantine and leave with a health certificate; the processing unit needs its fish-processing approval (SKP) from the Ministry of Marine Affairs and Fisheries."),
          id_=("Sertifikat kesehatan ikan dan produk perikanan", "Produk perikanan — abon ikan, kerupuk ikan, ikan kering, rumput laut — diperiksa karantina ikan dan dikirim dengan sertifikat kesehatan; unit pengolahannya memerlukan Sertifikat Kelayakan Pengolahan (SKP) dari KKP.")),
    _rule("all", "v_legal", category="wood", hs=WOOD_HS, item="prod.svlk", per_shipment=True, body="KLHK — SILK system (silk.menlhk.go.id)",
          legal="PP 23/2021 on forestry and Permen LHK 8/2021 (SVLK); export document for forestry industry products",
          en=("SVLK export document (V-Legal / Deklarasi Ekspor)", "Each shipment of wood products needs its export document from the SILK system, based on your S-LK certificate or supplier declaration."),
          id_=("Dokumen ekspor SVLK (V-Legal / Deklarasi Ekspor)", "Setiap pengiriman produk kayu memerlukan dokumen ekspor dari sistem SILK, berdasarkan sertifikat S-LK atau deklarasi pemasok Anda.")),
    _rule("all", "ispm15", category="wood", hs=WOOD_HS, per_shipment=True, body="A Barantin-registered ISPM-15 treatment provider",
          legal="IPPC ISPM 15: regulation of wood packaging material in international trade",
          en=("ISPM-15 treated and marked wooden packaging", "If goods travel in wooden crates or on wooden pallets, the wood must be heat-treated or fumigated and carry the ISPM-15 mark."),
          id_=("Kemasan kayu berstandar ISPM-15", "Bila barang dikirim dalam peti kayu atau di atas palet kayu, kayunya harus diberi perlakuan panas atau fumigasi dan bertanda ISPM-15.")),
    _rule("all", "cites", hs=("410320", "411330"), per_shipment=True, body="KLHK — BKSDA Sulawesi Selatan (CITES Management Authority, Ditjen KSDAE)",
          legal="CITES Art. IV, Appendix II (Python reticulatus, Varanus salvator, Crocodylus porosus); PP 8/1999 (SATS-LN)",
          en=("CITES export permit (SATS-LN)", "Raw skins and leather of reptiles (python, monitor lizard, crocodile) are listed species: each shipment needs a CITES permit within the national quota. Cattle, goat and sheep leather needs none."),
          id_=("Izin ekspor CITES (SATS-LN)", "Kulit mentah dan kulit samak reptil (sanca, biawak, buaya) termasuk satwa yang terdaftar: setiap pengiriman memerlukan izin CITES sesuai kuota nasional. Kulit sapi, kambing dan domba tidak memerlukannya.")),
    _rule("all", "cites", keywords=REPTILE_WORDS, per_shipment=True, body="KLHK — BKSDA Sulawesi Selatan (CITES Management Authority, Ditjen KSDAE)",
          legal="CITES Art. IV, Appendix II (Python reticulatus, Varanus salvator, Crocodylus porosus); PP 8/1999 (SATS-LN)",
          en=("CITES export permit (SATS-LN)", "Goods made of python, monitor lizard or crocodile skin are listed species: each shipment needs a CITES permit within the national quota. Cattle, goat and sheep leather needs none."),
          id_=("Izin ekspor CITES (SATS-LN)", "Barang dari kulit sanca, biawak atau buaya termasuk satwa yang terdaftar: setiap pengiriman memerlukan izin CITES sesuai kuota nasional. Kulit sapi, kambing dan domba tidak memerlukannya.")),
    _rule("all", "bpom_health_certificate", category="food", hs=FOOD_HS, item="prod.food_registration", per_shipment=True, body="BPOM — Balai Besar POM Makassar",
          legal="UU 18/2012 on food; BPOM export certificate (health certificate) for registered processed food",
          en=("BPOM health certificate for export", "Processed food shipments carry a health certificate from BPOM, which requires the product's MD registration."),
          id_=("Sertifikat kesehatan ekspor BPOM", "Pengiriman pangan olahan disertai sertifikat kesehatan dari BPOM, yang mensyaratkan registrasi MD produk.")),
    _rule("all", "bpom_export_certificate", category="herbal", hs=COSMETIC_HS, item="prod.bpom_cosmetic", per_shipment=True, body="BPOM — Balai Besar POM Makassar (e-sertifikasi)",
          legal="BPOM export certificate (certificate of free sale) for notified cosmetics (NA) and registered traditional medicine (TR)",
          en=("BPOM export certificate for cosmetics and herbal products", "Importing countries ask for BPOM's export certificate (certificate of free sale); BPOM issues it only for products with a valid NA notification or TR registration."),
          id_=("Surat keterangan ekspor BPOM untuk kosmetik dan produk herbal", "Negara tujuan meminta surat keterangan ekspor (certificate of free sale) dari BPOM; BPOM hanya menerbitkannya untuk produk dengan notifikasi NA atau registrasi TR yang berlaku.")),
    _rule("eu", "eudr_due_diligence", category="wood", hs=EUDR_HS + WOOD_HS, body="You with your suppliers; the EU importer files the statement in TRACES",
          legal=_EUDR,
          en=("EU deforestation due-diligence data (EUDR)", "Coffee, cocoa, wood and cattle hides and leather (not finished leather goods) need the geolocation of every plot of origin and proof of legal production without deforestation after 31 December 2020."),
          id_=("Data uji tuntas deforestasi Uni Eropa (EUDR)", "Kopi, kakao, kayu serta kulit mentah dan kulit samak sapi (bukan barang jadi dari kulit) memerlukan titik koordinat setiap kebun atau lahan asal serta bukti produksi legal tanpa deforestasi setelah 31 Desember 2020.")),
    _rule("middle_east", "halal", category="food", item="prod.halal", body="BPJPH (Kementerian Agama)",
          legal="UU 33/2014 on halal product assurance; GSO 2055-1 (Gulf halal food standard)",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for food and cosmetics."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk pangan dan kosmetik.")),
    _rule("middle_east", "halal", category="coffee", item="prod.halal", body="BPJPH (Kementerian Agama)",
          legal="UU 33/2014 on halal product assurance; GSO 2055-1 (Gulf halal food standard)",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for food and drinks."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk pangan dan minuman.")),
    _rule("middle_east", "halal", category="herbal", item="prod.halal", body="BPJPH (Kementerian Agama)",
          legal="UU 33/2014 on halal product assurance; importing Gulf state's halal rules",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for cosmetics and herbal products."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk kosmetik dan produk herbal.")),
    _rule("usa", "fda_registration", category="food", hs=FOOD_HS + ("0901", "0902"), body="US Food and Drug Administration (online); the importer files the prior notice",
          legal="US Federal Food, Drug, and Cosmetic Act §415 (facility registration) and §801(m) (prior notice)",
          en=("FDA food facility registration and prior notice", "Food makers register their facility with the FDA (free, renewed every two years); each shipment needs a prior notice."),
          id_=("Registrasi fasilitas pangan FDA dan prior notice", "Produsen pangan mendaftarkan fasilitasnya ke FDA (gratis, diperbarui tiap dua tahun); setiap pengiriman memerlukan prior notice.")),
    _rule("usa", "lacey_declaration", category="wood", hs=WOOD_HS, per_shipment=True, body="The US importer files it with USDA APHIS; you supply species and country of harvest",
          legal="US Lacey Act, 16 U.S.C. 3372(f) (plant product declaration)",
          en=("Lacey Act plant declaration (PPQ 505)", "Wood products entering the United States declare the species and country of harvest of the timber."),
          id_=("Deklarasi Lacey Act (PPQ 505)", "Produk kayu yang masuk Amerika Serikat menyatakan spesies dan negara asal panen kayunya.")),
    _rule("china", "gacc_registration", category="food", hs=FOOD_HS + ("0901", "0902"), body="General Administration of Customs of China (GACC), recommended by BPOM",
          legal="GACC Decree No. 248 (registration of overseas food manufacturers)",
          en=("GACC registration of the food manufacturer (CIFER)", "Food makers exporting to China are registered with China's customs through the CIFER system before the first shipment."),
          id_=("Registrasi produsen pangan di GACC (CIFER)", "Produsen pangan yang mengekspor ke Tiongkok didaftarkan di bea cukai Tiongkok melalui sistem CIFER sebelum pengiriman pertama.")),
    _rule("korea", "mfds_registration", category="food", hs=FOOD_HS, body="Korea Ministry of Food and Drug Safety (MFDS)",
          legal="Korea Special Act on Imported Food Safety Management, Art. 5 (foreign facility registration)",
          en=("MFDS registration of the foreign food facility", "Korea requires foreign food facilities to be registered with the MFDS before import."),
          id_=("Registrasi fasilitas pangan asing di MFDS", "Korea mewajibkan fasilitas pangan asing terdaftar di MFDS sebelum impor.")),
    _rule("japan", "jp_food_notification", category="food", hs=FOOD_HS, body="The importer, at a Japanese quarantine station (MHLW)",
          legal="Japan Food Sanitation Act, Art. 27 (import notification)",
          en=("Ingredients and process sheet for Japan's food import notification", "The importer files the notification; you supply the full ingredient list, additives and the manufacturing flow."),
          id_=("Lembar komposisi dan proses untuk notifikasi impor pangan Jepang", "Importir mengajukan notifikasi; Anda menyediakan daftar lengkap komposisi, bahan tambahan dan alur produksi.")),
]
# fmt: on
