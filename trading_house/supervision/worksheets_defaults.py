"""The worksheets shipped with the application, each item with the source it was taken from.

Both ship "to confirm": the aspects, the item list and the predicates follow the technical
guideline (Juknis Deputi Bidang Perkoperasian No. 15 Tahun 2021, Pedoman Kertas Kerja
Pemeriksaan Kesehatan Koperasi) and Permenkop UKM No. 9 Tahun 2020 tentang Pengawasan Koperasi;
the aspect weights of the legacy model (15/25/15/10/15/10/10) and its cut-offs (80/66/51) follow
Peraturan Deputi Bidang Pengawasan No. 06/Per/Dep.6/IV/2016. The KKPKK aspect weights
(tata kelola 30, profil risiko 15, kinerja keuangan 40, permodalan 15), the item weights within
an aspect and every ratio band are this office's reading, to be checked by an admin against the
guideline's annexes before confirming.
"""

from typing import Any

UU = "UU 25/1992"
PP = "PP 7/2021"
PERMEN = "Permenkop UKM 9/2020"
JUKNIS = "Juknis Deputi Perkoperasian 15/2021"
PERDEP = "Perdep Pengawasan 06/Per/Dep.6/IV/2016"

CUTOFFS = {"sehat": 80, "cukup_sehat": 66, "dalam_pengawasan": 51}

HIGHER = "higher"
LOWER = "lower"


def _yes(aspect, code, weight, text_id, text_en, source, self_assessable=True):
    return {
        "aspect": aspect,
        "code": code,
        "kind": "yes_no",
        "weight": weight,
        "text_id": text_id,
        "text_en": text_en,
        "legal_source": source,
        "self_assessable": self_assessable,
    }


def _ratio_item(aspect, code, weight, key, better, limits, text_id, text_en, source):
    return {
        "aspect": aspect,
        "code": code,
        "kind": "ratio",
        "ratio_key": key,
        "bands": {"better": better, "limits": limits},
        "weight": weight,
        "text_id": text_id,
        "text_en": text_en,
        "legal_source": source,
        "self_assessable": False,
    }


TK, PR, KK, PM = "tata_kelola", "profil_risiko", "kinerja_keuangan", "permodalan"

