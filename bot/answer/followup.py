"""Does a message have a subject of its own, or does it continue the last answer's?

People do not repeat the subject in every message: after "Đăng ký thường trú cần giấy tờ
gì?" come "còn lệ phí thì sao?", "mất mấy ngày?", "làm ở đâu?". The rule is deterministic
(no language model): strip from the message what every question has (scaffolding, the
field cues such as "lệ phí", "bao lâu", "ở đâu", words that point back such as "đó",
"này", generic document words such as "nghị quyết") and the words it shares with the
remembered subject; what is left is the message's own subject. None left, or very little
beside a word that points back ("ai công bố chỉ số này?"), makes it a follow-up; a
message that names a procedure, or brings several new content words, switches topic.
"""

from __future__ import annotations

import re

from bot.answer.models import Subject
from bot.answer.scope import STOPWORDS
from indexer.textnorm import fold, syllables
from indexer.vntokens import canonical

# Words that point back to what was just said, folded ("nghị quyết đó", "chỉ số này").
_POINTERS = frozenset("do nay ay kia tren vua noi".split())
# "còn X thì sao?" asks for another side of the same subject.
_CONTINUER = re.compile(r"^(?:(?:the|vay) )?con(?: ve)?\b")
# Field and aspect cues: what a follow-up asks for about the remembered subject, as written
# with diacritics. Typed with diacritics, a syllable is a cue only in one of these forms:
# "quét mắt" keeps "mắt" (folded, the cue "mất"), "Sở" is not "số". Typed without, only the
# folded form is there to compare (``_CUES``).
_CUE_FORMS = frozenset(
    """
    lệ phí tiền bao lâu mất ngày tháng tuần giờ hôm thời hạn gian giải quyết xong nhận kết quả
    nộp đâu chỗ nơi cơ quan ubnd xã phường online trực tuyến mạng bưu chính điện vneid cổng công
    giấy tờ hồ sơ thành phần cần mang chuẩn bị gồm mẫu đơn khai bản sao chính căn cứ luật nghị
    định thông tư quy pháp lý điều kiện yêu cầu đối tượng trình tự bước ban hành ký số hiệu
    lực năm bao giờ khi ai bố đánh giá lĩnh vực nội dung mục tiêu chỉ hình thức tuyên truyền thúc
    bắt đầu thực hiện trách nhiệm kinh sao thì nữa vẫn rồi cũng luôn thêm khác trường hợp áp dụng
    chịu lấy
    """.split()
)
_CUES = frozenset(fold(w) for w in _CUE_FORMS)
# Generic document and procedure words: "nghị quyết đó", "thủ tục này" name no subject.
_GENERIC = frozenset("nghi quyet ke hoach quyet dinh van ban chi so chuong trinh de an thu tuc viec".split())
# A message is short enough to lean on the previous subject up to this many syllables of
# its own (beyond cues): "ai công bố chỉ số này" keeps "công bố" after the cue list.
POINTER_NEW_WORDS = 2
# Words of its own a field question may add after a procedure ("lệ phí cấp lại khi bị mất
# là bao nhiêu?"): the case asked about, not a new subject.
CASE_WORDS = 4
# A follow-up rarely runs long: beyond this many syllables a message states its own subject.
MAX_FOLLOWUP_SYLLABLES = 12
_WORD = re.compile(r"[a-z0-9]+")


def own_words(question: str, subject: Subject | None = None) -> list[str]:
    """The message's own subject words: folded syllables minus scaffolding, cues, pointers
    and the words it shares with ``subject``."""
    known = set(_WORD.findall(fold(subject.topic))) if subject else set()
    typed = [t for t in syllables(question) if _WORD.search(fold(t))]
    if continues(question):  # "còn đứa lớn 10 tuổi thì sao": "còn" only turns to another case
        opener = _CONTINUER.match(fold(question).strip(" ?.!…"))
        typed = typed[len(opener.group(0).split()) if opener else 0:]
    marked = any(fold(t) != t for t in typed)

    def is_cue(token: str, word: str) -> bool:
        return word in _CUES and (not marked or fold(token) == token or token in _CUE_FORMS)

    return [
        w for t in typed for w in _WORD.findall(fold(t))
        if w not in STOPWORDS and not is_cue(t, w) and w not in _POINTERS and w not in _GENERIC and w not in known
    ]


