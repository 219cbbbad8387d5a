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

# Telegram channel (bot/channels/telegram.py, cchc telegram).
TELEGRAM_ERROR = "Xin lỗi, đã có lỗi xảy ra. Bạn vui lòng thử lại sau."
TELEGRAM_TOKEN_MISSING = (
    "Chưa cấu hình Telegram: hãy đặt biến môi trường CCHC_TELEGRAM_TOKEN "
    "(token do @BotFather cấp) rồi chạy lại lệnh: cchc telegram"
)
TELEGRAM_STARTED = "Bot Telegram đang chạy (long polling). Nhấn Ctrl+C để dừng."
TELEGRAM_STOPPED = "Bot Telegram đã dừng."

# Dialogue core (bot/dialogue/assistant.py): menus, answers, buttons, admin commands.
# Button payloads are not here: they are protocol, not text. Suggested questions double as
# payloads ("ask:<question>"), so each stays within Telegram's 64-byte callback_data.
GREETING = (
    "Xin chào{name}! Tôi là Trợ lý cải cách hành chính (CCHC). "
    "Bạn hãy gõ câu hỏi hoặc chọn một mục dưới đây."
)
MENU_QA = "Hỏi đáp CCHC"
MENU_DVC = "Dịch vụ công trực tuyến"
MENU_MOTCUA = "Cơ chế một cửa"
MENU_QUIZ = "Trắc nghiệm"
MENU_HELP = "Trợ giúp"
QA_PROMPT = "Bạn hãy gõ câu hỏi về cải cách hành chính. " + CAPABILITIES + "\nMột vài câu hỏi gợi ý:"
DVC_QUESTION = "Dịch vụ công trực tuyến toàn trình là gì?"
MOTCUA_QUESTION = "Cơ chế một cửa, một cửa liên thông là gì?"
SUGGESTIONS_INTRO = "Bạn cũng có thể hỏi:"
QA_SUGGESTIONS = (
    "Chỉ số PAR INDEX là gì?",
    "Chương trình tổng thể CCHC 2021-2030?",
    "Văn hóa công vụ là gì?",
    "Hình thức tuyên truyền CCHC?",
)
DVC_SUGGESTIONS = (
    "Cổng Dịch vụ công quốc gia là gì?",
    "Nộp hồ sơ qua VNeID thế nào?",
    "Bốn mức độ dịch vụ công trực tuyến?",
    "Nhận kết quả qua bưu chính công ích?",
)
MOTCUA_SUGGESTIONS = (
    "Bộ phận một cửa làm những việc gì?",
    "Một cửa liên thông khác gì một cửa?",
    "Nghị định 118/2025/NĐ-CP quy định gì?",
)
QUIZ_COMING = (
    "Chức năng trắc nghiệm về CCHC sẽ có trong phiên bản sau. "
    "Trong lúc chờ, bạn hãy gõ câu hỏi để tra cứu nhé."
)
HELP = (
    "Tôi là Trợ lý cải cách hành chính (CCHC): tôi trả lời câu hỏi dựa trên các kế hoạch, "
    "văn bản và ghi chú pháp lý trong kho tri thức, kèm nguồn trích dẫn.\n"
    + CAPABILITIES
    + "\n\nCác lệnh:\n"
    "/start – lời chào và danh mục chủ đề\n"
    "/help – hướng dẫn này\n\n"
    "Sau mỗi câu trả lời, bạn có thể bấm “Xem thêm” để đọc nguồn khác, "
    "và 👍 / 👎 để đánh giá câu trả lời."
)
HELP_ADMIN = (
    "\n\nLệnh quản trị:\n"
    "/reload – đọc lại thư mục tài liệu và cập nhật kho tri thức\n"
    "/stats – thống kê sử dụng\n"
    "/gaps – các câu hỏi chưa trả lời được hoặc bị đánh giá 👎\n"
    "Gửi một tệp {extensions} để bổ sung tài liệu vào kho."
)
UNKNOWN_COMMAND = "Tôi chưa hiểu lệnh “{command}”. Gõ /help để xem các lệnh có thể dùng."
UNSUPPORTED_KIND = "Xin lỗi, tôi chỉ đọc được tin nhắn dạng chữ. Bạn hãy gõ câu hỏi bằng chữ nhé."
APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Bạn vui lòng thử lại sau ít phút."
NOT_READY = "Kho tri thức đang được chuẩn bị. Bạn vui lòng thử lại sau ít phút."
INVALID_BUTTON = "Nút này không còn hiệu lực. Bạn hãy gõ lại câu hỏi."
MORE_BUTTON = "Xem thêm: {heading}"
MORE_FALLBACK_HEADING = "nguồn {number}"
MORE_GONE = "Nội dung này không còn trong kho tri thức (tài liệu đã được cập nhật). Bạn hãy hỏi lại."
FEEDBACK_UP_BUTTON = "👍"
FEEDBACK_DOWN_BUTTON = "👎"
FEEDBACK_UP_THANKS = "Cảm ơn bạn đã đánh giá!"
FEEDBACK_DOWN_THANKS = (
    "Cảm ơn bạn đã góp ý! Câu hỏi sẽ được chuyển tới quản trị viên để bổ sung, hoàn thiện tài liệu."
)
ADMIN_ONLY = "Xin lỗi, lệnh này chỉ dành cho quản trị viên."
UPLOAD_ADMIN_ONLY = "Cảm ơn bạn đã gửi tệp. Hiện chỉ quản trị viên mới được bổ sung tài liệu vào kho tri thức."
RELOAD_BUSY = "Kho tri thức đang cập nhật. Bạn vui lòng đợi lần cập nhật này xong rồi thử lại."
RELOAD_DONE = "Đã cập nhật kho tri thức: {documents} tài liệu, {chunks} đoạn, trong {seconds:.1f} giây."
RELOAD_SKIPPED = "Bỏ qua {count} tệp không đọc được:"
RELOAD_SKIPPED_LINE = "- {name}: {reason}"
RELOAD_FAILED = "Cập nhật kho tri thức không thành công: {reason}\nKho tri thức cũ vẫn đang được dùng để trả lời."
UPLOAD_NOT_RECEIVED = (
    "Không nhận được nội dung tệp “{name}”. Tệp có thể lớn hơn giới hạn {limit_mb:.0f} MB; "
    "bạn hãy kiểm tra rồi gửi lại."
)
UPLOAD_BAD_TYPE = "Không nhận tệp “{name}”: chỉ hỗ trợ các định dạng {extensions}."
UPLOAD_TOO_LARGE = "Không nhận tệp “{name}”: tệp quá lớn ({size_mb:.1f} MB, tối đa {limit_mb:.0f} MB)."
UPLOAD_INVALID = "Không nhận tệp “{name}”: không đọc được nội dung ({reason}). Kho tri thức không thay đổi."
UPLOAD_NAME_TAKEN = (
    "Không nhận tệp “{name}”: kho đã có tài liệu “{existing}” cùng tên. "
    "Hãy đổi tên tệp, hoặc gửi tệp cùng định dạng để thay thế tài liệu cũ."
)
UPLOAD_SAVED = "Đã lưu tài liệu “{name}” vào kho (uploads/{saved})."
UPLOAD_REPLACED = "Đã thay thế tài liệu “{name}” trong kho (uploads/{saved})."
STATS = (
    "Thống kê sử dụng\n"
    "- Người dùng: {users}\n"
    "- Câu hỏi hôm nay: {today}\n"
    "- Câu hỏi {days} ngày qua: {window}\n"
    "- Tỉ lệ trả lời được: {share:.0%}\n"
    "- Đánh giá {days} ngày qua: 👍 {up} / 👎 {down}"
)
STATS_TOP = "Câu hỏi nhiều nhất:"
STATS_TOP_LINE = "{rank}. {question} ({count} lần)"
GAPS_TITLE = "Câu hỏi chưa trả lời được hoặc bị đánh giá 👎 ({days} ngày qua):"
GAPS_LINE = "{rank}. “{question}” – {count} lần, gần nhất {last}"
GAPS_EMPTY = "Chưa có câu hỏi nào cần bổ sung tài liệu trong {days} ngày qua."

# Server, web chat, Zalo OA and rate limiting (bot/server/, bot/channels/zalo.py,
# bot/dialogue/ratelimit.py).
RATE_LIMITED = (
    "Bạn đang gửi tin nhắn hơi nhanh. Xin bạn vui lòng đợi khoảng {seconds} giây rồi gửi tiếp; "
    "tôi sẽ trả lời ngay sau đó. Cảm ơn bạn!"
)
ZALO_CHOOSE_NUMBER = "Trả lời bằng số để chọn:"
SERVER_STARTED = "Trợ lý CCHC đang chạy tại {url} (nhấn Ctrl+C để dừng)."
SERVER_STOPPED = "Máy chủ đã dừng."
