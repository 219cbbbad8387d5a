"""What kind of value a question asks for, and whether a quoted answer holds one.

Why: retrieval finds the passage about the right *subject*, which is not the same as a
passage that answers. "Bộ phận một cửa làm việc giờ nào?" finds the one-stop shop's
definition and even "không hút thuốc trong giờ làm việc"; neither gives opening hours.
A question that asks for hours, a phone number, an e-mail, an amount of money, a duration,
a percentage or a date is answered only when the quoted body contains a value of that
kind; otherwise the honest reply is a decline with where to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.places import PROVINCE_RE, REFERENCE, missing_place, missing_reference
from bot.retrieval.refs import formal_refs, query_refs
from indexer.textnorm import fold


@dataclass(frozen=True)
class Focus:
    """One kind of asked-for value: the question cue (folded) and the value's shape."""

    name: str
    asks: re.Pattern[str]
    value: re.Pattern[str]
    raw: bool = False  # match ``value`` on the body as written (names need their capitals)


# Common Vietnamese surnames, as written: a person's name is a capitalised surname and one to
# three capitalised syllables ("Nguyễn Xuân Phúc"), or a title before a capital ("đ/c Anh").
_SURNAMES = "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trương|Lâm|Mai|Hà|Trịnh"
# Opening hours as a span ("7 giờ 30 đến 11 giờ 30", "7:30 - 11:30") or "giờ hành chính", folded.
_HOURS_SPAN = (
    r"\b\d{1,2} ?(h|gio)( ?\d{2})? ?(den|toi|-) ?\d{1,2} ?(h|gio)\b|\b\d{1,2}:\d{2} ?(den|-) ?\d{1,2}:\d{2}\b|\bgio hanh chinh\b"
)
# A year named in a question: the answer must be about that year.
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# The value of a focus that no document gives: asking for it is always declined.
_NO_VALUE = re.compile(r"(?!)")
# Before "thứ hai", a counted noun makes it an ordinal ("con thứ hai", "lần thứ ba").
_NOT_ORDINAL = "".join(f"(?<!{w} )" for w in "chau con lan dua be ky dot muc nguoi hang trang".split())
_FOCI: tuple[Focus, ...] = (
    Focus(
        "hours",
        # "Từ mấy giờ ngày nào": the moment of an event (a date asked), not opening hours.
        re.compile(r"\b(gio nao|may gio(?! ngay (nao|bao nhieu|may)\b)|(?<!trong )gio lam viec|gio mo cua|mo cua|(gio |may gio |luc |co |da )dong cua|dong cua (luc|vao|may|khi|som)|gio hanh chinh|lam viec (vao )?(luc|gio|ngay) nao"
                   r"|lam viec (thu|ngay) (may|nao)|thoi gian lam viec|lam viec den may|ngay nao trong tuan|(?<!xep )(?<!lan )(?<!hang )thu may(?! (tram|nghin|ngan|chuc|trieu|dong|tien|lan|khoan|loai)\b)"
                   r"|(lam viec|nghi|mo cua|tiep nhan|nhan ho so)( vao)? (ngay le|le tet)|truc (nhan|ban)|tiep cong dan vao"
                   # "thứ bảy có làm việc không", "chủ nhật có nộp được không", "nghỉ trưa", "lịch tiếp dân";
                   # "có bị thu mấy trăm nghìn không" collects money ("thu"), on no weekday ("thứ").
                   # "Cháu thứ hai", "lần thứ ba": an ordinal, not a weekday.
                   rf"|{_NOT_ORDINAL}thu (bay|7|sau|6|hai|2|ba|3|tu|4|nam|5)\b.{{0,50}}\b(lam viec|mo cua|nhan|nop|tiep|lam)"
                   # "Sáng thứ Bảy tôi ra UBND xã … được không": going there on the weekend.
                   rf"|{_NOT_ORDINAL}thu (bay|7)\b.{{0,50}}\b(ra|den|len|di)\b"
                   # "có nhận hồ sơ vào thứ 7 không": the desk's days, the verb first.
                   r"|(lam viec|mo cua|nhan ho so|tiep nhan|tiep dan)\b.{0,20}\b(vao )?(thu (bay|7|sau|6)|cuoi tuan)\b"
                   r"|chu nhat|nghi trua|buoi trua|xuyen trua|buoi toi|gio nghi|lich truc|truc (tet|le)|ngung nhan|lich (lam viec|tiep)|gio giac|(?<!nuoc )ngoai gio"
                   r"|tiep (cong )?dan (vao )?(ngay|thu|luc|gio|buoi) (nao|may)"
                   r"|(tet|ngay le|le tet)\b.{0,50}\b(nghi|lam viec|mo cua|truc|nhan)|hom nay\b.{0,40}\b(mo cua|lam viec|nghi)"
                   r"|(mo cua|lam viec|nghi)\b.{0,30}\bhom nay|co nghi (khong|ko|k)\b|nghi (may|bao nhieu) ngay)\b"),
        # Hours as a span ("7 giờ 30 đến 11 giờ 30"), a weekday or a morning and afternoon;
        # a lone hour is a cut-off ("nhận hồ sơ sau 15 giờ"), not the opening hours.
        re.compile(rf"{_HOURS_SPAN}|\bthu (hai|2|bay|7)\b|\bsang\b.*\bchieu\b"),
    ),
    Focus(
        "phone",
        # "Số điện thoại đứng tên người khác …", "điều kiện gì về số điện thoại": a condition
        # on the citizen's own number, not a number asked for.
        re.compile(r"\b((?<!ve )(?<!ngoai )so dien thoai(?!.{0,40}\b(dung ten|chinh chu|ten (nguoi|minh)|cua (nguoi khac|minh))\b)|sdt|so dt|so may ban|dien thoai ban|so fax|fax|hotline|duong day( nong| nao)?|tong dai"
                   r"|goi (dien thoai|so)|dien thoai (lien he|cua|la|bao nhieu|so)|goi (cho|den|ve|vao) (ai|dau|so nao|dau do)"
                   r"|goi (dien|dt)( thoai)? (cho|den|ve|hoi)|goi so nao)\b"),
        # Nine to eleven digits however grouped ("0299 3822 123", "1900.1234"), or 111-115.
        re.compile(r"\b(?:\d[ .]?){8,10}\d\b|\b(111|113|114|115)\b"),
    ),
    Focus(
        # A private agent's service and price ("bên dịch vụ làm hộ chiếu nhanh lấy giá bao
        # nhiêu"): no document or record prices it, whatever else it says of the procedure.
        # "Khung giá dịch vụ sử dụng phà" is a procedure's own subject, not an agent's price.
        "private",
        # "Chụp ảnh ở tiệm ảnh hết bao nhiêu tiền": a shop's price, which no record gives.
        re.compile(r"\b((ben|cong ty|tiem|cho|nguoi) (lam )?dich vu|dich vu (lam|chay|lay) (ho|nhanh|giup|gap)|lam (ho|nhanh) (lay|het|mat|gia)"
                   r"|tiem (anh|chup anh|photo|in)\b.{0,40}\b(tien|gia|bao nhieu)"
                   # "Phòng dịch thuật tư nhân lấy giá bao nhiêu": a private office's price.
                   r"|tu nhan\b.{0,50}\b(gia|tien|bao nhieu|phi)|(phong|cong ty|van phong|trung tam) dich thuat)\b"),
        _NO_VALUE,
    ),
    Focus(
        # The post's charge for sending a file or a result ("gửi hộ chiếu về nhà thì cước phí
        # bao nhiêu"): the records say the post may carry it, never at what price.
        "postage",
        re.compile(r"\b(cuoc (phi|buu dien|buu chinh|gui|ship|van chuyen)|phi (ship|chuyen phat|buu dien|buu chinh|van chuyen))\b"),
        _NO_VALUE,
    ),
    Focus(
        # Which commune or province a place belongs to after the 2025 mergers: the notes give
        # the totals ("3.321 đơn vị hành chính cấp xã"), not the list.
        "merger",
        re.compile(r"\b(nay|bay gio|gio|sau (khi )?(sap xep|sap nhap)).{0,40}\bthuoc (xa|phuong|tinh|thanh pho|dac khu)\b.{0,20}\bnao"
                   r"|(sap nhap|sap xep|nhap) (vao|voi|thanh) (xa|phuong|tinh|thanh pho) nao\b"),
        _NO_VALUE,
    ),
    Focus("email", re.compile(r"\b(email|e mail|thu dien tu|hop thu)\b"), re.compile(r"@")),
    Focus(
        "contact",
        # "Cán bộ lên facebook đăng tin linh tinh": what staff post, not a page to contact.
        re.compile(r"\b(lien he|lien lac|(?<!len )(?<!tren )(?<!dang )(zalo|fanpage|facebook)|nhan tin"
                   r"|(nhan|goi|phan anh|gop y) (tin |thu |y kien )?(vao|ve|den|toi|qua) (dau|kenh nao|so nao|dia chi nao)"
                   # "Gửi thư về đâu" asks an address; "báo cáo gửi về đâu" asks the unit that collects it.
                   r"|gui (tin|thu|y kien) (vao|ve|den|toi|qua) (dau|kenh nao|so nao|dia chi nao))\b"),
        re.compile(r"\b(?:\d[ .]?){8,10}\d\b|@|www|https?|zalo\.me|facebook\.com|\.vn\b"),
    ),
    Focus(
        "address",
        # "Địa chỉ trên thẻ thành địa chỉ cũ": the asker's own address, not an office's asked.
        re.compile(r"\b(dia chi(?! (cu|moi|tren|thuong tru|tam tru|cu tru|nha|hien tai|ghi|trong)\b)(?!.{0,30}\b(thay doi|da doi|bi sai|sai)\b)"
                   r"|duong nao|pho nao|tru so(?!.{0,30}\b(do ai|ai quan l[iy]|quan l[iy]))"
                   # "Đưa tin bài lên trang web của Sở": where news is posted, not an address asked.
                   r"|(?<!len )(?<!tren )(?<!vao )(website|trang web)|(website|trang web) nao|trang thong tin nao|trang nao|tang (may|nao)|(duong )?link)\b"),
        # As written: "đường Trần Hưng Đạo", not the "đường lối" of every plan.
        re.compile(r"\b([Ss]ố \d+|[Đđ]ường [A-ZĐ]|[Pp]hố [A-ZĐ]|[Tt]ầng \d)|www|https?|\.gov\.vn|\.vn\b"),
        raw=True,
    ),
    Focus(
        # When a document took or takes effect: a date written beside "hiệu lực" or "áp
        # dụng", or "từ ngày ký"; the signing date of the same line is not it.
        "effective",
        re.compile(r"\b(hieu luc|ap dung)( thi hanh)? (tu |vao )?(ngay nao|khi nao|bao gio|luc nao|hom nao|thoi diem nao)\b"),
        re.compile(r"\b(hieu luc|ap dung)\b[^.;\n]{0,40}(\d{1,2}/\d{1,2}/\d{2,4}|ngay k[iy]\b|ngay \d{1,2} thang)"),
    ),
    Focus(
        # A date asked ("ký ngày nào", "vào những tháng nào"): a day or month as written.
        "date",
        re.compile(r"\b(ngay nao|thang nao|ngay thang( nam)? nao|vao thang may|ngay bao nhieu|ngay may)\b"),
        re.compile(r"\b\d{1,2}/\d{1,2}(/\d{2,4})?\b|\b(ngay|thang) \d{1,2}\b|\bquy [1-4i]\b"),
    ),
    Focus(
        # A duration asked of the documents ("trong mấy ngày"): a number of days, months…
        "duration",
        # "Trong thời hạn bao lâu" as well: a number of hours counts, and "ngay" (at once).
        re.compile(r"\b((trong|mat|het|sau|toi da) )?(may|bao nhieu) (ngay|thang|tuan|nam lam viec)\b|\bthoi han bao lau\b"),
        re.compile(r"\b\d+ (ngay|thang|tuan|nam|gio)\b|\btrong (ngay|vong)\b|\bngay lam viec\b|\bngay (khi|sau khi|lap tuc)\b"),
    ),
    Focus(
        # A period asked ("thực hiện từ năm nào đến năm nào"): two years as a span.
        "period",
        re.compile(r"\btu nam nao den nam nao\b|\b(giai doan|thoi gian thuc hien) (nao|tu nam nao|la bao lau|may nam)\b"),
        re.compile(r"\b(19|20)\d{2} ?(-|–|den|toi) ?(nam )?(19|20)\d{2}\b"),
    ),
    Focus(
        # A year asked ("PCI được công bố lần đầu vào năm nào"): a year as written.
        "which_year",
        re.compile(r"\b(vao|tu|trong|la) nam nao\b|\bnam nao\b(?=.{0,30}$)"),
        YEAR,
    ),
    Focus(
        # A sanction asked ("cán bộ vi phạm thì bị xử lý kỷ luật mức nào", "không áp dụng đúng
        # hạn thì bị xử lý thế nào"): the notes say what is required, rarely what follows a breach.
        "sanction",
        re.compile(r"\b(bi|se bi) xu l[iy]( k[iy] luat)? (the nao|ra sao|nhu the nao|muc nao|gi)|hinh thuc k[iy] luat|k[iy] luat (muc nao|the nao|ra sao|gi)\b"),
        re.compile(r"\b(k[iy] luat|khien trach|canh cao|cach chuc|buoc thoi viec|xu l[iy] (nghiem|vi pham|trach nhiem|k[iy] luat))\b"),
    ),
    Focus(
        # A form asked by its code ("tờ khai theo mẫu nào", "thẻ làm theo mẫu gì"): "mẫu CT01".
        "form",
        re.compile(r"\b(theo|dung|la|lam theo) mau (nao|gi|so may)\b"),
        re.compile(r"\bmau (so )?[a-z]{0,5} ?\d+"),
    ),
    Focus(
        # A fine ("không đổi thẻ thì bị phạt bao nhiêu"): the fees of a procedure are not it,
        # and no loaded document sets a fine.
        "fine",
        # "Tôi từng bị phạt tù 2 năm": a sentence served, the asker's past, not a fine asked.
        re.compile(r"\b(muc (xu )?phat|tien phat|nop phat|phat (bao nhieu|tien|hanh chinh|the nao|nhu the nao|gi|khong|ko)"
                   r"|(bi|xu) phat(?! tu\b).{0,30}\bbao nhieu)\b"),
        re.compile(r"\bphat\b[^.;\n]{0,60}\d[\d.,]* ?(dong|trieu|nghin)\b"),
    ),
    Focus(
        "percent",
        # "Tỷ lệ công chức nắm vững … phải đạt mức nào": a share asked by its level.
        re.compile(r"\b(bao nhieu phan tram|ty le bao nhieu|muc bao nhieu phan tram"
                   r"|ty le\b.{0,80}\b(dat|la|o) (muc|o muc) (nao|bao nhieu))\b|\bbao nhieu ?%"),
        re.compile(r"%|\bphan tram\b"),
    ),
    Focus(
        # "Cắt giảm chi phí … bao nhiêu" asks a share of the cost, not an amount.
        "money",
        re.compile(r"\b(bao nhieu tien|(?<!giam )(kinh phi|chi phi|ngan sach|gia|luong|phu cap)\b.{0,120}\bbao nhieu"
                   r"|duoc cap bao nhieu|(may|bao nhieu) (trieu|ty|nghin|tram nghin)|chi (bao nhieu|het bao nhieu)"
                   r"|bao nhieu (kinh phi|ngan sach|chi phi)|mat tien\b.{0,40}\bbao nhieu|bao nhieu (mot|1) (luot|lan|thang|nam))\b"),
        re.compile(r"\d[\d.,]* ?(dong|trieu|ty|nghin|usd|vnd)\b|\bmien (phi|le phi)\b"),
    ),
    Focus(
        "count",
        re.compile(r"\bbao nhieu (co quan|nguoi|don vi|lan|xa|tinh|thu tuc|ho so|tin bai|tin|bai|cuoc|hoi nghi|hoi thi|lop|luot"
                   r"|can bo|cong chuc|vien chuc|thi sinh|trung tam|van ban|ke hoach|dich vu|phong|so|huyen|video|clip|to roi"
                   r"|bang ron|pano|chuyen muc|ban tin|phong su|cuoc thi|doanh nghiep|quy trinh|tieu chi|buoc|chi so|linh vuc|nhom|chi nhanh|diem phuc vu|thanh vien|tthc|nhiem vu|san pham|hoat dong|dai bieu|doi|giai|tac pham)\b"
                   r"|\b(bao nhieu|may) (chuong|dieu)\b"
                   # "mỗi tháng phát mấy số chuyên mục"; folded, "máy tính" is no count; "mấy lần"
                   # is answered in words ("không quá một lần", "hàng quý").
                   r"|\bmay (?!tinh\b)(xa|nguoi|buoc|so|ban tin|chuyen muc|cuoc|hoi nghi|lop|don vi|co quan|trung tam|chi nhanh|nhom|chi so|tieu chi)\b"),
        # A number, not a share: "80% công chức được khảo sát" says how many of them, not how many there are.
        re.compile(r"\d(?![\d.,]*\s?(%|phan tram))"),
    ),
    Focus(
        # "Điều nào quy định việc trả kết quả": an article by its number ("Điều 18").
        "article",
        re.compile(r"\b(dieu|khoan) (nao|may|so may|bao nhieu)\b"),
        re.compile(r"\b(dieu|khoan) \d+"),
    ),
    Focus(
        # "Nghị quyết … số mấy": a document number, as the documents write it ("76/NQ-CP").
        "number",
        re.compile(r"\b(nghi quyet|quyet dinh|nghi dinh|thong tu|ke hoach|chi thi|cong van|luat|van ban)\b.{0,60}\bso (may|bao nhieu)\b"
                   r"|\bso hieu (la )?(gi|bao nhieu)\b"),
        re.compile(r"\b\d+[a-z]?(/\d{4})?/[a-z]{1,6}\d*\b|\b\d+-[a-z]{1,4}/[a-z]{1,6}\b"),
    ),
    Focus(
        # What will happen: the documents say what is in force or planned, not what is to come.
        "forecast",
        re.compile(r"\b(sap toi|thoi gian toi|trong tuong lai|du kien|se (co|ban hanh|thay the|sua doi|sua|bai bo|cong bo|giao cho|tang|giam)"
                   # "Tháng sau tôi sinh nhật 25 …": the citizen's own coming days, not a forecast.
                   r"|(thang|nam|tuan) (sau|toi)\b(?! (toi|minh|em|con|chau|be|nha|vo|chong|bo|me|chung|het|la het|moi het|thi het))"
                   r".{0,40}\b(co|se)\b|sap (tang|giam|thay doi)"
                   r"|co dat (duoc )?(chi tieu|muc tieu)\b.{0,60}\bkhong"
                   # "Bao giờ phiếu bản giấy bị bỏ hẳn, chỉ còn bản điện tử": a change to come.
                   r"|(bao gio|khi nao)\b.{0,60}\b(bo han|bi bo|bi bai bo|chi con)\b)\b"),
        re.compile(r"\bdu kien\b|\bse (duoc )?(ban hanh|thay the|sua doi|cong bo|giao)\b"),
    ),
    Focus(
        "score",
        re.compile(r"\b((bao nhieu|may) diem|diem( so)?\b.{0,60}\b(bao nhieu|may)|xep (thu|hang) (may|bao nhieu)"
                   r"|dung thu (may|bao nhieu)|hang (thu )?may)\b"),
        re.compile(r"\d+[.,]\d+|\b\d+ diem\b|\b(thu|hang) \d+\b"),
    ),
    Focus(
        # What a plan has achieved: plans say what is to be done, never what was.
        "achieved",
        re.compile(r"\b(da (dat|lam|to chuc|dang|thuc hien|trien khai) (duoc|nhung)|da dat (ket qua|thanh tich)|thuc te (da )?dat"
                   # "Đến giờ thực tế đã cắt được bao nhiêu rồi": what was done, not what is planned.
                   r"|thuc te\b.{0,20}\bda \w+ duoc)\b"),
        re.compile(r"\b(da (dat|to chuc|thuc hien|dang|trien khai)|dat \d|ket qua (dat|la))\b"),
    ),
    Focus(
        "ranking",
        re.compile(r"\bnao\b.{0,80}\b(nhieu|it|cao|thap|lon|nho|tot|som|nhanh)\b.{0,60}\bnhat\b"
                   r"|\bnao\b.{0,60}\b(dung dau|dan dau|xep dau|dung cuoi|xep cuoi|dau tien)\b"),
        re.compile(r"\bnhat\b|\bdung dau\b|\bdan dau\b|\bxep (thu|hang)\b|\bdau tien\b"),
    ),
    Focus(
        # "Thí điểm ở 5 địa phương nào": the provinces by name, not "tại 5 địa phương".
        "which_place",
        re.compile(r"\b((?<!cap )tinh|dia phuong|tinh thanh|thanh pho) nao\b"),
        PROVINCE_RE,
    ),
    Focus(
        "person",
        re.compile(r"\b((?<!coi )(?<!lay )ai la(?! trung tam)|la ai|ten (la )?gi|ten ai|ho ten|(ong|ba) nao|ai dat giai|giai nhat|(do|duoc|boi) ai ky|nguoi ky)\b"),
        re.compile(rf"\b({_SURNAMES})( [A-ZĐ]\w+){{1,3}}|\b(ông|bà|đồng chí|đ/c) [A-ZĐ]"),
        raw=True,
    ),
)
# Questions about the state of one's own file or of a system right now: no document answers
# them; the portal's lookup by file code does.
_STATUS = re.compile(
    r"\b(den (buoc|dau) (nao )?roi|(dang )?o buoc nao|da (duoc )?(phe duyet|duyet|xu ly|giai quyet|cap|xong) chua|(co )?bi loi"
    # "thẻ làm tuần trước đã in xong chưa", "anh xem giúp lý do bị từ chối": one file's state, looked up.
    r"|(in|lam|xu ly|duyet|tra) xong chua|(xem|kiem tra|tra) giup"
    r"|tinh trang ho so|sao (van )?chua (co|nhan|duoc)"
    # "đã báo 'đã trả kết quả' nhưng chưa thấy bản điện tử": a state shown, and its lag.
    r"|bao ['\"]?da (tra ket qua|xu ly|hoan thanh|duyet)|chua thay (ban dien tu|ket qua|ho so|tien|thong bao|tin nhan)"
    # "đổi bằng rồi mà trên VNeID vẫn chưa hiện bằng mới": what one's own account shows now.
    r"|(van|sao) chua (hien|cap nhat|dong bo)"
    r"|bao tri|khong (mo|vao|truy cap|dang nhap) duoc|dong nguoi|co dong (nguoi|khong)"
    r"|(bao|bi|dang) loi|(web|website|trang web|cong dich vu cong|ung dung|app|vneid|he thong)\b.{0,30}\b(bi sap|sap roi|bi treo|khong vao duoc))\b"
    # "Hôm nay Cổng có đang gặp sự cố không": today's outage, which no document can know.
    r"|\bdang (gap |bi )?su co\b|\b(hom nay|bay gio|hien gio|luc nay)\b.{0,60}\bsu co\b"
)


