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
DECLINE_FOCUS = (
    "Xin lỗi, tài liệu hiện có không nêu {what} mà bạn hỏi, nên tôi không trả lời để tránh sai. "
    "Bạn hãy hỏi Bộ phận Một cửa (Trung tâm Phục vụ hành chính công) nơi làm thủ tục, "
    "hoặc tra cứu trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)."
)
DECLINE_FOCUS_WHAT: dict[str, str] = {
    "hours": "giờ làm việc",
    "phone": "số điện thoại",
    "email": "địa chỉ thư điện tử",
    "percent": "tỷ lệ (phần trăm)",
}
SOURCES_BUTTON = "Các nguồn trích dẫn"
SOURCES_TITLE = "Các nguồn của câu trả lời:"
SOURCES_LINE = "{rank}. {citation}"
CHOICE_STALE = "Lựa chọn này đã cũ. Bạn hãy gõ lại câu hỏi nhé."

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
