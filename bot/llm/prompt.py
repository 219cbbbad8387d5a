"""What the model is told: the Vietnamese system prompts and the message layout.

The layout is part of the contract with the verifier: passages are numbered ``[n]`` in the
order of ``Answer.sources``, and the draft must cite them with the same numbers.
"""

from __future__ import annotations

from bot.llm.passages import Passage

# What the model answers when the passages do not cover the question; read as a refusal.
NO_ANSWER = "KHÔNG ĐỦ THÔNG TIN"

ANSWER_SYSTEM = (
    "Bạn là trợ lý cải cách hành chính của cơ quan nhà nước. Hãy trả lời câu hỏi của người dân "
    "bằng tiếng Việt, ngắn gọn (không quá {max_chars} ký tự), CHỈ dựa trên các đoạn trích được "
    "đánh số trong tin nhắn.\n"
    "Quy tắc bắt buộc:\n"
    "1. Cuối mỗi câu ghi số đoạn trích làm căn cứ trong ngoặc vuông, ví dụ [1] hoặc [1][2]. "
    "Chỉ dùng số của các đoạn trích đã cho.\n"
    "2. Chép đúng mọi con số, tỉ lệ phần trăm, ngày tháng, số tiền, thời hạn và số hiệu văn bản "
    "như trong đoạn trích; không tự tính, không làm tròn, không thêm số liệu nào khác.\n"
    "3. Đoạn trích có dòng «Lưu ý» về hiệu lực (văn bản đã được thay thế, quy định đã thay đổi): "
    "không trình bày quy định cũ như quy định đang áp dụng.\n"
    "4. Không dùng hiểu biết ngoài đoạn trích; không chào hỏi; không viết dòng «Nguồn».\n"
    f"5. Nếu các đoạn trích không trả lời được câu hỏi, chỉ viết: {NO_ANSWER}"
)

REWRITE_SYSTEM = (
    "Bạn giúp trợ lý cải cách hành chính hiểu câu hỏi nối tiếp. Dựa vào tóm tắt cuộc trò chuyện, "
    "hãy viết lại câu hỏi mới nhất của người dân thành MỘT câu hỏi đầy đủ, tự hiểu được mà không "
    "cần đọc cuộc trò chuyện (nêu rõ thủ tục, văn bản hoặc chủ đề đang nói tới). Không trả lời câu "
    "hỏi, không giải thích, không thêm số liệu. Chỉ viết câu hỏi đã viết lại trên một dòng."
)


def answer_messages(question: str, passages: list[Passage], max_chars: int) -> list[dict[str, str]]:
    """The system prompt and one user message: the question, then the numbered passages."""
    blocks = []
    for passage in passages:
        lines = [f"[{passage.number}] (Nguồn: {passage.citation})", passage.text, *passage.notes]
        blocks.append("\n".join(lines))
    user = f"Câu hỏi: {question}\n\nCác đoạn trích:\n\n" + "\n\n".join(blocks)
    return [{"role": "system", "content": ANSWER_SYSTEM.format(max_chars=max_chars)}, {"role": "user", "content": user}]


def rewrite_messages(question: str, state_summary: str) -> list[dict[str, str]]:
    """The rewrite prompt: the conversation state, then the follow-up question."""
    user = f"Tóm tắt cuộc trò chuyện:\n{state_summary.strip()}\n\nCâu hỏi mới nhất: {question.strip()}"
    return [{"role": "system", "content": REWRITE_SYSTEM}, {"role": "user", "content": user}]