# A year of the citizen's own past ("bằng lái do Sở Giao thông cấp năm 2015", "sinh năm
# 1990"): their circumstance, not a year whose figures are asked (folded, just before it).
_OWN_PAST = re.compile(r"\b(cap|sinh|lam|cuoi|mua|ket hon|dang k[iy]|doi|nhan|thi|hoc|tu|nop|gui|xin)( (vao|tu|tu nam|nam|hoi))? ?(nam )?$"
                       # "CCCD … còn hạn đến 2030": when the asker's own card expires.
                       r"|\b(con han|het han|han)( (den|toi|vao|dung))? ?(nam )?$"
                       # "Hồi 2023 tôi xin LLTP …": "back then", the asker's own story.
                       r"|\bhoi( nam)?$")


# "Tăng 15 bậc so với 2022": the year compared with, not that year's figure (folded).
_COMPARED_YEAR = re.compile(r"\bso voi (nam )?(?:19|20)\d{2}\b")


# A question on a year's figures ("năm 2024 kết quả ra sao", "SIPAS 2024 đạt bao nhiêu"):
# the day a result was published ("công bố ngày 17/4/2024") is not that year's result.
# "Bộ phận tiếp nhận và trả kết quả" names a desk, not a result.
_ASKS_FIGURES = re.compile(r"\b((?<!tra )(?<!nhan )ket qua|diem|chi so|xep hang|xep thu|dat (duoc )?bao nhieu|ty le|phan tram|hai long)\b")
_FULL_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b")


