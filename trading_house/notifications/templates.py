"""The WhatsApp message templates, registered in code as they are registered with Meta.

WhatsApp only lets a business start a conversation with a *template* approved in advance: a
fixed text in each language with numbered parameters (``{{1}}``). Each template here names its
category, its parameters (in order, with the longest value Meta accepts for us) and its text in
Indonesian and English, so that the outbox can refuse an unknown template or a parameter that is
too long before anything leaves, and the e-mail fallback can say the same thing.

Messages carry no documents and no private data beyond what the text needs; they link back to
the site, where the person signs in to see the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

UTILITY, AUTHENTICATION = "utility", "authentication"


@dataclass(frozen=True)
class Param:
    name: str
    max_length: int
    #: Free text from people (a product name, a subject): shortened with "…" by ``notify``
    #: rather than refused. Codes, numbers and links are never shortened.
    free_text: bool = False
    #: Never kept in clear once sent (a one-time code).
    secret: bool = False


@dataclass(frozen=True)
class Template:
    name: str
    category: str
    params: tuple[Param, ...]
    #: language → body text with ``{{1}}``, ``{{2}}``… in parameter order.
    text: dict[str, str]

    def render(self, language: str, values: list[str]) -> str:
        """The body as the person reads it (for the log, the admin screens, the e-mail fallback)."""
        body = self.text.get(language) or self.text["id"]
        for index, value in enumerate(values, start=1):
            body = body.replace("{{%d}}" % index, value)  # noqa: UP031 - literal braces
        return body

    @property
    def has_secret(self) -> bool:
        return any(param.secret for param in self.params)


LINK = Param("link", 300)

TEMPLATES: dict[str, Template] = {}


def _register(name, category, params, text_id, text_en) -> None:
    TEMPLATES[name] = Template(name, category, tuple(params), {"id": text_id, "en": text_en})


_register(
    "verification_code",
    AUTHENTICATION,
    [Param("code", 8, secret=True)],
    "{{1}} adalah kode verifikasi Rumah Dagang Anda. Berlaku 10 menit. "
    "Jangan berikan kode ini kepada siapa pun.",
    "{{1}} is your Rumah Dagang verification code. It is valid for 10 minutes. "
    "Do not share it with anyone.",
)
_register(
    "opt_out_confirmed",
    UTILITY,
    [],
    "Anda tidak akan lagi menerima pemberitahuan Rumah Dagang di WhatsApp. Anda dapat "
    "mengaktifkannya kembali di halaman akun Anda.",
    "You will no longer receive Rumah Dagang notifications on WhatsApp. You can turn them on "
    "again on your account page.",
)
_register(
    "inquiry_new",
    UTILITY,
    [Param("subject", 60, free_text=True), LINK],
    "Permintaan baru di Rumah Dagang: “{{1}}”. Baca dan balas di sini: {{2}}",
    "New inquiry on Rumah Dagang: “{{1}}”. Read and reply here: {{2}}",
)
_register(
    "inquiry_message",
    UTILITY,
    [Param("subject", 60, free_text=True), LINK],
    "Ada pesan baru tentang “{{1}}” di Rumah Dagang. Baca di sini: {{2}}",
    "There is a new message about “{{1}}” on Rumah Dagang. Read it here: {{2}}",
)
_register(
    "quotation_received",
    UTILITY,
    [Param("subject", 60, free_text=True), LINK],
    "Anda menerima penawaran harga untuk “{{1}}”. Lihat di sini: {{2}}",
    "You received a quotation for “{{1}}”. See it here: {{2}}",
)
_register(
    "quotation_accepted",
    UTILITY,
    [Param("subject", 60, free_text=True), LINK],
    "Penawaran harga Anda untuk “{{1}}” disetujui pembeli. Lihat di sini: {{2}}",
    "Your quotation for “{{1}}” was accepted. See it here: {{2}}",
)
_register(
    "quotation_expiring",
    UTILITY,
    [Param("subject", 60, free_text=True), Param("date", 30), LINK],
    "Penawaran harga untuk “{{1}}” berlaku sampai {{2}}. Lihat di sini: {{3}}",
    "The quotation for “{{1}}” is valid until {{2}}. See it here: {{3}}",
)
_register(
    "order_placed",
    UTILITY,
    [Param("number", 32), Param("total", 40), LINK],
    "Pesanan {{1}} Anda tercatat, total {{2}}. Detail dan pembayaran: {{3}}",
    "Your order {{1}} is placed, total {{2}}. Details and payment: {{3}}",
)
_register(
    "order_paid",
    UTILITY,
    [Param("number", 32), LINK],
    "Pembayaran untuk pesanan {{1}} sudah kami terima. Detail: {{2}}",
    "We received the payment for order {{1}}. Details: {{2}}",
)
_register(
    "order_fulfilment_new",
    UTILITY,
    [Param("number", 32), LINK],
    "Pesanan {{1}} sudah dibayar dan menunggu Anda kemas. Detail: {{2}}",
    "Order {{1}} is paid and waits for you to pack it. Details: {{2}}",
)
_register(
    "order_shipped",
    UTILITY,
    [Param("number", 32), LINK],
    "Pesanan {{1}} sedang dalam perjalanan. Lacak di sini: {{2}}",
    "Order {{1}} is on its way. Track it here: {{2}}",
)
_register(
    "listing_approved",
    UTILITY,
    [Param("product", 60, free_text=True), LINK],
    "“{{1}}” sudah disetujui kurator dan tampil di katalog Rumah Dagang. Lihat: {{2}}",
    "“{{1}}” was approved by the curator and is on the Rumah Dagang catalog. See: {{2}}",
)
_register(
    "listing_changes_requested",
    UTILITY,
    [Param("product", 60, free_text=True), LINK],
    "Kurator meminta perubahan pada “{{1}}”. Lihat catatannya di sini: {{2}}",
    "The curator asks for changes to “{{1}}”. Read the notes here: {{2}}",
)
_register(
    "evidence_verified",
    UTILITY,
    [Param("item", 80, free_text=True), LINK],
    "Bukti untuk “{{1}}” sudah diverifikasi kurator. Lihat kesiapan ekspor Anda: {{2}}",
    "The evidence for “{{1}}” was verified by a curator. See your export readiness: {{2}}",
)
_register(
    "evidence_rejected",
    UTILITY,
    [Param("item", 80, free_text=True), LINK],
    "Bukti untuk “{{1}}” perlu diperbaiki. Lihat catatan kurator: {{2}}",
    "The evidence for “{{1}}” needs another look. Read the curator's note: {{2}}",
)
_register(
    "certificate_expiring",
    UTILITY,
    [Param("item", 80, free_text=True), Param("date", 30), LINK],
    "Sertifikat “{{1}}” berakhir pada {{2}}. Unggah yang baru di sini: {{3}}",
    "The certificate “{{1}}” expires on {{2}}. Upload the new one here: {{3}}",
)
_register(
    "clinic_follow_up_due",
    UTILITY,
    [Param("enterprise", 80, free_text=True), LINK],
    "Tindak lanjut klinik untuk {{1}} sudah lewat waktunya. Lihat: {{2}}",
    "A clinic follow-up for {{1}} is overdue. See: {{2}}",
)
# For the supervision module (health examinations of cooperatives): registered with Meta now so
# the templates are approved when the module arrives; no event sends them yet.
_register(
    "examination_scheduled",
    UTILITY,
    [Param("cooperative", 80, free_text=True), Param("date", 30), LINK],
    "Pemeriksaan kesehatan {{1}} dijadwalkan pada {{2}}. Detail: {{3}}",
    "The health examination of {{1}} is scheduled on {{2}}. Details: {{3}}",
)
_register(
    "examination_report_issued",
    UTILITY,
    [Param("cooperative", 80, free_text=True), LINK],
    "Laporan pemeriksaan kesehatan {{1}} sudah terbit. Baca di sini: {{2}}",
    "The health examination report of {{1}} is issued. Read it here: {{2}}",
)


def shorten(value: str, max_length: int) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= max_length else value[: max_length - 1].rstrip() + "…"
