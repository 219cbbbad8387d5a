"""Every user-facing text, in Vietnamese, in one place."""

from __future__ import annotations

CAPABILITIES = (
    "Tôi có thể trả lời về: mục tiêu, chỉ tiêu cải cách hành chính (CCHC); các kế hoạch tuyên truyền CCHC; "
    "thủ tục hành chính; dịch vụ công trực tuyến; cơ chế một cửa, một cửa liên thông; "
    "các chỉ số PAR INDEX, SIPAS, PAPI, PCI."
)
NOT_FOUND = (
    "Xin lỗi, tôi chưa tìm thấy thông tin phù hợp với câu hỏi này trong tài liệu hiện có. "
    + CAPABILITIES
    + " Bạn có thể đặt lại câu hỏi cụ thể hơn."
)
CITATION_PREFIX = "Nguồn: Theo"
REPLACED_PREFIX = "Lưu ý: quy định này đã được thay thế bởi"
EMPTY_QUESTION = "Bạn chưa nhập câu hỏi. Hãy gõ câu hỏi về cải cách hành chính, ví dụ: “Chỉ tiêu CCHC năm 2024 là gì?”"
TOO_LONG = "Câu hỏi quá dài (tối đa {limit} ký tự). Bạn hãy rút gọn câu hỏi và gửi lại."
STORE_MISSING = "Chưa có kho tri thức. Hãy chạy lệnh: cchc index"
CHAT_WELCOME = (
    "Trợ lý cải cách hành chính (CCHC). Gõ câu hỏi rồi nhấn Enter; gõ /thoat để kết thúc.\n" + CAPABILITIES
)
CHAT_BYE = "Tạm biệt!"