def _asked_years(asked: str) -> list[re.Match[str]]:
    """The years the (folded) question asks about: not those of the asker's own past, nor
    of a day it gives as a point in time ("từ 01/7/2025 thì cấp xã gồm …")."""
    return [y for y in YEAR.finditer(asked)
            if not _OWN_PAST.search(asked[: y.start()].rstrip()) and not _DAY_BEFORE.search(asked[: y.start()])]


# The day and month of a full date, just before its year.
_DAY_BEFORE = re.compile(r"\b\d{1,2}/\d{1,2}/$")


def _missing_year(asked: str, text: str) -> bool:
    """Whether a year the (folded) question asks about is absent from ``text``."""
    text = _COMPARED_YEAR.sub(" ", text)
    if _ASKS_FIGURES.search(asked):
        given = set(_FULL_DATE.findall(asked))  # "từ 01/7/2025 …": the question's own date still names its year
        text = _FULL_DATE.sub(lambda m: m.group(0) if m.group(0) in given else " ", text)
    # "Năm 2025 có chỉ tiêu gì" asks that one year: the end of a period ("giai đoạn 2021 - 2025")
    # is not it; "đến năm 2025" may be.
    alone = _YEAR_RANGE.sub(" ", text)
    return any(
        year.group(0) not in (alone if _ONE_YEAR.search(asked[: year.start()]) else text) for year in _asked_years(asked)
    )