# "Nghị quyết 76 có mấy nội dung", "Nghị định 43/2011": a document named by its number.
_DOCUMENT_NUMBER = re.compile(r"\b(?:nghi quyet|nghi dinh|quyet dinh|thong tu|chi thi|ke hoach|luat|cong van) (?:so )?(\d+)")


def names_document(question: str, subject: Subject) -> bool:
    """Whether ``question`` names a document by a number that the remembered subject does not have."""
    known = set(_WORD.findall(fold(subject.topic)))
    return any(m.group(1) not in known for m in _DOCUMENT_NUMBER.finditer(fold(question)))


# A thing named by a generic noun and a pointer: "chỉ số này", "mức đó" (folded). Not a
# document ("nghị định này còn áp dụng không?"): what is asked of it is not its topic.
_POINTED = re.compile(r"\b(chi so|tieu chuan|muc|giay|goi|he thong|bo chi so|cong|ung dung) (nay|do|ay|tren)\b")


def points_to_named(question: str) -> bool:
    """Whether ``question`` speaks of the thing just answered by a generic noun and a pointer
    ("chỉ số này do tổ chức nào đưa ra?" after EGDI): the remembered topic says which."""
    return _POINTED.search(fold(question)) is not None


def is_followup(question: str, subject: Subject | None) -> bool:
    """Whether ``question`` should be answered about ``subject`` (see the module docstring).

    Args:
        question: The message as typed (callers have checked it names no procedure).
        subject: What the last answer was about (None: nothing to follow up on).
    """
    if subject is None:
        return False
    folded = fold(question).strip(" ?.!…")
    words = _WORD.findall(folded)
    if not words or len(words) > MAX_FOLLOWUP_SYLLABLES:
        return False
    if names_document(question, subject):
        return False
    new = own_words(question, subject)
    if not new:
        return True
    points_back = bool(_POINTERS.intersection(words)) or _CONTINUER.match(folded) is not None
    return points_back and len(new) <= POINTER_NEW_WORDS


# Folded, "con" is also "child": "con tôi 10 tuổi làm được không" asks about a child.
_CHILD = re.compile(r"^con (toi|minh|em|cua|nho|be|trai|gai|chau)\b")


def continues(question: str) -> bool:
    """Whether ``question`` asks the same again for another case ("còn cấp lại do mất thẻ?")."""
    folded = fold(question).strip(" ?.!…")
    return _CONTINUER.match(folded) is not None and _CHILD.match(folded) is None


# Openers that turn to another matter: "Nhân tiện, …", "Tiện hỏi luôn, …", "À, …", "Cho hỏi thêm, …".
_TURN = re.compile(r"^(a|a ma|ma|nhan tien|tien (hoi|the)( luon)?|(cho )?(minh |toi |em |chau )?hoi them|ngoai ra|them nua)\b")


def turns_to_another(question: str) -> bool:
    """Whether ``question`` opens by turning to another matter (a topic switch, whatever it names)."""
    return _TURN.match(fold(question).strip(" ?.!…")) is not None


# Openers that go on to the next step of the same matter: "Xong rồi …", "Sau đó …".
_NEXT_STEP = re.compile(r"^(xong (roi|thi|xuoi)|sau (do|khi (xong|lam xong))|lam xong)\b")


def goes_on(question: str) -> bool:
    """Whether ``question`` opens by going on to the next step of the matter just answered."""
    return _NEXT_STEP.match(fold(question).strip(" ?.!…")) is not None


# A paper handed in ("nộp giấy kết hôn", "mang bản sao giấy khai sinh"), or what is
# written on one ("đổi giới tính trên giấy khai sinh … thẻ căn cước có phải đổi"): the
# paper a procedure's record asks for, whose name may be another procedure's (folded).
_SUBMITTED_PAPER = re.compile(
    r"\b(nop|mang|mang theo|xuat trinh|kem|kem theo|dung|can co|phai co|tren|trong|theo)( them| ca| lai)? "
    r"(ban sao |ban chinh |ban photo )?(giay|to|ban)\b(?: \w+){0,4}"
    # "nộp online thì có phải chụp căn cước tải lên không": the card photographed and uploaded.
    r"|\b(chup|scan|tai len|up|nop|xuat trinh)( anh| hinh| ban)? (the )?(can cuoc|cccd|cmnd|ho chieu)\b"
)