KKPKK_ITEMS = [
    # Tata kelola (30): the seven principles, institutional completeness, management.
    _yes(
        TK,
        "tk.voluntary",
        2,
        "Keanggotaan bersifat sukarela dan terbuka.",
        "Membership is voluntary and open.",
        f"{UU} Pasal 5 ayat (1) huruf a; {JUKNIS} A.I",
    ),
    _yes(
        TK,
        "tk.democratic",
        2,
        "Pengelolaan dilakukan secara demokratis (keputusan di Rapat Anggota).",
        "The cooperative is run democratically (decisions in the members' meeting).",
        f"{UU} Pasal 5 ayat (1) huruf b; {JUKNIS} A.I",
    ),
    _yes(
        TK,
        "tk.fair_shu",
        2,
        "SHU dibagi adil sebanding dengan jasa usaha anggota.",
        "The surplus (SHU) is shared in proportion to each member's business.",
        f"{UU} Pasal 5 ayat (1) huruf c dan Pasal 45; {JUKNIS} A.I",
    ),
    _yes(
        TK,
        "tk.education",
        2,
        "Ada pendidikan perkoperasian bagi anggota dalam tahun buku.",
        "Members received cooperative education during the year.",
        f"{UU} Pasal 5 ayat (2) huruf a; {JUKNIS} A.I",
    ),
    _yes(
        TK,
        "tk.legal_entity",
        3,
        "Akta pendirian koperasi telah disahkan sebagai badan hukum.",
        "The founding deed is registered: the cooperative is a legal entity.",
        f"{UU} Pasal 9; {PP} Pasal 3; {JUKNIS} A.II.1",
    ),
    _yes(
        TK,
        "tk.nik",
        3,
        "Nomor Induk Koperasi (NIK) dimiliki dan masih berlaku.",
        "The cooperative holds a valid Nomor Induk Koperasi (NIK).",
        f"{PERMEN}; {JUKNIS} A.II.1",
    ),
    _yes(
        TK,
        "tk.licence",
        3,
        "Memiliki NIB/izin usaha melalui OSS sesuai kegiatan usahanya.",
        "It holds an NIB / business licence through OSS for its business.",
        f"{PP} Pasal 24; {JUKNIS} A.II.2",
    ),
    _yes(
        TK,
        "tk.articles",
        2,
        "Anggaran Dasar sesuai ketentuan dan perubahannya disahkan.",
        "Its articles of association comply and every change is ratified.",
        f"{UU} Pasal 8; {JUKNIS} A.II.3",
    ),
    _yes(
        TK,
        "tk.register",
        3,
        "Daftar anggota dan daftar pengurus/pengawas dipelihara.",
        "The register of members and of officers is kept up to date.",
        f"{UU} Pasal 30 ayat (1) huruf c; {JUKNIS} A.II.4",
    ),
    _yes(
        TK,
        "tk.organs",
        3,
        "Perangkat organisasi lengkap: Rapat Anggota, Pengurus, Pengawas.",
        "Its organs are complete: members' meeting, board, supervisors.",
        f"{UU} Pasal 21; {JUKNIS} A.II.5",
    ),
    _yes(
        TK,
        "tk.rat",
        3,
        "Rapat Anggota Tahunan (RAT) tahun buku ini telah dilaksanakan.",
        "The annual members' meeting (RAT) for the year was held.",
        f"{UU} Pasal 26; {PP} Pasal 11 (rapat daring); {JUKNIS} A.III",
    ),
    _yes(
        TK,
        "tk.rat_reported",
        2,
        "Hasil RAT dilaporkan kepada instansi yang berwenang.",
        "The RAT results were reported to the supervising office.",
        f"{PERMEN}; {JUKNIS} A.III",
    ),
    # Profil risiko (15): inherent risk and the quality of risk management.
    _ratio_item(
        PR,
        "pr.npl",
        5,
        "npl_ratio",
        LOWER,
        ["0.05", "0.10", "0.15"],
        "Rasio pinjaman bermasalah terhadap pinjaman yang diberikan.",
        "Non-performing loans to loans granted.",
        f"{JUKNIS} B.I.1",
    ),
    _ratio_item(
        PR,
        "pr.ldr",
        3,
        "loan_to_deposit",
        LOWER,
        ["0.90", "1.00", "1.25"],
        "Rasio pinjaman kepada anggota terhadap simpanan/modal anggota.",
        "Loans to members to members' savings and equity.",
        f"{JUKNIS} B.I.1",
    ),
    _yes(
        PR,
        "pr.controls",
        3,
        "Ada SOP tertulis dan pengendalian internal oleh Pengawas.",
        "There are written procedures and internal control by the supervisors.",
        f"{JUKNIS} B.II (KPMR)",
    ),
    _yes(
        PR,
        "pr.audit",
        4,
        "Laporan keuangan diaudit akuntan publik bila diwajibkan.",
        "The statements are audited by a public accountant where required.",
        f"{PERMEN}; {JUKNIS} B.II",
    ),
    # Kinerja keuangan (40): profitability, efficiency, liquidity, reporting.
    _ratio_item(
        KK,
        "kk.roa",
        10,
        "return_on_assets",
        HIGHER,
        ["0.05", "0.03", "0.01"],
        "Rentabilitas aset: SHU terhadap total aset.",
        "Return on assets: surplus to total assets.",
        f"{JUKNIS} C.I",
    ),
    _ratio_item(
        KK,
        "kk.bopo",
        10,
        "operating_ratio",
        LOWER,
        ["0.80", "0.90", "1.00"],
        "Efisiensi: beban operasional terhadap pendapatan.",
        "Efficiency: operating costs to revenue.",
        f"{JUKNIS} C.I",
    ),
    _ratio_item(
        KK,
        "kk.liquidity",
        10,
        "current_ratio",
        HIGHER,
        ["2.00", "1.50", "1.25"],
        "Likuiditas: aset lancar terhadap kewajiban lancar.",
        "Liquidity: current assets to current liabilities.",
        f"{JUKNIS} C.II",
    ),
    _yes(
        KK,
        "kk.statements",
        5,
        "Laporan keuangan tahunan disusun dan disampaikan tepat waktu.",
        "The annual statements were prepared and submitted on time.",
        f"{UU} Pasal 35; {JUKNIS} C.III",
    ),
    _yes(
        KK,
        "kk.shu_allocation",
        5,
        "Pembagian SHU sesuai Anggaran Dasar dan keputusan RAT.",
        "The surplus was allocated as the articles and the RAT decided.",
        f"{UU} Pasal 45; {JUKNIS} C.III",
    ),
    # Permodalan (15): capital adequacy and how it is managed.
    _ratio_item(
        PM,
        "pm.equity",
        6,
        "equity_to_assets",
        HIGHER,
        ["0.20", "0.15", "0.10"],
        "Modal sendiri terhadap total aset.",
        "Own equity to total assets.",
        f"{JUKNIS} D.I",
    ),
    _ratio_item(
        PM,
        "pm.leverage",
        5,
        "debt_to_equity",
        LOWER,
        ["1.00", "1.50", "2.00"],
        "Kewajiban terhadap modal sendiri.",
        "Liabilities to own equity.",
        f"{JUKNIS} D.I",
    ),
    _yes(
        PM,
        "pm.savings",
        4,
        "Simpanan pokok dan wajib dipungut sesuai Anggaran Dasar.",
        "Members' principal and mandatory savings are collected as the articles say.",
        f"{UU} Pasal 41; {JUKNIS} D.II",
    ),
]