_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2} ?[-–] ?(?:19|20)\d{2}\b")
_ONE_YEAR = re.compile(r"(?<!den )(?<!toi )(?<!giai doan )\bnam $")


# "Đối tượng của kế hoạch là ai", "tuyên truyền cho những ai": groups of people, not a name.
_GROUPS = re.compile(r"\b(doi tuong|nhung ai|cho ai|danh cho ai)\b")


FOCUS_EFFECTIVE = next(f for f in _FOCI if f.name == "effective")


def asked_foci(question: str) -> list[Focus]:
    """The value kinds ``question`` asks for (usually none)."""
    folded = fold(question)
    groups = _GROUPS.search(folded) is not None
    return [f for f in _FOCI if f.asks.search(folded) and not (groups and f.name == "person")]


# One's own file, payment or account ("hồ sơ của tôi", "tiền lệ phí tôi chuyển", "phiếu LLTP
# của tôi") and a question about its state ("chưa", "rồi", "bị trả lại", "lý do"); "… thì cơ
# quan có phải …" asks what the rules say in such a case, not the state of a file.
_OWN_FILE = re.compile(
    r"\b(ho so|phieu|don|tien|le phi|tai khoan|ket qua|ma ho so|giay hen)( \w+){0,4} (cua )?(toi|minh|em|chau)\b"
    # "tôi làm … hôm qua" is a file made; "tôi làm công nhân", "làm việc ở …" is the asker's work,
    # "tôi làm rơi / mất thẻ" a card lost.
    r"|\b(toi|minh|em) (da |vua )?(nop|gui|chuyen|dang ki|lam(?! (cong nhan|nghe|viec|o|tai|roi|rot|mat|hong)\b))\b"
    r"|\bma (so )?ho so\b"
)
_STATE = re.compile(
    r"\b(chua|roi|bi tra|bi tu choi|ly do|den dau|the nao roi|dong nguoi|bao gio (thi )?(co|xong|nhan duoc) (ket qua|ho so))\b"
)


