"""Default destination rules: extra documents a shipment needs, by market and product.

Each rule: market, category key (see ``defaults.CATEGORY_KEYS``) and/or HS prefixes (one rule
row per prefix), document code, titles and notes in both languages, issuing body, the checklist
item whose verified answer means the SME holds it, and whether it is issued per shipment.
"""

# ruff: noqa: E501

FOOD_HS = ("16", "17", "18", "19", "20", "21")
WOOD_HS = ("44", "940161", "940169", "940330", "940340", "940350", "940360")
SPICE_HS = ("0904", "0905", "0906", "0907", "0908", "0909", "0910", "1801")


def _rule(
    market, document_code, *, category=None, hs=(), item=None, per_shipment=False, body, en, id_
):
    return {
        "market": market,
        "category": category,
        "hs_prefixes": tuple(hs),
        "document_code": document_code,
        "item_code": item,
        "per_shipment": per_shipment,
        "issuing_body": body,
        "title_english": en[0],
        "note_english": en[1],
        "title_indonesian": id_[0],
        "note_indonesian": id_[1],
    }


_IPSKA = "IPSKA — Dinas Perdagangan Sulawesi Selatan (e-SKA, Ministry of Trade)"


def _coo(market, code, form, agreement_en, agreement_id):
    return _rule(
        market,
        code,
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
    _coo("japan", "coo_ijepa", "Form IJEPA", "the Indonesia–Japan Economic Partnership Agreement", "Persetujuan Kemitraan Ekonomi Indonesia–Jepang"),
    _coo("india", "coo_form_ai", "Form AI", "AIFTA, the ASEAN–India Free Trade Area", "AIFTA, Kawasan Perdagangan Bebas ASEAN–India"),
    _coo("australia", "coo_iacepa", "Form IA-CEPA", "the Indonesia–Australia CEPA", "IA-CEPA, Persetujuan Kemitraan Ekonomi Komprehensif Indonesia–Australia"),
    _rule("eu", "origin_rex", item="prod.coo_eligibility", per_shipment=True, body="Ministry of Trade — REX registration through e-SKA",
          en=("Statement on origin (REX) for the EU's GSP", "Registered exporters (REX) write a statement on origin on the invoice so the EU buyer pays the lower GSP duty."),
          id_=("Pernyataan asal (REX) untuk GSP Uni Eropa", "Eksportir terdaftar REX menuliskan pernyataan asal pada invoice agar pembeli di Uni Eropa membayar bea GSP yang lebih rendah.")),
    _rule("uk", "origin_rex_uk", item="prod.coo_eligibility", per_shipment=True, body="Ministry of Trade — REX registration through e-SKA",
          en=("Statement on origin (REX) for the UK's DCTS", "A statement on origin by a REX-registered exporter gives the lower duty of the UK Developing Countries Trading Scheme."),
          id_=("Pernyataan asal (REX) untuk DCTS Inggris", "Pernyataan asal oleh eksportir terdaftar REX memberi bea lebih rendah dalam skema DCTS Inggris.")),
    _rule("usa", "coo_form_b", item="prod.coo_eligibility", per_shipment=True, body=_IPSKA,
          en=("Non-preferential certificate of origin (Form B)", "The United States grants no preferential duty; buyers and banks may still ask for a general certificate of origin."),
          id_=("SKA non-preferensi (Form B)", "Amerika Serikat tidak memberi tarif preferensi; pembeli dan bank tetap dapat meminta SKA umum.")),
    _rule("middle_east", "coo_form_b_legalised", item="prod.coo_eligibility", per_shipment=True, body=_IPSKA + "; legalised by the destination's embassy",
          en=("Certificate of origin legalised by the embassy", "Gulf buyers usually need a general certificate of origin (Form B) and the commercial invoice legalised by the chamber of commerce and the embassy."),
          id_=("SKA yang dilegalisasi kedutaan", "Pembeli di negara Teluk biasanya meminta SKA umum (Form B) dan invoice yang dilegalisasi kamar dagang dan kedutaan.")),
    _rule("all", "form_ico", hs=("0901",), per_shipment=True, body="Ministry of Trade through IPSKA, for the International Coffee Organization (ICO)",
          en=("ICO certificate of origin (Form ICO)", "Every coffee export carries an ICO certificate of origin with the exporter's ICO number, issued with the shipment."),
          id_=("Surat keterangan asal ICO (Form ICO)", "Setiap ekspor kopi disertai SKA ICO dengan nomor ICO eksportir, diterbitkan bersama pengiriman.")),
    _rule("all", "phytosanitary", hs=("090111", "090112") + SPICE_HS, per_shipment=True, body="Indonesian Quarantine Authority — Barantin (Badan Karantina Indonesia), Makassar",
          en=("Phytosanitary certificate", "Green coffee beans, spices and cocoa beans are inspected by plant quarantine before loading; book the inspection a few days ahead."),
          id_=("Sertifikat fitosanitasi", "Biji kopi mentah, rempah dan biji kakao diperiksa karantina tumbuhan sebelum dimuat; pesan pemeriksaan beberapa hari sebelumnya.")),
    _rule("all", "v_legal", category="wood", hs=WOOD_HS, item="prod.svlk", per_shipment=True, body="KLHK — SILK system (silk.menlhk.go.id)",
          en=("SVLK export document (V-Legal / Deklarasi Ekspor)", "Each shipment of wood products needs its export document from the SILK system, based on your S-LK certificate or supplier declaration."),
          id_=("Dokumen ekspor SVLK (V-Legal / Deklarasi Ekspor)", "Setiap pengiriman produk kayu memerlukan dokumen ekspor dari sistem SILK, berdasarkan sertifikat S-LK atau deklarasi pemasok Anda.")),
    _rule("all", "ispm15", category="wood", hs=WOOD_HS, per_shipment=True, body="A Barantin-registered ISPM-15 treatment provider",
          en=("ISPM-15 treated and marked wooden packaging", "If goods travel in wooden crates or on wooden pallets, the wood must be heat-treated or fumigated and carry the ISPM-15 mark."),
          id_=("Kemasan kayu berstandar ISPM-15", "Bila barang dikirim dalam peti kayu atau di atas palet kayu, kayunya harus diberi perlakuan panas atau fumigasi dan bertanda ISPM-15.")),
    _rule("all", "cites", category="leather", hs=("411330",), per_shipment=True, body="KLHK — BKSDA Sulawesi Selatan (CITES Management Authority, Ditjen KSDAE)",
          en=("CITES export permit (SATS-LN)", "Only for reptile or other protected-species leather (python, monitor lizard, crocodile): each shipment needs a CITES permit within the national quota."),
          id_=("Izin ekspor CITES (SATS-LN)", "Hanya untuk kulit reptil atau satwa dilindungi lain (sanca, biawak, buaya): setiap pengiriman memerlukan izin CITES sesuai kuota nasional.")),
    _rule("all", "bpom_health_certificate", category="food", hs=FOOD_HS, item="prod.food_registration", per_shipment=True, body="BPOM — Balai Besar POM Makassar",
          en=("BPOM health certificate for export", "Processed food shipments carry a health certificate (SKE) from BPOM, which requires the product's MD registration."),
          id_=("Sertifikat kesehatan ekspor BPOM", "Pengiriman pangan olahan disertai sertifikat kesehatan (SKE) dari BPOM, yang mensyaratkan registrasi MD produk.")),
    _rule("eu", "eudr_due_diligence", category="wood", hs=("0901", "1801", "4104", "4107") + WOOD_HS, body="You with your suppliers; the EU importer files the statement in TRACES",
          en=("EU deforestation due-diligence data (EUDR)", "Coffee, cocoa, wood and cattle leather need the geolocation of every plot of origin and proof of legal production without deforestation after 31 December 2020."),
          id_=("Data uji tuntas deforestasi Uni Eropa (EUDR)", "Kopi, kakao, kayu dan kulit sapi memerlukan titik koordinat setiap kebun atau lahan asal serta bukti produksi legal tanpa deforestasi setelah 31 Desember 2020.")),
    _rule("eu", "eudr_due_diligence", category="leather", body="You with your suppliers; the EU importer files the statement in TRACES",
          en=("EU deforestation due-diligence data (EUDR)", "Cattle leather needs the origin of the hides and proof of legal production without deforestation after 31 December 2020."),
          id_=("Data uji tuntas deforestasi Uni Eropa (EUDR)", "Kulit sapi memerlukan asal kulit mentah serta bukti produksi legal tanpa deforestasi setelah 31 Desember 2020.")),
    _rule("middle_east", "halal", category="food", item="prod.halal", body="BPJPH (Kementerian Agama)",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for food and cosmetics."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk pangan dan kosmetik.")),
    _rule("middle_east", "halal", category="coffee", item="prod.halal", body="BPJPH (Kementerian Agama)",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for food and drinks."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk pangan dan minuman.")),
    _rule("middle_east", "halal", category="herbal", item="prod.halal", body="BPJPH (Kementerian Agama)",
          en=("Halal certificate", "Gulf countries require a halal certificate recognised by their authorities for cosmetics and herbal products."),
          id_=("Sertifikat halal", "Negara Teluk mewajibkan sertifikat halal yang diakui otoritasnya untuk kosmetik dan produk herbal.")),
    _rule("usa", "fda_registration", category="food", hs=FOOD_HS + ("0901", "0902"), body="US Food and Drug Administration (online); the importer files the prior notice",
          en=("FDA food facility registration and prior notice", "Food makers register their facility with the FDA (free, renewed every two years); each shipment needs a prior notice."),
          id_=("Registrasi fasilitas pangan FDA dan prior notice", "Produsen pangan mendaftarkan fasilitasnya ke FDA (gratis, diperbarui tiap dua tahun); setiap pengiriman memerlukan prior notice.")),
    _rule("usa", "lacey_declaration", category="wood", hs=WOOD_HS, per_shipment=True, body="The US importer files it with USDA APHIS; you supply species and country of harvest",
          en=("Lacey Act plant declaration (PPQ 505)", "Wood products entering the United States declare the species and country of harvest of the timber."),
          id_=("Deklarasi Lacey Act (PPQ 505)", "Produk kayu yang masuk Amerika Serikat menyatakan spesies dan negara asal panen kayunya.")),
    _rule("china", "gacc_registration", category="food", hs=FOOD_HS + ("0901", "0902"), body="General Administration of Customs of China (GACC), recommended by BPOM",
          en=("GACC registration of the food manufacturer (CIFER)", "Food makers exporting to China are registered with China's customs through the CIFER system before the first shipment."),
          id_=("Registrasi produsen pangan di GACC (CIFER)", "Produsen pangan yang mengekspor ke Tiongkok didaftarkan di bea cukai Tiongkok melalui sistem CIFER sebelum pengiriman pertama.")),
    _rule("korea", "mfds_registration", category="food", hs=FOOD_HS, body="Korea Ministry of Food and Drug Safety (MFDS)",
          en=("MFDS registration of the foreign food facility", "Korea requires foreign food facilities to be registered with the MFDS before import."),
          id_=("Registrasi fasilitas pangan asing di MFDS", "Korea mewajibkan fasilitas pangan asing terdaftar di MFDS sebelum impor.")),
    _rule("japan", "jp_food_notification", category="food", hs=FOOD_HS, body="The importer, at a Japanese quarantine station (MHLW)",
          en=("Ingredients and process sheet for Japan's food import notification", "The importer files the notification; you supply the full ingredient list, additives and the manufacturing flow."),
          id_=("Lembar komposisi dan proses untuk notifikasi impor pangan Jepang", "Importir mengajukan notifikasi; Anda menyediakan daftar lengkap komposisi, bahan tambahan dan alur produksi.")),
]
# fmt: on
