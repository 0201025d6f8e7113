"""Issuing bodies of the default checklist and destination rules, in both languages.

The defaults name each body in English (``issuing_body_english``); this maps that text to the
Indonesian one stored in ``issuing_body``. Names of Indonesian bodies stay proper names.
"""

# ruff: noqa: E501
IPSKA_ENGLISH = "IPSKA — Dinas Perdagangan Sulawesi Selatan (e-SKA, Ministry of Trade)"
IPSKA_LEGALISED_ENGLISH = IPSKA_ENGLISH + "; legalised by the destination's embassy"

#: English default text → Indonesian text.
INDONESIAN = {
    "A Barantin-registered ISPM-15 treatment provider": "Penyedia perlakuan ISPM-15 yang terdaftar di Barantin",
    "A foreign-exchange bank (bank devisa), e.g. BRI, BNI, Bank Mandiri, Bank Sulselbar": "Bank devisa, mis. BRI, BNI, Bank Mandiri, Bank Sulselbar",
    "An LSPro accredited by KAN (Badan Standardisasi Nasional)": "LSPro yang terakreditasi KAN (Badan Standardisasi Nasional)",
    "An accredited laboratory, e.g. BBSPJI Hasil Perkebunan Makassar (Ministry of Industry)": "Laboratorium terakreditasi, mis. BBSPJI Hasil Perkebunan Makassar (Kementerian Perindustrian)",
    "BPJPH (Kementerian Agama)": "BPJPH (Kementerian Agama)",
    "BPJPH — Halal Product Assurance Agency (Kementerian Agama), audited by an LPH such as LPPOM MUI": "BPJPH — Badan Penyelenggara Jaminan Produk Halal (Kementerian Agama), diaudit oleh LPH seperti LPPOM MUI",
    "BPOM (MD number) or the regency Health Office — Dinas Kesehatan (P-IRT, through OSS)": "BPOM (nomor MD) atau Dinas Kesehatan kabupaten/kota (P-IRT, melalui OSS)",
    "BPOM — Balai Besar POM Makassar (e-sertifikasi)": "BPOM — Balai Besar POM Makassar (e-sertifikasi)",
    "BPOM — Balai Besar POM Makassar": "BPOM — Balai Besar POM Makassar",
    "BPOM — notifkos.pom.go.id (cosmetics) and e-reg.pom.go.id (traditional medicine)": "BPOM — notifkos.pom.go.id (kosmetik) dan e-reg.pom.go.id (obat tradisional)",
    "BSN — an LSPro (product certification body) accredited by KAN; BSPJI Makassar tests": "BSN — LSPro (lembaga sertifikasi produk) yang terakreditasi KAN; pengujian di BSPJI Makassar",
    "BTKI 2022 — Customs (DJBC, Ministry of Finance)": "BTKI 2022 — Bea Cukai (DJBC, Kementerian Keuangan)",
    "Customs (DJBC) export declaration (PEB), or the intermediary exporter's papers": "Pemberitahuan Ekspor Barang (PEB) Bea Cukai (DJBC), atau dokumen eksportir perantara",
    "Directorate General of Intellectual Property — DJKI (Kementerian Hukum)": "Direktorat Jenderal Kekayaan Intelektual — DJKI (Kementerian Hukum)",
    "Directorate General of Taxes — DJP (Direktorat Jenderal Pajak)": "Direktorat Jenderal Pajak — DJP",
    "General Administration of Customs of China (GACC), recommended by BPOM": "Bea Cukai Tiongkok (GACC, General Administration of Customs of China), atas rekomendasi BPOM",
    "Indonesian Quarantine Authority — Barantin (Badan Karantina Indonesia), Makassar": "Badan Karantina Indonesia — Barantin, Makassar",
    "Indonesian Quarantine Authority — Barantin (fish quarantine), Makassar": "Badan Karantina Indonesia — Barantin (karantina ikan), Makassar",
    "KLHK — BKSDA Sulawesi Selatan (CITES Management Authority, Ditjen KSDAE)": "KLHK — BKSDA Sulawesi Selatan (Otoritas Pengelola CITES, Ditjen KSDAE)",
    "KLHK — Ministry of Environment and Forestry: an accredited verification body (LVLK) and the SILK system": "KLHK — Kementerian Lingkungan Hidup dan Kehutanan: lembaga verifikasi terakreditasi (LVLK) dan sistem SILK",
    "KLHK — SILK system (silk.menlhk.go.id)": "KLHK — sistem SILK (silk.menlhk.go.id)",
    "Korea Ministry of Food and Drug Safety (MFDS)": "Kementerian Keamanan Pangan dan Obat Korea (MFDS)",
    "Ministry of Trade e-SKA, issued by IPSKA at the provincial Trade Office (Dinas Perdagangan Sulawesi Selatan)": "e-SKA Kementerian Perdagangan, diterbitkan oleh IPSKA di Dinas Perdagangan Sulawesi Selatan",
    "Ministry of Trade through IPSKA, for the International Coffee Organization (ICO)": "Kementerian Perdagangan melalui IPSKA, untuk Organisasi Kopi Internasional (ICO)",
    "Ministry of Trade — REX registration through e-SKA": "Kementerian Perdagangan — registrasi REX melalui e-SKA",
    "Notary and Ministry of Law (AHU Online); cooperatives: Ministry of Cooperatives": "Notaris dan Kementerian Hukum (AHU Online); koperasi: Kementerian Koperasi",
    "OSS RBA — Ministry of Investment/BKPM (Kementerian Investasi/BKPM)": "OSS RBA — Kementerian Investasi/BKPM",
    "Supplier agreements; farmer groups or cooperatives": "Perjanjian dengan pemasok; kelompok tani atau koperasi",
    "The US importer files it with USDA APHIS; you supply species and country of harvest": "Importir AS mengajukannya ke USDA APHIS; Anda menyediakan jenis spesies dan negara asal panen",
    "The importer, at a Japanese quarantine station (MHLW)": "Importir, di stasiun karantina Jepang (MHLW)",
    "US Food and Drug Administration (online); the importer files the prior notice": "Badan Pengawas Obat dan Makanan AS (FDA, daring); importir mengajukan prior notice",
    "You with your suppliers; the EU importer files the statement in TRACES": "Anda bersama pemasok; importir UE mengajukan pernyataan di TRACES",
    "You, with the clinic's costing sheet (Incoterms® 2020 of the ICC)": "Anda, dengan lembar kalkulasi biaya dari klinik (Incoterms® 2020 dari ICC)",
    "You, with the clinic's template": "Anda, dengan templat dari klinik",
    "You; samples travel through the trading house": "Anda; sampel dikirim melalui rumah dagang",
    "Your label designer, following the destination's labelling rules (the clinic checks them)": "Desainer label Anda, mengikuti aturan pelabelan negara tujuan (diperiksa oleh klinik)",
    "Your own records, checked by a curator; Dinas Koperasi dan UKM can assist": "Catatan Anda sendiri, diperiksa kurator; Dinas Koperasi dan UKM dapat membantu",
    "Your packaging supplier; the packaging house (Rumah Kemasan) of the provincial Industry Office": "Pemasok kemasan Anda; Rumah Kemasan Dinas Perindustrian provinsi",
    "Your production records, checked by a curator": "Catatan produksi Anda, diperiksa kurator",
    "Your team; the clinic's business-English sessions": "Tim Anda; sesi bahasa Inggris bisnis dari klinik",
    IPSKA_ENGLISH: "IPSKA — Dinas Perdagangan Sulawesi Selatan (e-SKA, Kementerian Perdagangan)",
    IPSKA_LEGALISED_ENGLISH: "IPSKA — Dinas Perdagangan Sulawesi Selatan (e-SKA, Kementerian Perdagangan); dilegalisasi oleh kedutaan negara tujuan",
}


def both(english: str) -> dict:
    """The two issuing-body columns for a default given in English."""
    return {"issuing_body": INDONESIAN.get(english, english), "issuing_body_english": english}