def asks_status(question: str) -> bool:
    """Whether ``question`` asks for the state of one's own file or of a system right now."""
    folded = fold(question)
    if _STATUS.search(folded) is not None:
        return True
    own = _OWN_FILE.search(folded) is not None and _STATE.search(folded) is not None
    return own and " thi " not in f" {folded} "


def missing_focus(
    question: str, body: str, evidence: str = "", identity: str | None = None, cited: str = ""
) -> str | None:
    """Why the quoted ``body`` does not answer ``question``, or None when it may.

    Args:
        question: As asked (for a follow-up, the message itself, not the rewritten query).
        body: The quoted answer.
        evidence: The cited chunks and document identities: a place or document number the
            question names must occur in them or in the body.
        identity: The cited documents' titles and citations, when given: a year the question
            names ("PAR INDEX năm 2024") must occur in them or in the body (else in ``evidence``).
        cited: The quoted passages' citations, titles and headings: a document whose issue date
            is asked must be the passage's own when the date's sentence names no number.

    Returns:
        "status" (the state of one's own file or of a system now), "year", a value kind
        of ``asked_foci``, or None.
    """
    asked = fold(question)
    if asks_status(question):
        return "status"
    folded = fold(body)
    around = f"{folded} {fold(evidence if identity is None else identity)}"
    if _missing_year(asked, around):
        return "year"
    if missing_place(question, f"{body} {evidence}") is not None:
        return "place"
    if missing_reference(question, f"{body} {evidence}") is not None:
        return "reference"
    # A number the question itself gives ("ISO 9001", "năm 2022") is not the value it asks for.
    given = set(_NUMBER.findall(asked))
    # "ISO 9001:2015" in the body is the standard the question names as "ISO 9001".
    unasked = _NUMBER.sub(lambda m: " " if re.split(r"[.,/:]", m.group(0))[0] in given or m.group(0) in given
                          else m.group(0), body)
    for focus in asked_foci(question):
        text = unasked if focus.raw else fold(unasked)
        value = _value_pattern(focus, asked)
        if not value.search(text):
            return focus.name
        if focus.name == "date" and not value.search(_without_other_dates(question, text)):
            return focus.name
        if focus.name == "date" and _ASKS_ISSUED.search(asked) and not _dated_of_asked(asked, value, folded, fold(cited)):
            return focus.name
        if focus.name == "effective" and not _effective_of_asked(asked, fold(body)):
            return focus.name
        if focus.name == "percent" and not _percent_of_group(asked, fold(body)):
            return focus.name
        # The whole body here: the years the question gives are kept.
        if focus.name in _YEARLY and not _of_year_asked(asked, value, body if focus.raw else fold(body), folded=not focus.raw):
            return "year"
    if _short_of_list(asked, body):
        return "full_list"
    return None


# The groups a share may be of, folded, with the abbreviations users type.
_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "cong chuc": ("cong chuc", "ccvc", "cbccvc"), "vien chuc": ("vien chuc", "ccvc", "cbccvc"),
    "can bo": ("can bo", "cb", "cbccvc"), "nguoi dan": ("nguoi dan", "nhan dan", "cong dan"),
    "doanh nghiep": ("doanh nghiep", "dn"), "ho so": ("ho so",), "thu tuc": ("thu tuc", "tthc"),
    "dich vu cong": ("dich vu cong", "dvc"), "xa": ("cap xa", "xa"), "to chuc": ("to chuc",),
}
_GROUP_ASKED = {
    name: re.compile(r"\b(" + "|".join(forms) + r")\b") for name, forms in _GROUP_WORDS.items()
}


def _percent_of_group(asked: str, body: str) -> bool:
    """Whether a share in the (folded) body is of a group the (folded) question asks about.

    "Bao nhiêu % doanh nghiệp trong KCN hiểu rõ về CCHC" is not answered by "80% công
    chức, viên chức được khảo sát …": the plan sets no share for businesses. A question that
    names no group is not checked; a sentence holding a share counts when it names one of
    the asked groups (by any of its forms).
    """
    after = re.split(r"\b(?:bao nhieu phan tram|bao nhieu ?%|ty le)", asked, maxsplit=1)
    clause = after[-1] if len(after) > 1 else asked
    groups = [name for name, pattern in _GROUP_ASKED.items() if pattern.search(clause)]
    if not groups:
        return True
    shares = [s for s in _SENTENCE.findall(body) if "%" in s or "phan tram" in s]
    return any(any(_GROUP_ASKED[g].search(s) for g in groups) for s in shares)