LEGACY_ITEMS = [
    _ratio_item(
        "permodalan",
        "ksp.equity",
        8,
        "equity_to_assets",
        HIGHER,
        ["0.20", "0.15", "0.10"],
        "Rasio modal sendiri terhadap total aset.",
        "Own equity to total assets.",
        f"{PERDEP} Lampiran, aspek permodalan",
    ),
    _ratio_item(
        "permodalan",
        "ksp.leverage",
        7,
        "debt_to_equity",
        LOWER,
        ["1.00", "1.50", "2.00"],
        "Rasio kewajiban terhadap modal sendiri.",
        "Liabilities to own equity.",
        f"{PERDEP} Lampiran, aspek permodalan",
    ),
    _ratio_item(
        "kualitas_aktiva_produktif",
        "ksp.npl",
        15,
        "npl_ratio",
        LOWER,
        ["0.05", "0.10", "0.15"],
        "Rasio pinjaman bermasalah terhadap pinjaman diberikan.",
        "Non-performing loans to loans granted.",
        f"{PERDEP} Lampiran, aspek KAP",
    ),
    _ratio_item(
        "kualitas_aktiva_produktif",
        "ksp.ldr",
        10,
        "loan_to_deposit",
        LOWER,
        ["0.90", "1.00", "1.25"],
        "Rasio pinjaman terhadap dana yang diterima.",
        "Loans to funds received.",
        f"{PERDEP} Lampiran, aspek KAP",
    ),
    _yes(
        "manajemen",
        "ksp.mgmt_general",
        4,
        "Manajemen umum: rencana kerja dan SOP tertulis.",
        "General management: a work plan and written procedures.",
        f"{PERDEP} Lampiran, aspek manajemen",
    ),
    _yes(
        "manajemen",
        "ksp.mgmt_institution",
        4,
        "Manajemen kelembagaan: organ lengkap dan berfungsi.",
        "Institutional management: organs complete and working.",
        f"{PERDEP} Lampiran, aspek manajemen",
    ),
    _yes(
        "manajemen",
        "ksp.mgmt_capital",
        3,
        "Manajemen permodalan: modal tumbuh dari simpanan anggota.",
        "Capital management: capital grows from members' savings.",
        f"{PERDEP} Lampiran, aspek manajemen",
    ),
    _yes(
        "manajemen",
        "ksp.mgmt_assets",
        2,
        "Manajemen aktiva: pinjaman dianalisis dan dipantau.",
        "Asset management: loans are analysed and followed up.",
        f"{PERDEP} Lampiran, aspek manajemen",
    ),
    _yes(
        "manajemen",
        "ksp.mgmt_liquidity",
        2,
        "Manajemen likuiditas: kebijakan kas tertulis.",
        "Liquidity management: a written cash policy.",
        f"{PERDEP} Lampiran, aspek manajemen",
    ),
    _ratio_item(
        "efisiensi",
        "ksp.bopo",
        10,
        "operating_ratio",
        LOWER,
        ["0.80", "0.90", "1.00"],
        "Beban operasional terhadap pendapatan.",
        "Operating costs to revenue.",
        f"{PERDEP} Lampiran, aspek efisiensi",
    ),
    _ratio_item(
        "likuiditas",
        "ksp.current",
        15,
        "current_ratio",
        HIGHER,
        ["2.00", "1.50", "1.25"],
        "Aset lancar terhadap kewajiban lancar.",
        "Current assets to current liabilities.",
        f"{PERDEP} Lampiran, aspek likuiditas",
    ),
    _ratio_item(
        "kemandirian_pertumbuhan",
        "ksp.roa",
        10,
        "return_on_assets",
        HIGHER,
        ["0.05", "0.03", "0.01"],
        "Rentabilitas aset.",
        "Return on assets.",
        f"{PERDEP} Lampiran, aspek kemandirian dan pertumbuhan",
    ),
    _yes(
        "jatidiri",
        "ksp.participation",
        5,
        "Partisipasi anggota dalam usaha simpan pinjam.",
        "Members take part in the savings-and-loan business.",
        f"{PERDEP} Lampiran, aspek jatidiri",
    ),
    _yes(
        "jatidiri",
        "ksp.promotion",
        5,
        "Koperasi meningkatkan kesejahteraan ekonomi anggota.",
        "The cooperative promotes its members' economic welfare.",
        f"{PERDEP} Lampiran, aspek jatidiri",
    ),
]

DEFAULT_TEMPLATES: list[dict[str, Any]] = [
    {
        "kind": "kkpkk",
        "name": "KKPKK — Kertas Kerja Pemeriksaan Kesehatan Koperasi",
        "notes": "Juknis Deputi Bidang Perkoperasian No. 15 Tahun 2021; Permenkop UKM No. 9 Tahun "
        "2020. Aspect and item weights and ratio bands: this office's reading, to confirm.",
        "cutoffs": CUTOFFS,
        "items": KKPKK_ITEMS,
    },
    {
        "kind": "ksp_legacy",
        "name": "Penilaian Kesehatan KSP/USP (model lama, 7 aspek)",
        "notes": f"{PERDEP}: aspect weights 15/25/15/10/15/10/10, cut-offs 80/66/51. "
        "Ratio bands simplified to four steps: to confirm.",
        "cutoffs": CUTOFFS,
        "items": LEGACY_ITEMS,
    },
]