# … or named first and then asked whether it is handed in ("giấy đăng ký kết hôn có phải
# nộp kèm không").
_PAPER_ASKED = re.compile(
    r"^((?:cai |con |vay |the )?(?:ban sao |ban chinh |ban photo )?giay)(?: \w+){1,5}?"
    r"(?= (co )?(phai|can|bat buoc)( phai)? (nop|mang|xuat trinh|kem|dung)\b)"
)
# Another procedure named only to compare ("có được giảm 50% như làm căn cước không",
# "có bắt buộc online như khai sinh không"): the clause from "như" on (folded).
_COMPARED = re.compile(
    r"\b(nhu|giong( nhu)?|tuong tu)\b(?! (the|vay|sau|tren|cu|nao|nhau|the nao)\b)( \w+){1,6}?(?= *(khong|ko|k|chu|a|vay|the)?$)"
    # "in sai ngày sinh, lệch một năm so với giấy khai sinh": the paper compared with, to the clause's end.
    r"|\bso voi( [^\s,.;?!]+){1,4}"
)


def without_papers(question: str) -> str:
    """``question`` folded, the papers it speaks of handing in replaced by "giấy tờ"
    ("có cần nộp giấy kết hôn không" → "co can nop giay to khong")."""
    folded = _SUBMITTED_PAPER.sub(lambda m: f"{m.group(1) or m.group(5)} giay to", fold(question).strip(" ?.!…"))
    return _PAPER_ASKED.sub("giay to", folded)


def without_comparison(question: str) -> str:
    """``question`` folded, without the clause comparing it with another matter ("như làm căn cước")."""
    return " ".join(_COMPARED.sub(" ", fold(question).strip(" ?.!…")).split())


def is_short(question: str) -> bool:
    """Short enough to lean on the previous subject (see ``MAX_FOLLOWUP_SYLLABLES``)."""
    return 0 < len(_WORD.findall(fold(question))) <= MAX_FOLLOWUP_SYLLABLES


