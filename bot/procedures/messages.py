"""User-facing Vietnamese text of procedure answers (kept apart from bot/messages.py, which
the dialogue team owns, until the lead merges them)."""

from __future__ import annotations

PROCEDURE_HEADING = "Thủ tục: {name}"
# A requested field the catalogue left out: said plainly, never guessed.
FIELD_MISSING = (
    "{label}: Danh mục chưa có thông tin đã kiểm chứng về {what} của thủ tục này; "
    "bạn vui lòng xem trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc hỏi trực tiếp cơ quan giải quyết."
)
# How a missing field is named inside FIELD_MISSING ("về lệ phí của thủ tục này").
FIELD_NOUNS: dict[str, str] = {
    "body": "cơ quan giải quyết",
    "ways": "cách thức nộp hồ sơ",
    "documents": "thành phần hồ sơ",
    "time_limit": "thời hạn giải quyết",
    "fee": "lệ phí",
    "legal_basis": "căn cứ pháp lý",
}
NOTES = "Lưu ý: {notes}"
CITATION = "Nguồn: Theo Danh mục thủ tục hành chính “{catalogue}”{as_of}; căn cứ: {legal_basis}"
CITATION_AS_OF = " (cập nhật {date})"
CITATION_NO_BASIS = "chưa ghi trong danh mục"
SOURCES = "Trang đối chiếu: {urls}"
MORE_SOURCES = " và {count} trang khác"
