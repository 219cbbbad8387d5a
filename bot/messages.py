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
FEEDBACK_UP_BUTTON = "👍 Hữu ích"
FEEDBACK_DOWN_BUTTON = "👎 Chưa đúng"
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

# --- Validity notes (bot/answer/validity.py) ---
STALE_PREFIX = "Lưu ý: văn bản này ban hành năm {year}; sau đó quy định đã thay đổi:"
CHANGE_ONE_STOP = (
    "Từ 01/7/2025, cơ chế một cửa, một cửa liên thông thực hiện theo Nghị định 118/2025/NĐ-CP "
    "(không còn theo Nghị định 61/2018/NĐ-CP)."
)
CHANGE_DISTRICT = "Từ 01/7/2025, cấp huyện kết thúc hoạt động; chính quyền địa phương còn 2 cấp (tỉnh và xã)."
CHANGE_ONLINE_LEVELS = (
    "Từ 15/8/2022, dịch vụ công trực tuyến chia thành “toàn trình” và “một phần” "
    "(Nghị định 42/2022/NĐ-CP), thay cho cách chia “mức độ 1, 2, 3, 4”."
)

# Quiz and awareness report (bot/quiz/). Topic codes are those of knowledge/quiz/*.yaml.
QUIZ_TOPICS = {
    "targets": "Mục tiêu, chỉ tiêu CCHC",
    "legal_basis": "Căn cứ pháp lý",
    "reform_areas": "Các nội dung cải cách",
    "indices": "Các chỉ số đánh giá CCHC",
    "online_services": "Dịch vụ công trực tuyến",
    "one_stop": "Cơ chế một cửa, một cửa liên thông",
    "culture": "Văn hóa công vụ",
}
# What to read for a weak topic, and a question to ask the assistant about it (the question
# becomes an "ask:" payload, so it stays within Telegram's 64-byte callback_data).
QUIZ_READING = {
    "targets": "Nghị quyết 76/NQ-CP (chỉ tiêu đến 2025, 2030) và kế hoạch CCHC, kế hoạch tuyên truyền CCHC của cơ quan",
    "legal_basis": "Nghị quyết 76/NQ-CP, Chỉ thị 23/CT-TTg và Nghị định 118/2025/NĐ-CP",
    "reform_areas": "Sáu nội dung của Chương trình tổng thể CCHC 2021–2030 (Nghị quyết 76/NQ-CP)",
    "indices": "Các chỉ số PAR INDEX, SIPAS, PAPI, PCI và Quyết định 766/QĐ-TTg",
    "online_services": "Nghị định 42/2022/NĐ-CP và hướng dẫn nộp hồ sơ trên Cổng Dịch vụ công quốc gia, VNeID",
    "one_stop": "Nghị định 118/2025/NĐ-CP (hiệu lực từ 01/7/2025), sửa đổi bởi Nghị định 367/2025/NĐ-CP",
    "culture": "Đề án Văn hóa công vụ (Quyết định 1847/QĐ-TTg ngày 27/12/2018)",
}
QUIZ_ASK = {
    "targets": "Chỉ tiêu CCHC năm 2024 là gì?",
    "legal_basis": "Nghị quyết 76/NQ-CP quy định gì?",
    "reform_areas": "Chương trình tổng thể CCHC 2021-2030?",
    "indices": "Chỉ số PAR INDEX là gì?",
    "online_services": "Dịch vụ công trực tuyến toàn trình là gì?",
    "one_stop": "Cơ chế một cửa, một cửa liên thông là gì?",
    "culture": "Văn hóa công vụ là gì?",
}
QUIZ_ASK_BUTTON = "Tìm hiểu: {topic}"
QUIZ_UNIT_PROMPT = (
    "Trước khi bắt đầu, bạn hãy chọn đơn vị công tác của mình. Kết quả trắc nghiệm được tổng hợp "
    "theo đơn vị để đánh giá mức độ nắm vững mục tiêu, nhiệm vụ CCHC (bạn có thể đổi bằng lệnh /donvi)."
)
QUIZ_UNIT_CHANGE = "Đơn vị hiện tại của bạn: {unit}. Chọn đơn vị mới:"
QUIZ_UNIT_NONE = "chưa chọn"
QUIZ_UNIT_SAVED = "Đã lưu đơn vị: {unit}."
QUIZ_UNIT_UNKNOWN = "Đơn vị này không còn trong danh sách. Bạn hãy chọn lại."
QUIZ_NO_UNITS = "Cơ quan chưa cấu hình danh sách đơn vị, nên không cần chọn đơn vị."
QUIZ_START_BUTTON = "Bắt đầu trắc nghiệm"
QUIZ_CONTINUE_BUTTON = "Tiếp tục"
QUIZ_NEW_BUTTON = "Làm lượt mới"
QUIZ_INTRO = (
    "Bắt đầu trắc nghiệm về cải cách hành chính: {total} câu, mỗi câu chọn một đáp án. "
    "Đạt yêu cầu khi trả lời đúng từ {threshold} số câu trở lên."
)
QUIZ_RESUME = "Bạn đang làm dở một lượt trắc nghiệm. Tiếp tục từ câu {number}/{total}."
QUIZ_EXPIRED = (
    "Lượt trắc nghiệm trước đã hết hạn vì bị bỏ dở quá {hours} giờ. Các câu đã trả lời vẫn được lưu; "
    "bạn hãy làm một lượt mới."
)
QUIZ_EMPTY = "Hiện chưa có câu hỏi trắc nghiệm nào. Bạn hãy báo quản trị viên bổ sung ngân hàng câu hỏi."
QUIZ_QUESTION = "Câu {number}/{total} · {topic}\n{question}\n\n{options}"
QUIZ_OPTION = "{letter}. {text}"
QUIZ_RIGHT = "✅ Chính xác!"
QUIZ_WRONG = "❌ Chưa đúng. Đáp án đúng: {letter}. {answer}"
QUIZ_EXPLANATION = "{verdict}\n{explanation}\nNguồn: {source}"
QUIZ_DUPLICATE = "Câu {number} bạn đã trả lời rồi; chỉ câu trả lời đầu tiên được ghi nhận."
QUIZ_CLOSED = "Lượt trắc nghiệm này đã kết thúc. Gõ /quiz hoặc bấm “Làm lượt mới” để làm lượt khác."
QUIZ_STALE = "Nút này không thuộc lượt trắc nghiệm hiện tại của bạn. Gõ /quiz để tiếp tục."
QUIZ_DONE = "🏁 Hoàn thành lượt trắc nghiệm!\nKết quả: {correct}/{total} câu đúng ({percent})."
QUIZ_PASSED = "✅ Đạt yêu cầu (ngưỡng đạt: {threshold})."
QUIZ_FAILED = "❌ Chưa đạt yêu cầu (ngưỡng đạt: {threshold}). Bạn hãy ôn lại và làm lượt mới."
QUIZ_WEAK_TITLE = "Chủ đề cần ôn lại:"
QUIZ_WEAK_LINE = "- {topic} ({correct}/{total} câu đúng): nên đọc {reading}."
QUIZ_WEAK_SOURCE = "  Xem lại: {source}"
QUIZ_ALL_RIGHT = "Bạn trả lời đúng ở mọi chủ đề. Rất tốt!"
QUIZ_UNIT_LINE = "Kết quả được tính cho đơn vị: {unit}."
HELP_QUIZ = (
    "\n\nTrắc nghiệm:\n"
    "/quiz – làm bài trắc nghiệm về cải cách hành chính\n"
    "/donvi – chọn hoặc đổi đơn vị công tác"
)
HELP_ADMIN_QUIZ = "\n/baocao [từ ngày] [đến ngày] – báo cáo mức độ nắm vững CCHC theo đơn vị (văn bản, biểu đồ, CSV)"