# How citizens say what the records call by another name (folded pattern → the records' word).
# "làm hộ" is doing it for someone, not "làm hộ chiếu", "hộ khẩu", "hộ kinh doanh".
_CITIZEN_TERMS: dict[re.Pattern[str], str] = {
    # "Tôi đi đăng ký khai sinh thay có được không": the procedure done for someone else
    # ("thay đổi", "thay thế", "thay cho thẻ cứng" are other words).
    re.compile(r"\bnho (nguoi khac|nguoi nha|em|anh|chi|bo|me|vo|chong|con)\b|\b(lam|di|nop) thay\b"
               r"|\b(lam|di|nop)( \w+){1,4} thay( cho (con|chau|em|anh|chi|me|bo|ong|ba|vo|chong|nguoi \w+))?"
               r"(?= (duoc|co duoc|khong|ko|dc|nhe|a)\b| *$)"
               r"|\blam ho\b(?! (chieu|khau|tich|kinh|ngheo|gia dinh))"): "ủy quyền",
    re.compile(r"\bship\b|\b(gui|giao|tra|chuyen|mang)( (ve|den|toi|tan|tan noi))+ nha\b|\bchuyen phat\b"): "qua bưu chính bưu điện",
    re.compile(r"\b(qua|tren) mang\b|\bonline\b"): "trực tuyến",
    # "Công an không cho nhập thì có phải giải thích tại sao không": a refusal and its reason.
    re.compile(r"\bkhong (cho|chiu|nhan) (dang ki|nhap|lam|cap|nop|giai quyet)\b|\bbi tu choi\b"): "từ chối",
    re.compile(r"\b(noi|giai thich|cho biet|bao) (li do|tai sao|vi sao)\b"): "nêu rõ lý do",
    # "Quên photo sẵn": the records' copy made by photographing ("chụp từ bản chính").
    re.compile(r"\bphoto\b"): "bản chụp",
    # "Xã tôi vừa sáp nhập nên địa chỉ trên thẻ thành địa chỉ cũ": the records' arrangement
    # of administrative units ("Đổi thẻ do sắp xếp đơn vị hành chính").
    # "Địa chỉ trên giấy vẫn ghi tên huyện cũ": the same ("địa chỉ đổi do sắp xếp địa giới").
    re.compile(r"\b(sap nhap|sap xep|nhap) (xa|phuong|tinh|huyen)\b|\b(xa|phuong|tinh|huyen)( \w+){0,3} (sap nhap|nhap lai)\b"
               r"|\b(ten )?(xa|phuong|tinh|huyen) cu\b"): "sắp xếp địa giới đơn vị hành chính",
    # "Lên facebook đăng tin linh tinh": the notes' social networks.
    re.compile(r"\b(facebook|fb|zalo|tiktok|youtube)\b"): "mạng xã hội",
    # "Trong nhà ai phải đi khai": the family, in the records' words.
    re.compile(r"\b(trong nha|nguoi nha|ho hang|gia dinh) ai\b|\bai trong (nha|gia dinh|ho)\b"): "người thân thích",
    # "Tôi không rành điện thoại, ra xã thì có ai giúp không": the desk's staff helping.
    re.compile(r"\b(co )?(ai|nguoi|can bo) (giup|huong dan|chi|lam giup)\b|\bkhong (ranh|thao|biet dung)\b"): "hỗ trợ",
    # "Quên mang bằng thì đưa trên điện thoại được không": shown on the phone, through VNeID.
    # "… mở điện thoại cho xem có được không": the same.
    re.compile(r"\b(dua|xem|cho xem|trinh|xuat trinh|mo)( \w+){0,2} (tren|qua|bang) dien thoai\b"
               r"|\bmo (dien thoai|app|ung dung)( \w+)? (cho|ra) (xem|kiem tra)\b"): "xuất trình qua VNeID",
    # "Người đi nộp phải mang giấy tờ gì của mình": the declarant's own identity papers.
    re.compile(r"\bgiay to (gi )?(cua (minh|toi)|ca nhan|cua ban than|cua nguoi di|cua (anh|chi|ong|ba|em|co|chu|bac|cau|di) ay|cua nguoi (do|ay))\b"): "giấy tờ tùy thân",
    # "Lãnh đạo có được bổ nhiệm người nhà không": relatives, in the notes' words.
    re.compile(r"\bnguoi nha\b|\b(ba con|ho hang) (minh|trong ho)\b"): "người thân",
    # "Tôi và bạn gái đều là nữ": two people of the same sex.
    re.compile(r"\b(deu la|ca hai (deu )?la|deu) (nu|nam|con gai|con trai)\b|\bhai (dua |nguoi )?(con gai|con trai|dan ong)\b"): "cùng giới",
    # "Thẻ bị gãy đôi", "sổ bị rách": a damaged paper, which the records call "hỏng".
    re.compile(r"\bbi (gay|rach|nut|bong troc|bong|mo|hu|cong|vo nat|uot|chay)\b|\bgay doi\b|\brach (nat|mat)\b"): "hỏng",
    # "Phẫu thuật thẩm mỹ, mặt khác hẳn ảnh": the face changed, the records' "nhân dạng".
    re.compile(r"\b(phau thuat|tham mi|nang mui|mat khac (han|truoc|di)|khuon mat (thay doi|khac))\b"): "nhân dạng",
    # "Bị gia đình ép lấy": a marriage not freely chosen, against the condition "tự nguyện".
    re.compile(r"\b(bi )?ep (lay|cuoi|buoc|hon)\b|\bcuong ep\b|\bkhong (muon|ung|chiu) (lay|cuoi)\b"): "tự nguyện",
    # "Bệnh tâm thần nặng": the condition on civil capacity.
    re.compile(r"\b(benh )?tam than\b|\bmat tri\b|\bnang luc (cua|hanh vi)\b"): "mất năng lực hành vi dân sự",
    # "Bản gốc": the records' original ("bản chính").
    re.compile(r"\b(ban|giay) goc\b"): "bản chính",
    # "Cháu còn đỏ hỏn", "bé mới sinh được hai tháng": an infant, the records' "trẻ dưới 6 tuổi".
    re.compile(r"\b(do hon|so sinh|moi sinh|moi de|con bong)\b|\b(be|chau|con)( \w+)? moi (duoc )?(\d+|mot|hai|ba|vai|may) (thang|tuan)\b"): "trẻ dưới 6 tuổi",
    # "Bà đang nuôi cháu mồ côi": the one raising the child, the records' guardian.
    re.compile(r"\bmo coi\b|\b(dang )?nuoi (chau|dua chau|be)\b|\bnguoi nuoi\b"): "người giám hộ người đang nuôi dưỡng",
    # "Xóa hộ khẩu cho mẹ", "cắt khẩu": the records' removal of the permanent residence.
    re.compile(r"\b(xoa|cat)( ten)?( \w+){0,2} (ho khau|khau|thuong tru)\b|\bcat khau\b"): "xóa đăng ký thường trú",
    # "Tiền mai táng", "tiền lo đám": the funeral allowance of the death package.
    re.compile(r"\btien (mai tang|chon cat|lo dam|an tang|tu tuat)\b|\btro cap (mai tang|tu tuat)\b"): "mai táng phí tử tuất",
    # "Từng đi tù", "có tiền án": a criminal record, the records' "án tích".
    re.compile(r"\btien (an|su)\b|\b(ngoi|tung di|phai di) tu\b"): "án tích",
    # "Để trễ hạn", "làm muộn": filed after the time allowed, the records' "quá hạn".
    re.compile(r"\b(tre|muon|qua) han\b|\blam (muon|tre|cham)\b|\bde (lau|tre|muon)\b"): "quá hạn",
    # "Chủ trọ không chịu ký": the owner's consent the residence records ask for.
    re.compile(r"\bchu (tro|nha|phong tro|can ho)\b"): "chủ sở hữu",
    re.compile(r"\b(khong|chang|ko) (chiu|muon|cho|dong y)( \w+)? (?<!dang )(ki|ky)\b|\b(?<!dang )(ki|ky) (dong y|xac nhan|cho phep)\b"): "ý kiến đồng ý",
    # "Mỗi đứa giữ một bản hay chỉ một bản chung": the copies each party receives.
    re.compile(r"\bmoi (dua|nguoi|ben|vo chong)( \w+){0,3} (giu|nhan|duoc|co|cam)( \w+){0,3} (ban|to)\b"
               r"|\b(mot )?ban chung\b"): "mỗi bên nhận bản chính",
    # "xã nhà trai hay nhà gái", "bên vợ hay bên chồng": either party.
    re.compile(r"\bnha (trai|gai)\b|\bben (vo|chong|nam|nu)\b"): "một trong hai bên",
}