# "Kể đủ cả 6 cấu phần", "cho xem đủ 12 tiêu chí đó", "danh sách đầy đủ 82 nhóm", "có 6
# cấu phần nào": every item of a list of that many (folded).
_FULL_LIST = re.compile(
    r"\b(?:ke|liet ke|xem|cho biet|danh sach)( (?:ra|het|du|day du|tat ca|toan bo|ca|ten))* (?:ca )?(\d{1,3}) \w+"
    r"|\b(?:du|het|tat ca|toan bo)( ca)? (\d{1,3}) (\w+ ){1,2}(?:do|nay|la gi|gom)\b"
    r"|\bco (\d{1,3}) (\w+ ){1,2}(?:nao|la nhung gi)\b"
    # "… tính từ 10 chỉ số thành phần; đó là những chỉ số nào?": the count stated, then each asked.
    r"|\b(\d{1,3}) \w+( \w+){0,3}[;,.]? (?:do|day|chung) la (?:nhung|cac)\b[^?]{0,40}\b(?:nao|gi)\b"
)
_LIST_ITEM = re.compile(r"^\s*([-–•*+]|[a-zđ]\)|\d{1,2}[.)])\s")


def _short_of_list(asked: str, body: str) -> bool:
    """Whether the (folded) question asks for every item of a list of N and ``body`` holds fewer.

    The notes often count what they do not list ("dịch vụ toàn trình cho 82 nhóm thủ tục",
    "phiếu … có 12 tiêu chí"): the count is not the list asked for. Items are the body's
    list lines, or the parts of its longest enumerating line (commas, semicolons).
    """
    found = _FULL_LIST.search(asked)
    if found is None:
        return False
    wanted = int(next(g for g in found.groups() if g and g.isdigit()))
    if wanted < 3:
        return False
    lines = body.split("\n")
    items = sum(1 for line in lines if _LIST_ITEM.match(line))
    parts = max((len(re.split(r"[,;]", line)) for line in lines), default=0)
    return max(items, parts) < wanted


# A document's number and its date as cited ("Kế hoạch số 159/KH-UBND ngày 16/12/2021"), folded.
_CITED_DATE = re.compile(r"\b(\d{1,5}(?:/\d{4})?/[a-z]{1,6}-[a-z]{1,10}) ngay \d{1,2}/\d{1,2}/\d{4}\b")


def _without_other_dates(question: str, text: str) -> str:
    """The (folded) ``text`` without the dates of documents cited that the question does not name.

    "Báo cáo hằng quý trước ngày bao nhiêu" is not answered by the date of a plan cited
    ("Kế hoạch số 159/KH-UBND ngày 16/12/2021"); "Kế hoạch 18/KH-UBND ký ngày nào" is by its own.
    """
    asked = query_refs(question)
    return _CITED_DATE.sub(lambda m: m.group(0) if formal_refs(m.group(1)) & asked else m.group(1), text)


# Values that belong to one year's table: "năm 2012 tỉnh nào đứng đầu" is not answered by
# "Theo kết quả PAR INDEX 2023: - Đứng đầu …" quoted beside "áp dụng lần đầu năm 2012".
_YEARLY = frozenset({"ranking", "score"})


def _of_year_asked(asked: str, value: re.Pattern[str], text: str, *, folded: bool) -> bool:
    """Whether a line holding ``value`` in ``text`` is of the year the (folded) question names.

    A line counts when it, with the lead-in of the list it is an item of, names that year or
    no year at all ("tăng 0,33% so với năm 2022" compares, it does not name). A question
    naming no year is not checked.
    """
    years = {y.group(0) for y in _asked_years(asked)}
    if not years:
        return True
    lead = ""
    for line in text.split("\n"):
        item = line.lstrip().startswith(("-", "+", "*"))
        lead = lead if item else ""
        if value.search(line):
            around = _COMPARED_YEAR.sub(" ", (f"{lead} {line}" if folded else fold(f"{lead} {line}")))
            named = set(YEAR.findall(around))
            if not named or named & years:
                return True
        if line.rstrip().endswith(":"):
            lead = line
    return False


_SENTENCE = re.compile(r"[^.;\n]*(?:\.(?!\d)|;|\n|$)")


def _of_document_asked(asked: str, value: re.Pattern[str], body: str, own: str | None = None) -> bool:
    """Whether a ``value`` of the (folded) ``body`` belongs to the document the question names by number.

    A value belongs to the number named last before it in its sentence; with none, to the
    passage's own document: any (``own`` None) or one whose numbers, in ``own``, hold the one
    asked. A question naming no number is not checked; of several, the first named is the one
    asked ("Thông tư 03/2025 hướng dẫn Nghị định 118/2025 …").
    """
    numbers = REFERENCE.findall(asked)
    if not numbers:
        return True
    named = numbers[0]
    passage_own = own is None or named in REFERENCE.findall(own)
    for sentence in _SENTENCE.findall(body):
        for found in value.finditer(sentence):
            before = REFERENCE.findall(sentence[: found.start()])
            if (before[-1] == named) if before else passage_own:
                return True
    return False


def _effective_of_asked(asked: str, body: str) -> bool:
    """Whether a "hiệu lực" date of the (folded) ``body`` belongs to a document the question names.

    "TT 01/2018/TT-VPCP có hiệu lực từ ngày nào" is not answered by "Nghị định 45/2020/NĐ-CP
    (ký ngày 08/4/2020, hiệu lực 22/5/2020)" quoted beside it, nor "NĐ 43/2011" by "… thay bằng
    Nghị định 42/2022/NĐ-CP (có hiệu lực từ 15/8/2022)"; a sentence naming no number is the
    passage's own, whichever document that is.
    """
    return _of_document_asked(asked, FOCUS_EFFECTIVE.value, body)


# "… được ban hành ngày nào", "ký ngày nào": the date a document was issued (folded).
_ASKS_ISSUED = re.compile(r"\b(ban hanh|ky|ki|ra doi)\b")


def _dated_of_asked(asked: str, value: re.Pattern[str], body: str, cited: str) -> bool:
    """Whether an issue date of the (folded) ``body`` belongs to the document the question names.

    "QĐ 09/2015 … ký ngày nào" is not answered by "Ban hành ngày 23/4/2018, …" in the note on
    Nghị định 61/2018 (which replaced it), nor "Quyết định 06/QĐ-TTg" by "Quyết định 1565/QĐ-TTg
    ngày 18/7/2025": an undated sentence's passage must be the one asked (its ``cited`` numbers).
    """
    return _of_document_asked(asked, value, body, cited)