# Awareness report (bot/quiz/report.py): text summary, CSV headers, chart labels.
REPORT_TITLE = "BÁO CÁO MỨC ĐỘ NẮM VỮNG MỤC TIÊU, NHIỆM VỤ CCHC"
REPORT_PERIOD = "Kỳ báo cáo: {since} – {until}."
REPORT_PERIOD_ALL = "Kỳ báo cáo: toàn bộ dữ liệu đến {until}."
REPORT_RULES = (
    "Người được khảo sát: người đã hoàn thành ít nhất một lượt trong kỳ; đạt/không đạt theo lượt gần nhất "
    "(ngưỡng đạt của lượt)."
)
REPORT_UNITS_TITLE = "Theo đơn vị:"
REPORT_UNIT_LINE = "- {unit}: {surveyed} người được khảo sát, {passed} người đạt ({rate}); chỉ tiêu {target} → {status}"
REPORT_UNIT_EMPTY = "- {unit}: chưa có ai hoàn thành khảo sát (chỉ tiêu {target})"
REPORT_MET = "đạt chỉ tiêu"
REPORT_GAP = "còn thiếu {gap} điểm % (cần thêm {needed} người đạt)"
REPORT_ORG_LINE = "Toàn cơ quan ({name}): {surveyed} người được khảo sát, {passed} người đạt ({rate}); chỉ tiêu {target} → {status}"
REPORT_ORG_EMPTY = "Toàn cơ quan ({name}): chưa có ai hoàn thành khảo sát trong kỳ."
REPORT_TOPICS_TITLE = "Chủ đề trả lời đúng ít nhất:"
REPORT_TOPIC_LINE = "{rank}. {topic}: {share} ({correct}/{total} câu trả lời đúng)"
REPORT_QUESTIONS_TITLE = "Câu hỏi trả lời đúng ít nhất (nên giải thích lại):"
REPORT_QUESTION_LINE = "{rank}. {question} – {share} ({correct}/{total}) [{id}]"
REPORT_NO_ANSWERS = "Chưa có câu trả lời nào trong kỳ."
REPORT_FILES = "Số liệu chi tiết (mở bằng Excel): {names}."
REPORT_NO_UNIT = "(chưa chọn đơn vị)"
REPORT_BAD_PERIOD = (
    "Không hiểu kỳ báo cáo “{text}”. Dùng: /baocao [từ ngày] [đến ngày], ví dụ "
    "/baocao 01/01/2025 31/12/2025 hoặc /baocao 2025-01-01 2025-12-31."
)
REPORT_CSV_UNITS = (
    "Mã đơn vị", "Đơn vị", "Số người được khảo sát", "Số người đạt", "Tỉ lệ đạt (%)",
    "Chỉ tiêu (%)", "Còn thiếu (điểm %)", "Cần thêm người đạt",
)
REPORT_CSV_ORG = "Toàn cơ quan"
REPORT_CSV_QUESTIONS = ("Loại", "Mã", "Chủ đề", "Nội dung", "Số câu trả lời", "Số câu đúng", "Tỉ lệ đúng (%)")
REPORT_CSV_TOPIC = "Chủ đề"
REPORT_CSV_QUESTION = "Câu hỏi"
CHART_TITLE = "Tỉ lệ công chức, viên chức đạt yêu cầu theo đơn vị"
CHART_YLABEL = "Tỉ lệ đạt (%)"
CHART_TARGET = "Chỉ tiêu"
CHART_NOT_SURVEYED = "chưa khảo sát"

# --- Procedure answers (bot/procedures/answer.py) ---
PROCEDURE_HEADING = "Thủ tục: {name}"
# A requested field the catalogue left out: said plainly, never guessed.
PROCEDURE_FIELD_MISSING = (
    "{label}: Danh mục chưa có thông tin đã kiểm chứng về {what} của thủ tục này; "
    "bạn vui lòng xem trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc hỏi trực tiếp cơ quan giải quyết."
)
# How a missing field is named inside PROCEDURE_FIELD_MISSING ("về lệ phí của thủ tục này").
PROCEDURE_FIELD_NOUNS: dict[str, str] = {
    "body": "cơ quan giải quyết",
    "ways": "cách thức nộp hồ sơ",
    "documents": "thành phần hồ sơ",
    "time_limit": "thời hạn giải quyết",
    "fee": "lệ phí",
    "legal_basis": "căn cứ pháp lý",
}
PROCEDURE_NOTES = "Lưu ý: {notes}"
PROCEDURE_CITATION = "Nguồn: Theo Danh mục thủ tục hành chính “{catalogue}”{as_of}; căn cứ: {legal_basis}"
PROCEDURE_CITATION_AS_OF = " (cập nhật {date})"
PROCEDURE_CITATION_NO_BASIS = "chưa ghi trong danh mục"
PROCEDURE_SOURCES = "Trang đối chiếu: {urls}"
PROCEDURE_MORE_SOURCES = " và {count} trang khác"

