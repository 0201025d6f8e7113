"""The 24 regencies and cities of South Sulawesi (Sulawesi Selatan), by BPS code."""

REGENCIES: dict[str, str] = {
    "7301": "Kepulauan Selayar",
    "7302": "Bulukumba",
    "7303": "Bantaeng",
    "7304": "Jeneponto",
    "7305": "Takalar",
    "7306": "Gowa",
    "7307": "Sinjai",
    "7308": "Maros",
    "7309": "Pangkajene dan Kepulauan",
    "7310": "Barru",
    "7311": "Bone",
    "7312": "Soppeng",
    "7313": "Wajo",
    "7314": "Sidenreng Rappang",
    "7315": "Pinrang",
    "7316": "Enrekang",
    "7317": "Luwu",
    "7318": "Tana Toraja",
    "7322": "Luwu Utara",
    "7325": "Luwu Timur",
    "7326": "Toraja Utara",
    "7371": "Kota Makassar",
    "7372": "Kota Parepare",
    "7373": "Kota Palopo",
}


def regency_name(code: str | None) -> str:
    return REGENCIES.get(code or "", "")


def regency_choices() -> list[tuple[str, str]]:
    return sorted(REGENCIES.items(), key=lambda item: item[1])