# Values no catalogue field holds, so a procedure answer must be checked for them against
# the record's whole text: "số hotline của công an xã để hỏi làm căn cước" is not asking
# which agency handles the card.
_RECORD_FOCI = frozenset({"hours", "phone", "email", "address", "forecast", "private", "postage", "fine"})
_LINK = re.compile(r"https?://\S+")
# "Đổi căn cước theo địa chỉ mới" asks for no address: only "địa chỉ … ở đâu / là gì" does.
_RECORD_ASKS = {"address": re.compile(r"\bdia chi (nao|o dau|la gi|cu the)\b|\bdia chi\b.{0,50}\b(o dau|la gi)\b|\btru so\b")}
# A record's whole text mentions "sáng", "chiều" and weekdays in passing: its opening hours
# are a span of hours or of weekdays. "Số 26/2023/QH15" and "dichvucong.gov.vn" are a law
# and the portal, not an office's address: only a street or floor is.
_RECORD_VALUES = {
    "hours": re.compile(rf"{_HOURS_SPAN}|\bthu (2|hai)\b.{{0,20}}\bthu (6|sau|7|bay)\b"),
    "address": re.compile(r"\b([Đđ]ường|[Pp]hố) [A-ZĐ]|\b[Tt]ầng \d"),
}


def missing_in_record(question: str, record_text: str) -> str | None:
    """The contact or hours value, or the document number, ``question`` asks for that a
    procedure's ``record_text`` lacks, or None."""
    if missing_reference(question, record_text) is not None:
        return "reference"
    text = fold(record_text)
    folded = fold(question)
    if _missing_year(folded, text):
        return "year"
    # The record's source links are no office's address ("địa chỉ Công an phường Phú Nhuận").
    raw = _LINK.sub(" ", record_text)
    return next(
        (f.name for f in asked_foci(question)
         if f.name in _RECORD_FOCI and (f.name not in _RECORD_ASKS or _RECORD_ASKS[f.name].search(folded))
         and not _RECORD_VALUES.get(f.name, f.value).search(raw if f.raw else text)), None
    )


def _value_pattern(focus: Focus, asked: str) -> re.Pattern[str]:
    """The value shape ``focus`` needs in the answer; a count needs the very noun counted.

    "Bao nhiêu hội nghị" is answered by "3 hội nghị", not by any digit of the body (a
    year, a plan's number).
    """
    if focus.name == "ranking" and _LOW_END.search(asked):
        # "Tỉnh nào thấp điểm nhất": the bottom of the table, not its leader.
        return _LOW_VALUE
    if focus.name == "number":
        return _numbered_as_asked(asked) or focus.value
    if focus.name != "count":
        return focus.value
    found = focus.asks.search(asked)
    noun = found and next((g for g in reversed(found.groups()) if g), None)  # "bao nhiêu xã", "mấy chương"
    noun = _NOUN_FORMS.get(noun, noun) if noun else noun
    if not noun:
        return focus.value
    # "100% TTHC" counts a share of procedures; "80% công chức được khảo sát" is no headcount.
    share = "" if noun in _PEOPLE else "%?"
    return re.compile(rf"\d[\d.,]*{share} ({noun})\b")


# Counted people: a share of them does not say how many there are.
_PEOPLE = frozenset({"nguoi", "can bo", "cong chuc", "vien chuc", "thi sinh", "thanh vien", "dai bieu"})


# A counted noun as the documents also write it: "bao nhiêu TTHC" → "100% thủ tục hành chính".
_NOUN_FORMS = {"tthc": "tthc|thu tuc", "xa": "xa|don vi hanh chinh cap xa", "tinh": "tinh|don vi hanh chinh cap tinh"}


# The code a document type's number carries, folded ("202/2025/QH15", "76/NQ-CP").
_TYPE_CODES = {"nghi quyet": "nq|qh", "quyet dinh": "qd", "nghi dinh": "nd", "thong tu": "tt", "chi thi": "ct",
               "ke hoach": "kh", "luat": "qh"}
# The type named last before the number asked: "kế hoạch nâng chỉ số PCI là quyết định số mấy".
_ASKED_TYPE = re.compile(r".*\b(" + "|".join(_TYPE_CODES) + r")\b.{0,60}\bso (may|bao nhieu|hieu)\b")


def _numbered_as_asked(asked: str) -> re.Pattern[str] | None:
    """The number of the document type asked ("nghị quyết … số hiệu bao nhiêu": an NQ or QH number), or None.

    Another type's number quoted beside it ("Nghị định 118/2025/NĐ-CP") is not the one asked.
    """
    found = _ASKED_TYPE.search(asked)
    if found is None:
        return None
    return re.compile(rf"\b\d+[a-z]?(/\d{{4}})?/({_TYPE_CODES[found.group(1)]})[a-z0-9-]*\b")


_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")
# The low end of a ranking, asked and answered (folded).
_LOW_END = re.compile(r"\b(thap|it|kem|cham|nho|cuoi|bet)\b.{0,20}\bnhat\b|\b(dung|xep) cuoi\b|\bcuoi bang\b")
_LOW_VALUE = re.compile(r"\b(thap|it|kem|cham|nho)\b.{0,20}\bnhat\b|\b(dung|xep) cuoi\b|\bcuoi bang\b|\bthap nhat\b")


# A quoted sentence that itself says the fact was never checked or is not given ("Ngày hiệu
# lực … chưa được đối chiếu", "Danh mục chưa có thông tin đã kiểm chứng"): an honest
# non-answer, reported as not found so that the gap is logged.
_UNVERIFIED = re.compile(r"\b(chua (duoc )?(nhom noi dung )?doi chieu|chua co thong tin( da kiem chung)?|khong co thong tin)\b")


def says_unknown(text: str) -> bool:
    """Whether ``text`` (a direct answer) states that the fact is not known or not checked."""
    return _UNVERIFIED.search(fold(text)) is not None


# Questions that ask for a list ("những việc gì", "gồm những nội dung nào", "các hình thức"):
# the answer is a list, and a list cut after two items answers them wrongly.
_LIST = re.compile(
    r"\bnhung (viec|ai|gi|noi dung|chi so|hinh thuc|nhiem vu|cach|buoc|linh vuc|giai phap|doi tuong|muc tieu"
    r"|chi tieu|yeu cau|noi|co quan|don vi|nguyen tac|quyen|nghia vu)\b|\bgom (nhung )?(gi|nao|cac)\b"
    r"|\bcac (buoc|noi dung|hinh thuc|cach|nhiem vu|giai phap|chi tieu|muc tieu)\b|\bnhung .{1,30} nao\b"
)