# Structured answers (bot/answer/): short direct answers, declines, clarifying questions,
# follow-ups (issue 10).
PROCEDURE_CATALOGUE_CITATION = "Danh mục thủ tục hành chính “{catalogue}”{as_of}"
PROCEDURE_SECTION = "thủ tục “{name}”"
PROCEDURE_MORE_BUTTON = "Xem đầy đủ thủ tục"
CLARIFY_PROCEDURE = "Bạn hỏi về thủ tục nào dưới đây? Hãy chọn một thủ tục:"
CLARIFY_PLAN = "Kế hoạch của mỗi cơ quan đặt ra nội dung riêng. Bạn hỏi về kế hoạch của cơ quan nào?"
BODY_MATCHES = "Tôi chưa chắc bạn hỏi thủ tục nào. Hồ sơ của các thủ tục sau có nhắc đến nội dung này; hãy chọn một thủ tục để xem:"
PROCEDURE_ABSENT = (
    "Xin lỗi, danh mục thủ tục hiện có không có thủ tục “{named}”, nên tôi không trả lời để tránh sai. "
    "Bạn hãy tra cứu trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc hỏi Bộ phận Một cửa nơi làm thủ tục."
)
DECLINE_FOCUS = (
    "Xin lỗi, tài liệu hiện có không nêu {what} mà bạn hỏi, nên tôi không trả lời để tránh sai. "
    "Bạn hãy hỏi Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) nơi làm thủ tục, "
    "hoặc tra cứu trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)."
)
DECLINE_FOCUS_WHAT: dict[str, str] = {
    "hours": "giờ làm việc",
    "phone": "số điện thoại",
    "email": "địa chỉ thư điện tử",
    "contact": "cách liên hệ (số điện thoại, địa chỉ, trang liên lạc)",
    "ranking": "thứ hạng, so sánh",
    "percent": "tỷ lệ (phần trăm)",
    "address": "địa chỉ",
    "money": "số tiền",
    "person": "tên người",
    "count": "con số",
    "year": "số liệu của năm",
    "place": "thông tin của địa phương, cơ quan",
    "score": "điểm số, thứ hạng",
    "achieved": "kết quả đã đạt được",
    "duration": "thời hạn (số ngày)",
    "reference": "nội dung của văn bản",
    "number": "số hiệu văn bản",
    "date": "ngày, tháng",
    "effective": "ngày có hiệu lực",
    "forecast": "dự kiến, kế hoạch sắp tới",
    "acronym": "thông tin về tên viết tắt",
    "private": "giá, cách làm của dịch vụ tư nhân",
    "postage": "cước phí gửi, nhận qua bưu chính",
    "merger": "danh sách xã, phường, tỉnh sau sắp xếp",
    "fine": "mức xử phạt vi phạm",
    "period": "thời gian thực hiện (từ năm nào đến năm nào)",
    "form": "mẫu (số hiệu mẫu)",
    "which_year": "năm",
    "which_place": "tên các địa phương",
    "sanction": "hình thức xử lý, kỷ luật",
    "article": "điều, khoản cụ thể",
    "full_list": "danh sách đầy đủ",
}
DECLINE_STATUS = (
    "Tôi không tra cứu được tình trạng hồ sơ hay hệ thống của từng người. Bạn hãy tra cứu trên "
    "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc ứng dụng VNeID bằng mã hồ sơ ghi trên giấy "
    "tiếp nhận, hoặc hỏi Bộ phận Một cửa nơi đã nộp."
)
SOURCES_BUTTON = "Các nguồn trích dẫn"
SOURCES_TITLE = "Các nguồn của câu trả lời:"
SOURCES_LINE = "{rank}. {citation}"
CHOICE_STALE = "Lựa chọn này đã cũ. Bạn hãy gõ lại câu hỏi nhé."
# --- Procedure import and the national catalogue (bot/procedures/import_cli.py, resolve.py, parts.py) ---
IMPORT_DONE = "Đã nhập {count} thủ tục vào {path}{unchanged}."
IMPORT_UNCHANGED = " (không có gì thay đổi)"
IMPORT_SKIPPED_HEAD = "Bỏ qua {count} bản ghi không đọc được:"
IMPORT_SKIPPED_LINE = "  - {code}: {reason}"
IMPORT_FAILED = "Không nhập được: {reason}."
IMPORT_BAD_MAP = "Tùy chọn --map phải có dạng 'Tên cột=trường', nhận được: {value!r}"
IMPORT_REINDEX = "Chạy `cchc index` (hoặc /reload) để trợ lý dùng danh mục mới."
# Catalogue titles in citations, per source of the entry (bot/procedures/catalogue.py).
PROCEDURE_NATIONAL_CATALOGUE = "Cơ sở dữ liệu quốc gia về thủ tục hành chính"
PROCEDURE_LOCAL_CATALOGUE = "Danh mục thủ tục hành chính của cơ quan"
PROCEDURE_WAY_FEE = "phí, lệ phí: {fee}"
PROCEDURE_MINISTRIES: dict[str, str] = {
    "bo-cong-an": "Bộ Công an",
    "bo-tu-phap": "Bộ Tư pháp",
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
    "bo-xay-dung": "Bộ Xây dựng",
    "ngan-hang-nha-nuoc": "Ngân hàng Nhà nước",
    "toa-an-nhan-dan": "Tòa án nhân dân",
}
# Structured procedure answers (bot/procedures/parts.py).
PROCEDURE_PART_LABELS: dict[str, str] = {
    "agency": "Cơ quan thực hiện",
    "ways": "Cách thức nộp",
    "documents": "Thành phần hồ sơ",
    "time_limit": "Thời hạn giải quyết",
    "fee": "Phí, lệ phí",
    "legal_basis": "Căn cứ pháp lý",
    "conditions": "Yêu cầu, điều kiện",
    "result": "Kết quả",
    "applicants": "Đối tượng thực hiện",
    "steps": "Trình tự thực hiện",
}
PROCEDURE_PART_NOUNS: dict[str, str] = {
    "agency": "cơ quan thực hiện",
    "ways": "cách thức nộp hồ sơ",
    "documents": "thành phần hồ sơ",
    "time_limit": "thời hạn giải quyết",
    "fee": "phí, lệ phí",
    "legal_basis": "căn cứ pháp lý",
    "conditions": "yêu cầu, điều kiện",
    "result": "kết quả",
    "applicants": "đối tượng thực hiện",
    "steps": "trình tự thực hiện",
}
PROCEDURE_DIRECT = "{label} của thủ tục “{name}”: {value}"
PROCEDURE_PART_MISSING = (
    "Danh mục chưa có thông tin về {what} của thủ tục “{name}”; bạn vui lòng xem trang thủ tục trên "
    "Cổng Dịch vụ công quốc gia hoặc hỏi cơ quan giải quyết."
)
PROCEDURE_DOCUMENTS_MORE = "{shown} và {count} giấy tờ khác"
PROCEDURE_FORM = "mẫu: {form}"
PROCEDURE_ADDRESS = "Nơi tiếp nhận: {address}"
PROCEDURE_CITE = "Nguồn: thủ tục “{name}”{code}, {catalogue}{as_of}."
PROCEDURE_CITE_CODE = " (mã {code})"
# --- Database commands and several workers (bot/db_cli.py, issue 16) ---
DB_MIGRATED = "Cơ sở dữ liệu {location}: phiên bản lược đồ {version}."
DB_COPY_TABLE = "  {table}: {rows} dòng"
DB_COPY_DONE = "Đã sao chép {rows} dòng trong {tables} bảng từ {source} sang {target}."
DB_ERROR = "Lỗi cơ sở dữ liệu: {reason}"