def records_terms(question: str) -> str:
    """The records' words for the citizens' phrases in ``question`` ("nhờ người khác" → "ủy quyền"), or "".

    The patterns are written in canonical syllables ("đăng ký" and "đăng kí" are "dang ki").
    """
    folded = _WORD.sub(lambda m: canonical(m.group(0)), fold(question))
    return " ".join(dict.fromkeys(term for pattern, term in _CITIZEN_TERMS.items() if pattern.search(folded)))


def with_records_terms(question: str) -> str:
    """``question`` with the records' words for its citizens' phrases appended."""
    return " ".join(p for p in (question.rstrip(" ?.!…"), records_terms(question)) if p)


def standalone(question: str, subject: Subject) -> str:
    """The follow-up with the records' words for its citizens' phrases and the remembered
    subject appended, for retrieval and scope checks."""
    return " ".join(p for p in (with_records_terms(question), subject.topic) if p)


def topic_of(question: str) -> str:
    """The subject words of a question (scaffolding and pointers removed), in their typed form.

    Remembered in the conversation state and appended to later follow-ups. Cue words stay:
    "mục tiêu của Nghị quyết 76" is about the resolution's goals, and the next question
    ("còn chỉ tiêu?") is about the same text.
    """
    return " ".join(s for s in syllables(question) if (w := fold(s)) not in STOPWORDS and w not in _POINTERS)