def asks_list(question: str) -> bool:
    """Whether ``question`` asks for a list of things rather than one fact."""
    return _LIST.search(fold(question)) is not None


# The shape of the value a question asks for, to prefer the sentences that hold one
# (answer-type matching): "dựa trên quyết định nào" is answered by the sentence with
# "1738/QĐ-UBND", not by the one that restates the plan's purpose. Question cue (folded)
# → value shape (as written).
_SHAPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    # "Tờ khai là mẫu gì", "dùng mẫu nào": a form's code ("mẫu CT01", "Mẫu 04", "mẫu TK01").
    (re.compile(r"\b(mau|to khai) (nao|gi|j|so may|so bao nhieu|the nao)\b"), re.compile(r"\b[Mm]ẫu (số )?[A-ZĐ]{0,4}\d+")),
    (re.compile(r"\b(quyet dinh|nghi dinh|nghi quyet|thong tu|ke hoach|van ban|chi thi|cong van|luat)( \w+){0,3} (nao|so may|so bao nhieu)\b"
                r"|\bso hieu\b|\bso may\b|\bcan cu\b|\bdua (tren|theo|vao)\b"),
     re.compile(r"\d+(/\d{4})?/[A-ZĐ]{1,5}(-[A-ZĐa-zđ0-9]+)*")),
    # "Có hiệu lực từ ngày nào": the date written beside "hiệu lực", not the signing date.
    (re.compile(r"\bhieu luc (tu |vao )?(ngay nao|khi nao|bao gio|luc nao|tu ngay nao|hom nao)\b"),
     re.compile(r"hiệu lực[^.;\n]{0,40}(\d{1,2}/\d{1,2}/\d{4}|ngày \d{1,2} tháng \d{1,2} năm \d{4})", re.IGNORECASE)),
    # "Ban hành ngày nào": a day, not the year inside a document's number ("43/2011").
    (re.compile(r"\b(ngay nao|ky ngay|hom nao|tu ngay nao|ngay bao nhieu|ngay may)\b"),
     re.compile(r"\b\d{1,2}/\d{1,2}(/\d{2,4})?\b|\bngày \d{1,2}\b", re.IGNORECASE)),
    (re.compile(r"\b(ngay nao|khi nao|nam nao|bao gio|tu bao gio|thoi diem nao|ky ngay|hom nao|ban hanh (ngay|nam|khi|luc)"
                r"|hieu luc (tu|khi)|tu ngay nao|tu nam nao|luc nao|thang nao)\b"),
     re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b(năm|tháng|ngày) \d{1,4}\b|\b(19|20)\d{2}\b")),
    (re.compile(r"\b(bao nhieu phan tram|bao nhieu %|ty le|phan tram)\b"), re.compile(r"\d\s?%")),
    (re.compile(r"\b(bao lau|may ngay|bao nhieu ngay|thoi han)\b"),
     re.compile(r"\b\d+ (ngày|giờ|tháng|năm|tuần)\b|trong ngày")),
    (re.compile(r"\b(bao nhieu|may)\b"), re.compile(r"\d")),
    # "Đơn vị nào giám sát", "bộ phận nào tổng hợp", "ai chịu trách nhiệm": a unit named as written.
    (re.compile(r"\b(don vi|bo phan|phong|co quan|ban) nao\b|\bai (chiu trach nhiem|chu tri|tong hop|theo doi|giam sat|phu trach)\b"),
     re.compile(r"\b(Văn phòng|Phòng|Sở|Ban|UBND|Ủy ban|Trung tâm|Thanh tra|Bộ phận|Chánh|Trưởng|Giám đốc)\b")),
)


class LabelShape:
    """A unit labelled with the term a definition question asks about.

    "Mức độ 3 theo Nghị định 43/2011 là gì?" is answered by the item "- Mức độ 3: thêm việc
    điền và gửi mẫu trực tuyến…", not by the sentence listing "mức độ 1, 2, 3, 4"; nor is
    "dịch vụ công mức độ 2 là thế nào" (the label is the tail of the term asked).
    Matches like a compiled pattern (``search``), on the folded unit.
    """

    def __init__(self, term: str) -> None:
        self.term = term

    def search(self, text: str) -> re.Match[str] | None:
        found = _LABEL.match(fold(text))
        if found is None:
            return None
        label = found.group(1).strip()
        fits = len(label.split()) >= 2 and (self.term == label or self.term.endswith(f" {label}"))
        return found if fits else None


Shape = re.Pattern[str] | LabelShape
# "X là gì", "X nghĩa là sao", "X là thế nào" (folded); X is cut at a qualifier ("theo …").
_DEFINITION = re.compile(r"^(.+?)\s+(?:la gi|nghia la gi|nghia la sao|nghia la the nao|la the nao|la sao|hieu the nao)\b")
_QUALIFIER = re.compile(r"\s+(?:theo|cua|trong|tai|o|duoc)\s.*$")
_LABEL = re.compile(r"^[-+*• ]*(.{2,40}?)\s*:")


def answer_shape(question: str) -> Shape | None:
    """The shape of the value ``question`` asks for (see ``_SHAPES``), or a definition's label, or None."""
    folded = fold(question)
    shape = next((shape for cue, shape in _SHAPES if cue.search(folded)), None)
    if shape is not None:
        return shape
    asked = _DEFINITION.match(folded.strip(" ?.!…").split(",")[-1].strip())
    term = _QUALIFIER.sub("", asked.group(1)).strip() if asked else ""
    return LabelShape(term) if len(term.split()) >= 2 else None


# "Phải đi khai tử trong bao lâu", "trong mấy ngày thì phải làm": the time the citizen is
# given (folded), not how long the office takes. The records write it "trong 60 ngày kể từ
# ngày sinh", "trong tối đa 60 ngày", against the office's "ngày làm việc kể từ khi nhận".
_ASKS_DEADLINE = re.compile(
    r"\bphai\b.{0,40}\b(trong (vong )?)?(bao lau|may ngay|bao nhieu ngay)\b"
    r"|\b(trong (vong )?)?(bao lau|may ngay|bao nhieu ngay)\b.{0,20}\bphai\b|\bhan chot\b|\bcham nhat (la )?(bao lau|may ngay|khi nao)\b"
)
DEADLINE_LINE = re.compile(r"\btrong (vòng |tối đa )?\d+ ngày\b(?! làm việc)(?! kể từ khi nhận)", re.IGNORECASE)


def asks_deadline(question: str) -> bool:
    """Whether ``question`` asks within how long the citizen must act (see `DEADLINE_LINE`)."""
    return _ASKS_DEADLINE.search(fold(question)) is not None