# --- Issue 14: citizens' survey (bot/survey/), staff coverage, contest rounds (bot/contest/) ---
HELP_SURVEY = "\n/khaosat – khảo sát ẩn danh về cải cách hành chính (khoảng 1 phút)"
SURVEY_OFFER = (
    "Bạn có thể dành khoảng 1 phút trả lời {count} câu hỏi khảo sát về cải cách hành chính không? "
    "Khảo sát ẩn danh: không hỏi tên, có thể dừng bất cứ lúc nào."
)
SURVEY_INTRO = "Khảo sát ẩn danh về cải cách hành chính: {count} câu, không hỏi tên, có thể dừng bất cứ lúc nào."
SURVEY_JOIN_BUTTON = "Tham gia"
SURVEY_DECLINE_BUTTON = "Không, cảm ơn"
SURVEY_STOP_BUTTON = "Dừng khảo sát"
SURVEY_QUESTION = "Khảo sát · câu {number}/{total}\n{question}"
SURVEY_PLACE_PROMPT = "Câu cuối (không bắt buộc): bạn làm thủ tục ở xã, phường nào?"
SURVEY_PLACE_NONE = "Không muốn nêu"
SURVEY_THANKS = "Cảm ơn bạn đã tham gia khảo sát! Ý kiến của bạn giúp cơ quan làm tốt hơn công tác cải cách hành chính."
SURVEY_DECLINED = "Cảm ơn bạn! Trợ lý sẽ không mời bạn khảo sát nữa. Khi nào muốn, bạn có thể gõ /khaosat."
SURVEY_STOPPED = "Đã dừng khảo sát. Các câu bạn đã trả lời vẫn được ghi nhận (ẩn danh). Cảm ơn bạn!"
SURVEY_ALREADY_DONE = "Bạn đã tham gia khảo sát kỳ này. Cảm ơn bạn!"
SURVEY_DUPLICATE = "Câu này bạn đã trả lời rồi."
SURVEY_OFF = "Hiện chưa có khảo sát nào."
SURVEY_STALE = "Nút này thuộc một lượt khảo sát đã kết thúc. Gõ /khaosat nếu bạn muốn tham gia."
# Survey report (bot/survey/report.py) and the two targets side by side (bot/survey/targets.py).
SURVEY_REPORT_TITLE = "KẾT QUẢ KHẢO SÁT NGƯỜI DÂN: {title}"
SURVEY_REPORT_METHOD = (
    "Khoảng tin cậy 95% tính theo phương pháp Wilson (đúng cả với mẫu nhỏ và tỉ lệ gần 100%). "
    "Phương án “không áp dụng” không tính vào tỉ lệ."
)
SURVEY_REPORT_TAKEN = (
    "Trong kỳ: {offered} lượt mời hoặc tự tham gia, {respondents} người có trả lời, {done} hoàn thành, "
    "{skipped} từ chối hoặc dừng giữa chừng."
)
SURVEY_REPORT_KEY = (
    "Hiểu rõ mục đích, ý nghĩa, lợi ích của CCHC: {estimate}; chỉ tiêu {target} → {verdict}"
)
SURVEY_ESTIMATE = "{share} ({positive}/{n} người), khoảng tin cậy 95%: {low}–{high} (sai số ±{margin} điểm %)"
SURVEY_ESTIMATE_EMPTY = "chưa có câu trả lời"
SURVEY_VERDICTS = {
    "reached": "đạt chỉ tiêu (cả cận dưới của khoảng tin cậy cũng đạt)",
    "not_reached": "chưa đạt chỉ tiêu (cả cận trên của khoảng tin cậy cũng thấp hơn)",
    "inconclusive": "chưa đủ căn cứ kết luận (chỉ tiêu nằm trong khoảng tin cậy; cần khảo sát thêm)",
    "no_data": "chưa có ai trả lời trong kỳ",
}
SURVEY_REPORT_QUESTIONS = "Theo câu hỏi (tỉ lệ trả lời tích cực):"
SURVEY_REPORT_QUESTION = "- {short}: {estimate}"
SURVEY_REPORT_OPTIONS = "  {options}"
SURVEY_REPORT_GROUPS = "Tỉ lệ hiểu rõ theo {by}:"
SURVEY_REPORT_GROUP = "- {name}: {estimate}"
SURVEY_BY_CHANNEL = "kênh"
SURVEY_BY_PLACE = "xã, phường"
SURVEY_PLACE_UNSTATED = "(không nêu)"
SURVEY_CHANNELS = {"telegram": "Telegram", "zalo": "Zalo", "web": "Trang web", "cli": "Dòng lệnh"}
SURVEY_REPORT_NONE = "Chưa có khảo sát người dân (tệp khảo sát chưa được cấu hình)."
SURVEY_CSV_NAME = "bao-cao-khao-sat.csv"
SURVEY_CSV = (
    "Nhóm", "Mã", "Nội dung", "Số người trả lời (tính tỉ lệ)", "Số trả lời tích cực", "Tỉ lệ (%)",
    "Cận dưới KTC 95% (%)", "Cận trên KTC 95% (%)", "Không áp dụng", "Chỉ tiêu (%)", "Đánh giá",
)
SURVEY_CSV_QUESTION = "Câu hỏi"
SURVEY_CSV_OPTION = "Phương án"
SURVEY_CSV_CHANNEL = "Kênh"
SURVEY_CSV_PLACE = "Xã, phường"
TARGETS_TITLE = "HAI CHỈ TIÊU CỦA KẾ HOẠCH TUYÊN TRUYỀN CCHC"
TARGETS_STAFF = (
    "Công chức, viên chức: {passed}/{surveyed} người được khảo sát nắm vững ({rate}); chỉ tiêu {target} → {status}."
)
TARGETS_STAFF_EMPTY = "Công chức, viên chức: chưa có ai hoàn thành trắc nghiệm trong kỳ (chỉ tiêu {target})."
TARGETS_COVERAGE = "  Đã khảo sát {surveyed}/{headcount} người trong biên chế ({coverage}); số người đạt bằng {passed_share} biên chế."
TARGETS_COVERAGE_UNKNOWN = "  Chưa khai báo biên chế (headcount) trong units.yaml nên chưa tính được độ bao phủ."
TARGETS_CITIZENS = "Người dân, tổ chức: {estimate}; chỉ tiêu {target} → {verdict}."
TARGETS_CHART_NAME = "bieu-do-chi-tieu.png"
TARGETS_FILES = "Khảo sát người dân theo câu hỏi, phương án, kênh, xã phường (mở bằng Excel): {name}."
CHART_TARGETS_TITLE = "Hai chỉ tiêu: công chức nắm vững, người dân hiểu rõ"
CHART_TARGETS_STAFF = "Công chức đạt (trong số được khảo sát)"
CHART_TARGETS_COVERAGE = "Công chức được khảo sát / biên chế"
CHART_TARGETS_CITIZENS = "Người dân hiểu rõ (khoảng tin cậy 95%)"
CHART_SURVEY_TITLE = "Khảo sát người dân: tỉ lệ tích cực, khoảng tin cậy 95%"
CHART_UNITS_TITLE = "Theo đơn vị: độ bao phủ và tỉ lệ đạt"
CHART_COVERAGE = "Được khảo sát / biên chế"
CHART_PASS_RATE = "Đạt / được khảo sát"
CHART_PERCENT = "%"
# Staff coverage in the quiz report (bot/quiz/report.py).
REPORT_COVERAGE_TITLE = "Độ bao phủ (số người được khảo sát / biên chế):"
REPORT_COVERAGE_LINE = "- {unit}: {surveyed}/{headcount} người ({coverage}); đạt {passed}/{headcount} biên chế ({passed_share})"
REPORT_COVERAGE_UNKNOWN = "- {unit}: chưa khai báo biên chế"
REPORT_CSV_COVERAGE = ("Biên chế", "Tỉ lệ được khảo sát (%)", "Số người đạt / biên chế (%)")
# Quiz and contest questions as native Telegram polls (bot/quiz/poll.py, bot/channels/telegram.py).
POLL_QUESTION = "Câu {number}/{total}: {question}"
POLL_CHOOSE = "Chọn đáp án cho câu hỏi trên:"
# Contest rounds (bot/contest/): participants, results, admin commands.
HELP_CONTEST = "\n/hoithi – tham gia hội thi tìm hiểu CCHC đang diễn ra\n/ketqua [mã vòng thi] – kết quả hội thi"
HELP_ADMIN_CONTEST = (
    "\n/mohoithi ten=\"…\" tu=01/12/2025 den=15/12/2025 socau=10 giay=30 [chude=targets,one_stop | cauhoi=mã1,mã2]"
    " – mở vòng thi\n/donghoithi [mã] – kết thúc vòng thi (sau đó /ketqua [mã] để công bố)"
)
CONTEST_NONE = "Hiện không có hội thi nào đang diễn ra."
CONTEST_CHOOSE = "Đang có nhiều vòng thi. Bạn chọn vòng muốn tham gia:"
CONTEST_ROUND_BUTTON = "{name} (đến {until})"
CONTEST_INTRO = (
    "Hội thi “{name}”: {total} câu, mỗi câu {seconds} giây. Mỗi người dự thi một lần; xếp hạng theo số câu đúng, "
    "bằng điểm thì ai hoàn thành trước xếp trên."
)
CONTEST_QUESTION = "Hội thi · Câu {number}/{total} · {seconds} giây\n{question}\n\n{options}"
CONTEST_TIMEOUT = "⏰ Hết giờ câu {number} (quá {seconds} giây), không được tính điểm. Đáp án đúng: {letter}. {answer}"
CONTEST_DONE = (
    "🏁 Bạn đã hoàn thành vòng thi “{name}”: {correct}/{total} câu đúng, thời gian trả lời {time}. "
    "Kết quả được công bố bằng lệnh /ketqua khi vòng thi kết thúc."
)
CONTEST_ALREADY = "Bạn đã dự thi vòng “{name}” ({correct}/{total} câu đúng). Mỗi người chỉ được dự thi một lần."
CONTEST_NOT_OPEN = "Vòng thi này không còn nhận bài (đã kết thúc hoặc chưa bắt đầu)."
CONTEST_STALE = "Nút này không thuộc lượt dự thi hiện tại của bạn. Gõ /hoithi để tiếp tục."
CONTEST_DUPLICATE = "Câu {number} bạn đã trả lời rồi; chỉ câu trả lời đầu tiên được ghi nhận."
CONTEST_CONTINUE_BUTTON = "Tiếp tục"
CONTEST_SECONDS = "{seconds} giây"
CONTEST_RESULTS_TITLE = "KẾT QUẢ HỘI THI “{name}” (vòng #{id})"
CONTEST_RESULTS_PERIOD = "Thời gian: {since} – {until}; {total} câu, mỗi câu {seconds} giây; {finished} người hoàn thành."
CONTEST_RESULTS_RULE = "Xếp hạng theo số câu đúng; bằng điểm thì ai hoàn thành trước xếp trên."
CONTEST_RESULTS_PEOPLE = "Cá nhân:"
CONTEST_RESULTS_PERSON = "{rank}. {name} – {unit}: {correct}/{total} câu đúng, hoàn thành lúc {finished}"
CONTEST_RESULTS_MORE = "… và {count} người khác (xem tệp CSV)."
CONTEST_RESULTS_UNITS = "Đơn vị (điểm trung bình của người dự thi):"
CONTEST_RESULTS_UNIT = "{rank}. {unit}: {mean}, {participants} người dự thi{participation}"
CONTEST_RESULTS_PARTICIPATION = " trên {headcount} biên chế ({share})"
CONTEST_RESULTS_EMPTY = "Chưa có ai hoàn thành vòng thi này."
CONTEST_RESULTS_RUNNING = (
    "Vòng thi “{name}” đang diễn ra đến {until}: {finished} người đã hoàn thành. "
    "Kết quả được công bố khi vòng thi kết thúc."
)
CONTEST_RESULTS_LIVE = "Bảng xếp hạng tạm thời (chỉ quản trị viên xem được):"
CONTEST_RESULTS_NONE = "Chưa có vòng thi nào."
CONTEST_RESULTS_FILES = "Kết quả chi tiết (mở bằng Excel): {names}."
CONTEST_ANON = "Người dự thi #{id}"
CONTEST_CSV_NAME = "ket-qua-hoi-thi-{id}.csv"
CONTEST_UNITS_CSV_NAME = "ket-qua-hoi-thi-{id}-don-vi.csv"
CONTEST_CSV = (
    "Hạng", "Họ tên", "Mã đơn vị", "Đơn vị", "Số câu đúng", "Số câu", "Tỉ lệ đúng (%)",
    "Thời gian trả lời (giây)", "Hoàn thành lúc",
)
CONTEST_UNITS_CSV = (
    "Hạng", "Mã đơn vị", "Đơn vị", "Số người dự thi", "Biên chế", "Tỉ lệ tham gia (%)", "Điểm trung bình (%)",
    "Hạng cao nhất của đơn vị",
)
CONTEST_OPENED = (
    "Đã mở vòng thi #{id} “{name}”: {since} – {until}, {total} câu, mỗi câu {seconds} giây. "
    "Người dự thi gõ /hoithi."
)
CONTEST_CLOSED = "Đã kết thúc vòng thi #{id} “{name}”. Gõ /ketqua {id} để công bố kết quả."
CONTEST_CLOSE_WHICH = "Đang mở nhiều vòng thi ({ids}). Gõ /donghoithi <mã vòng thi>."
CONTEST_NOTHING_OPEN = "Không có vòng thi nào đang mở."
CONTEST_UNKNOWN = "Không có vòng thi mã “{text}”."
CONTEST_ALREADY_CLOSED = "Vòng thi #{id} đã kết thúc từ trước."
CONTEST_USAGE = (
    "Cách mở vòng thi: /mohoithi ten=\"Hội thi tìm hiểu CCHC 2025\" tu=01/12/2025 den=15/12/2025 socau=10 giay=30 "
    "(tuỳ chọn: chude=targets,one_stop hoặc cauhoi=mã1,mã2)."
)
CONTEST_BAD_ARGS = "Chưa mở được vòng thi: {reason}\n" + CONTEST_USAGE
CONTEST_ERR_QUOTES = "dấu ngoặc kép chưa đóng."
CONTEST_ERR_KEY = "không hiểu “{text}” (dùng ten=, tu=, den=, socau=, giay=, chude=, cauhoi=)."
CONTEST_ERR_NAME = "thiếu tên vòng thi (ten=\"…\")."
CONTEST_ERR_UNTIL = "thiếu ngày kết thúc (den=DD/MM/YYYY)."
CONTEST_ERR_DATE = "ngày “{text}” không đúng dạng DD/MM/YYYY."
CONTEST_ERR_NUMBER = "{key}=“{text}” phải là một số."
CONTEST_ERR_PERIOD = "ngày kết thúc trước ngày bắt đầu."
CONTEST_ERR_TOPIC = "không có chủ đề {topics} (các chủ đề: {known})."
CONTEST_ERR_IDS = "ngân hàng câu hỏi không có câu mã {ids}."
CONTEST_ERR_POOL = "ngân hàng chỉ có {available} câu cho các chủ đề đã chọn, chưa đủ {count} câu."
CONTEST_ERR_FIELDS = {
    "name": "tên vòng thi dài quá 120 ký tự.",
    "seconds": "thời gian mỗi câu (giay=) phải từ 5 đến 600 giây.",
    "count": "số câu (socau=) phải từ 1 đến 50.",
}

# --- Curated answers and the admin console (issue 13: bot/curated/, bot/server/console/) ---
# The citation of a curated answer: says that a person wrote it, then its source if any.
CURATED_CITATION = "câu trả lời của cán bộ quản trị"
CURATED_UPDATED_NOTE = "Câu trả lời do cán bộ quản trị biên soạn, cập nhật ngày {date}."
CURATED_NO_QUESTION = "cần ít nhất một câu hỏi."
CURATED_BAD_QUESTIONS = "mỗi dòng là một câu hỏi."
CURATED_TOO_MANY_QUESTIONS = "tối đa {limit} cách hỏi."
CURATED_QUESTION_TOO_LONG = "mỗi câu hỏi tối đa {limit} ký tự."
CURATED_NO_ANSWER = "chưa nhập nội dung trả lời."
CURATED_ANSWER_TOO_LONG = "tối đa {limit} ký tự."
CURATED_BAD_URL = "đường dẫn phải bắt đầu bằng http:// hoặc https://."
CURATED_BAD_FIELD = "{field}: giá trị không hợp lệ."
CURATED_UNKNOWN_FIELD = "Trường “{field}” không được hỗ trợ."
CURATED_FIELD_QUESTIONS = "Câu hỏi"
CURATED_FIELD_ANSWER = "Câu trả lời"
CURATED_FIELD_DOCUMENT = "Văn bản nguồn"
CURATED_FIELD_SECTION = "Mục/điều"
CURATED_FIELD_URL = "Đường dẫn"
CURATED_FIELD_EXPIRES = "Ngày hết hạn"
CURATED_FIELD_ENABLED = "Bật"
CURATED_YAML_INVALID = "Tệp YAML không đọc được: {reason}"
CURATED_YAML_NOT_LIST = "Tệp YAML phải là một danh sách các câu trả lời (mỗi mục có questions và answer)."
CURATED_YAML_ENTRY = "Mục {number}: {reason}"
CURATED_IMPORTED = "Đã nhập {created} câu trả lời mới, cập nhật {updated} câu trả lời."
CURATED_EXPORTED = "Đã xuất {count} câu trả lời vào {path}."
CURATED_IMPORT_REFUSED = "Không nhập gì cả: tệp có {count} lỗi."
CURATED_SOURCE = "căn cứ {source}"
CURATED_YAML_BAD_ID = "“id” phải là số nguyên dương (mã của câu trả lời khi xuất ra)."
# Console notices and refusals (static page labels live in bot/server/console/templates/,
# as the web chat's live in static/index.html).
CONSOLE_CSRF_FAILED = (
    "Yêu cầu bị từ chối: biểu mẫu không hợp lệ hoặc đã cũ (thiếu mã xác thực CSRF). "
    "Bạn hãy tải lại trang rồi thực hiện lại."
)
CONSOLE_LOGIN_FORM_EXPIRED = "Biểu mẫu đăng nhập đã hết hạn. Bạn hãy nhập lại tên và mật khẩu."
CONSOLE_LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu (mã quản trị) không đúng."
CONSOLE_LOCKED_ACCOUNT = (
    "Tài khoản này tạm thời bị khóa vì đăng nhập sai nhiều lần. Bạn hãy thử lại sau {minutes} phút."
)
CONSOLE_LOCKED_ADDRESS = (
    "Máy của bạn tạm thời không được đăng nhập vì có quá nhiều lần đăng nhập sai. "
    "Bạn hãy thử lại sau {minutes} phút."
)
CONSOLE_SIGN_IN_FIRST = "Bạn cần đăng nhập trang quản trị trước. Không có thay đổi nào được thực hiện."
CONSOLE_NOT_FOUND = "Không tìm thấy mục này (có thể đã bị xóa)."
CONSOLE_CONFIRM_DELETE_ANSWER = "Xóa câu trả lời biên soạn này?"
CONSOLE_CONFIRM_DELETE_DOCUMENT = "Xóa tài liệu này khỏi kho tri thức? Tệp được chuyển vào thư mục lưu trữ (trash), không mất hẳn."
CONSOLE_IMPORT_TOO_LARGE = "Tệp quá lớn (tối đa {limit_mb:.0f} MB)."
CONSOLE_IMPORT_NO_FILE = "Bạn chưa chọn tệp YAML."
CONSOLE_DOCUMENT_DELETED = "Đã xóa tài liệu {path} (tệp được chuyển vào thư mục trash)."
CONSOLE_BAD_PERIOD = "Kỳ báo cáo không hợp lệ: {reason}"
CONSOLE_GENERATED = "{new} câu mới, {kept} câu đã có, {gone} câu không còn trong kho"
CONSOLE_INVITE_BAD_NUMBER = "Số mã phải từ 1 đến {max_count}, số người mỗi mã từ 1 đến {max_uses}."
CONSOLE_INVITE_BAD_UNIT = "Không có đơn vị “{unit}” trong danh sách đơn vị (units.yaml)."
CONSOLE_INVITE_AUDIT = "{count} mã, mỗi mã {uses} người"
CONSOLE_NOTICES = {
    "created": "Đã lưu câu trả lời biên soạn. Trợ lý dùng câu trả lời này từ câu hỏi tiếp theo.",
    "updated": "Đã cập nhật câu trả lời biên soạn.",
    "enabled": "Đã bật câu trả lời.",
    "disabled": "Đã tắt câu trả lời: trợ lý không dùng câu trả lời này nữa.",
    "deleted": "Đã xóa câu trả lời biên soạn.",
    "quiz_enabled": "Đã bật câu hỏi: câu hỏi được dùng trong các lượt trắc nghiệm.",
    "quiz_disabled": "Đã tắt câu hỏi.",
    "generated": "Đã sinh câu hỏi từ kho tri thức; câu mới chờ duyệt.",
}
CONSOLE_CHANNELS = {"telegram": "Telegram", "zalo": "Zalo", "web": "Web", "cli": "Dòng lệnh"}
CONSOLE_AUDIT_ACTIONS = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "login_locked": "Đăng nhập bị chặn (tạm khóa)",
    "logout": "Đăng xuất",
    "curated_create": "Thêm câu trả lời biên soạn",
    "curated_update": "Sửa câu trả lời biên soạn",
    "curated_enable": "Bật câu trả lời biên soạn",
    "curated_disable": "Tắt câu trả lời biên soạn",
    "curated_delete": "Xóa câu trả lời biên soạn",
    "curated_import": "Nhập câu trả lời (YAML)",
    "curated_export": "Xuất câu trả lời (YAML)",
    "document_upload": "Tải lên tài liệu",
    "document_delete": "Xóa tài liệu",
    "document_delete_failed": "Xóa tài liệu không thành công",
    "reload": "Cập nhật kho tri thức",
    "quiz_question_enabled": "Bật câu hỏi trắc nghiệm",
    "quiz_question_disabled": "Tắt câu hỏi trắc nghiệm",
    "quiz_invites": "Cấp mã tham gia (ghi danh)",
    "quiz_generate": "Sinh câu hỏi trắc nghiệm",
}
CONSOLE_RELOAD_STAGES = {"read": "Đang đọc tài liệu", "embed": "Đang tính vectơ ngữ nghĩa", "write": "Đang ghi kho mới"}
CONSOLE_CHART_QUESTIONS = "Số câu hỏi mỗi ngày"
CONSOLE_CHART_ANSWERED = "Đã trả lời"
CONSOLE_CHART_UNANSWERED = "Chưa trả lời được"
CONSOLE_CHART_SHARE = "Tỉ lệ câu hỏi được trả lời (%)"
CONSOLE_CHART_VOTES = "Đánh giá của người dùng"
CONSOLE_CHART_UP = "Hữu ích"
CONSOLE_CHART_DOWN = "Chưa đúng"
CONSOLE_CHART_CHANNELS = "Số câu hỏi theo kênh"
CONSOLE_CHART_QUIZ = "Tham gia trắc nghiệm"
CONSOLE_CHART_ATTEMPTS = "Lượt hoàn thành"
CONSOLE_CHART_PEOPLE = "Số người"
ADMIN_PASSWORD_PROMPT = "Mật khẩu"
# --- end of the curated answers and admin console block ---

# --- Hardening (issue 12): limits on inputs, enrolment for the awareness report. ---
CLI_NOT_UTF8 = (
    "Lỗi: câu hỏi thứ {number} không phải văn bản UTF-8 hợp lệ. "
    "Hãy gõ lại câu hỏi, hoặc đặt bảng mã của terminal là UTF-8 (ví dụ LANG=C.UTF-8)."
)
# A knowledge file past a bound of indexer/limits.py (upload refusal, build report line).
LIMIT_WHAT = {
    "chars": "độ dài văn bản trích xuất",
    "pdf_pages": "số trang PDF",
    "docx_bytes": "dung lượng tệp .docx khi giải nén",
    "seconds": "thời gian kiểm tra tệp",
    "memory_mb": "bộ nhớ dành cho việc kiểm tra tệp",
}
LIMIT_UNIT = {"chars": "ký tự", "pdf_pages": "trang", "docx_bytes": "byte", "seconds": "giây", "memory_mb": "MB"}
DOCUMENT_LIMIT = "vượt giới hạn {what}: {found} {unit}, tối đa {maximum} {unit} (thiết lập {setting})"
DOCUMENT_LIMIT_UNMEASURED = "vượt giới hạn {what}: tối đa {maximum} {unit} (thiết lập {setting})"
UPLOAD_LIMIT = "Không nhận tệp “{name}”: {reason}. Kho tri thức không thay đổi."
# Enrolment (bot/quiz/enrolment.py): only people the office enrolled count in the report.
ENROL_DONE = (
    "Bạn đã được ghi danh vào đơn vị: {unit}. Từ nay kết quả trắc nghiệm (/quiz) và hội thi (/hoithi) "
    "của bạn được tính cho đơn vị."
)
ENROL_INVALID = (
    "Mã tham gia “{code}” không hợp lệ, đã hết lượt dùng hoặc đã hết hạn. "
    "Bạn hãy kiểm tra lại, hoặc xin mã mới từ quản trị viên của cơ quan."
)
ENROL_USAGE = "Gõ /thamgia kèm mã tham gia do cơ quan cấp, ví dụ: /thamgia ABCD-EFGH-JKMN"
QUIZ_PRACTICE_NOTE = (
    "Lượt này là luyện tập: bạn chưa được cơ quan ghi danh nên kết quả không được tính vào báo cáo "
    "(nếu có mã tham gia, hãy gõ /thamgia <mã>)."
)
REPORT_PRACTICE = "Chỉ tính người đã được cơ quan ghi danh; không tính {count} lượt luyện tập của người chưa ghi danh."
REPORT_CSV_PRACTICE = "Lượt luyện tập không tính (chưa ghi danh)"
# Contest entries of people not enrolled in their unit (bot/contest/flow.py): practice too.
# Asked before the entry starts: a round allows one entry per person, so enrolling comes first.
CONTEST_PRACTICE_PROMPT = (
    "Bạn chưa được cơ quan ghi danh vào đơn vị nào, nên bài thi của bạn chỉ là luyện tập: bạn vẫn thi và "
    "xem được điểm của mình, nhưng không được xếp hạng, kể cả cho đơn vị bạn chọn. Mỗi người chỉ dự thi "
    "một lần mỗi vòng: nếu có mã tham gia, hãy gõ /thamgia <mã> trước, rồi gõ lại /hoithi.\n"
    "Để thi luyện tập, bạn chọn đơn vị công tác:"
)
CONTEST_PRACTICE_NOTE = (
    "Bài thi này là luyện tập: bạn chưa được cơ quan ghi danh vào đơn vị nên kết quả không được xếp hạng."
)
CONTEST_RESULTS_PRACTICE = (
    "Chỉ xếp hạng người đã được cơ quan ghi danh vào đơn vị; không tính {count} bài thi luyện tập "
    "của người chưa ghi danh."
)
HELP_ENROL = "\n/thamgia <mã> – ghi danh vào đơn vị bằng mã tham gia do cơ quan cấp"
ENROL_UNIT_FIXED = (
    "Bạn đã được cơ quan ghi danh vào đơn vị: {unit}; kết quả của bạn được tính cho đơn vị này. "
    "Nếu ghi danh nhầm, hãy báo quản trị viên để được cấp mã tham gia mới."
)
# `cchc units invite|list` (bot/quiz/enrol_cli.py).
INVITE_HEADER = (
    "{count} mã tham gia cho đơn vị “{unit}” ({unit_id}), mỗi mã dùng được {uses} lần, hết hạn ngày {expires}. "
    "Mỗi mã chỉ hiện một lần: hãy lưu lại và trao tận tay người được ghi danh."
)
INVITE_LINE = "{token}\n  Telegram: {telegram}\n  Zalo, web: /thamgia {token}"
INVITE_TELEGRAM_LINK = "https://t.me/{bot}?start={token} (hoặc gõ /start {token})"
INVITE_TELEGRAM_COMMAND = "/start {token} (đặt CCHC_TELEGRAM_BOT_USERNAME để in đường dẫn t.me)"
UNITS_LINE = "{unit_id:<12} {name}: {enrolled} người đã ghi danh, {allowed} trong danh sách cho phép, {open} mã còn dùng được"
UNITS_NONE = "Chưa cấu hình đơn vị nào (knowledge/units.yaml)."
