"""Honest declines: evidence that misses what the question asks for is not passed off as an answer."""

from __future__ import annotations

import pytest

from bot import messages
from bot.answer.focus import asked_foci, asks_status, missing_focus
from bot.answer.models import Answer
from bot.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "body", "missing"),
    [
        ("Bộ phận một cửa làm việc giờ nào?", "Bộ phận Một cửa là đầu mối tiếp nhận hồ sơ.", "hours"),
        ("Bộ phận một cửa làm việc giờ nào?", "Sáng từ 7 giờ 30 đến 11 giờ 30, chiều từ 13 giờ 30.", None),
        ("Số điện thoại đường dây nóng của Sở?", "Sở tiếp nhận phản ánh qua Cổng thông tin.", "phone"),
        ("Số điện thoại đường dây nóng của Sở?", "Gọi 0299 3822 123 trong giờ hành chính.", None),
        ("Chỉ số PAR INDEX năm 2024 của các bộ là bao nhiêu?", "Theo kết quả PAR INDEX 2023: 84,38%.", "year"),
        ("Kinh phí kế hoạch là bao nhiêu tiền?", "Kinh phí bố trí trong nguồn hoạt động thường xuyên.", "money"),
        ("Kinh phí kế hoạch là bao nhiêu tiền?", "Kinh phí 50.000.000 đồng.", None),
        ("Mục tiêu tuyên truyền năm 2024 là gì?", "Năm 2024: 80% công chức nắm vững mục tiêu.", None),
        # A number the question gives is not the count it asks for.
        ("Năm 2022 Sở đã đào tạo ISO 9001 cho bao nhiêu cơ quan?", "Đào tạo ISO 9001 năm 2022 cho các phòng.", "count"),
        ("Năm 2022 Sở đã đào tạo ISO 9001 cho bao nhiêu cơ quan?", "Năm 2022 đào tạo ISO 9001 cho 25 cơ quan.", None),
        ("Năm 2022 Sở đã đào tạo ISO 9001 cho bao nhiêu cơ quan?", "Năm 2022 đào tạo TCVN ISO 9001:2015.", "count"),
        ("Kinh phí thực hiện kế hoạch tuyên truyền cải cách hành chính năm 2022 của huyện là bao nhiêu?",
         "Năm 2022, kinh phí lồng ghép từ nguồn kinh phí hoạt động thường xuyên.", "money"),
        # A year asked needs a year; a first needs "đầu tiên"; a sanction a disciplinary form.
        ("PCI được VCCI công bố lần đầu vào năm nào?", "PCI đo chất lượng điều hành kinh tế cấp tỉnh.", "which_year"),
        ("PCI được VCCI công bố lần đầu vào năm nào?", "PCI được công bố lần đầu năm 2005.", None),
        ("Tỉnh nào triển khai DDCI đầu tiên?", "Ví dụ: Đắk Nông (Quyết định 1463/QĐ-UBND).", "ranking"),
        ("Cán bộ vi phạm thì bị xử lý kỷ luật mức nào?", "Cán bộ không hút thuốc trong giờ làm việc.", "sanction"),
        ("Cán bộ vi phạm thì bị xử lý kỷ luật mức nào?", "Vi phạm thì bị xử lý kỷ luật theo quy định.", None),
        # A share of people is no headcount.
        ("Ban Quản lý có tất cả bao nhiêu công chức?", "80% công chức được khảo sát nắm vững mục tiêu.", "count"),
        ("Ban Quản lý có tất cả bao nhiêu công chức?", "Ban có 45 công chức, viên chức.", None),
        # The issue date of a document named by number belongs to that number in its sentence.
        ("Quyết định 06/QĐ-TTg được ban hành ngày nào?", "Quyết định 1565/QĐ-TTg ngày 18/7/2025 thực hiện Quyết định 06/QĐ-TTg.", "date"),
        ("Kế hoạch 96/KH-UBND ban hành ngày nào?", "Thực hiện Kế hoạch số 96/KH-UBND ngày 19/3/2024 của UBND tỉnh.", None),
        # A count needs the very noun counted, not any digit of the body.
        ("Huyện đã tổ chức bao nhiêu hội nghị tuyên truyền?", "Kế hoạch 18/KH-UBND giai đoạn 2021-2025.", "count"),
        ("Huyện đã tổ chức bao nhiêu hội nghị tuyên truyền?", "Năm 2022 tổ chức 3 hội nghị tuyên truyền.", None),
        # Places and offices the question names must be in the evidence.
        ("Tỉnh Bình Dương tuyên truyền CCHC năm 2024 thế nào?", "Sóc Trăng tuyên truyền CCHC năm 2024 trên báo.", "place"),
        ("Kế hoạch của Sở Y tế Sóc Trăng có gì?", "Sở Tài chính tỉnh Sóc Trăng tuyên truyền CCHC.", "place"),
        ("UBND huyện Châu Thành tuyên truyền gì?", "UBND huyện Ninh Giang tuyên truyền thủ tục hành chính.", "place"),
        ("UBND huyện Ninh Giang tuyên truyền gì?", "UBND huyện Ninh Giang tuyên truyền thủ tục hành chính.", None),
        ("Sở LĐTBXH Bình Phước tuyên truyền gì?", "Sở Lao động - Thương binh và Xã hội Bình Phước đăng tin.", None),
        ("Điểm SIPAS của Quảng Ngãi là bao nhiêu?", "SIPAS 2023: trung bình cả nước 82,66%.", "place"),
        ("SIPAS 2023 cả nước được bao nhiêu điểm?", "SIPAS 2023 trung bình cả nước 82,66%.", None),
        ("Kế hoạch năm 2022 đã đạt được những gì?", "Kế hoạch năm 2022 đề ra các nhiệm vụ tuyên truyền.", "achieved"),
        # A duration asked of the documents needs a number of days; "đường lối" is no street.
        ("Cơ quan trễ hạn phải xin lỗi trong mấy ngày?", "Cơ quan phải gửi văn bản xin lỗi.", "duration"),
        ("Cơ quan trễ hạn phải xin lỗi trong mấy ngày?", "Xin lỗi trong 03 ngày làm việc.", None),
        ("Trung tâm ở đường nào?", "Tuyên truyền đường lối của Đảng.", "address"),
        ("Trung tâm ở đường nào?", "Trụ sở: số 2 đường Trần Hưng Đạo.", None),
        # A document number or a ministry the question names must be in the evidence.
        ("Mức thu theo Thông tư 16/2025 là bao nhiêu?", "Năm 2025 lệ phí theo Thông tư 244/2016/TT-BTC.", "reference"),
        ("Chỉ thị 23/CT-TTg giao Bộ Tài chính việc gì?", "Chỉ thị 23/CT-TTg giao Bộ Nội vụ theo dõi.", "place"),
        # A document's number, what is to come, who signed, a zone board of another kind.
        ("Nghị quyết sắp xếp 34 tỉnh là nghị quyết số mấy?", "Quốc hội thông qua nghị quyết sắp xếp ngày 12/6/2025.", "number"),
        ("Nghị quyết sắp xếp 34 tỉnh là nghị quyết số mấy?", "Nghị quyết 202/2025/QH15 sắp xếp đơn vị hành chính.", None),
        ("Số hóa hồ sơ được bao nhiêu điểm?", "Nhóm số hóa hồ sơ: 22 điểm.", None),
        ("Sắp tới có đề án văn hóa công vụ mới không?", "Quyết định 1847/QĐ-TTg phê duyệt Đề án Văn hóa công vụ.", "forecast"),
        ("Đến 2030 tỉnh có đạt chỉ tiêu 95% không?", "Đến năm 2030, 95% người dân hài lòng.", "forecast"),
        ("Quyết định 1847/QĐ-TTg do ai ký?", "Ngày 27/12/2018, Thủ tướng phê duyệt Đề án (Quyết định 1847/QĐ-TTg).", "person"),
        ("Chỉ thị 23/CT-TTg do ai ký?", "Chỉ thị 23/CT-TTg do Thủ tướng Nguyễn Xuân Phúc ký.", None),
        ("Nghị định 118/2025/NĐ-CP có bao nhiêu chương?", "Nghị định 118/2025/NĐ-CP cho người dân chọn 3 cách.", "count"),
        ("Ban quản lý khu kinh tế Dung Quất tuyên truyền gì?", "Ban Quản lý các khu công nghiệp đăng tin.", "place"),
        ("Sở xuất bản các bản tin vào những tháng nào?", "Tuyên truyền qua xuất bản 06 bản tin.", "date"),
        # A lone hour is a cut-off, not the opening hours.
        ("Chủ nhật có nộp hồ sơ được không?", "Nhận hồ sơ sau 15 giờ thì trả vào ngày làm việc kế tiếp.", "hours"),
        ("Sở xuất bản các bản tin vào những tháng nào?", "Xuất bản bản tin vào tháng 3 và tháng 9.", None),
        # When a document takes effect: the date beside "hiệu lực", not the day it was passed.
        ("Luật 72/2025/QH15 có hiệu lực từ ngày nào?", "Luật 72/2025/QH15 (thông qua 16/6/2025, 7 chương).", "effective"),
        ("Luật 72/2025/QH15 có hiệu lực từ ngày nào?", "Luật 72/2025/QH15 có hiệu lực từ 01/7/2025.", None),
        # The bottom of a table is not its leader; a count of steps needs the steps counted.
        ("Năm 2023 tỉnh nào thấp điểm nhất?", "Năm 2023 Thừa Thiên Huế dẫn đầu với 46 điểm.", "ranking"),
        ("Năm 2023 tỉnh nào thấp điểm nhất?", "Năm 2023 Bình Định thấp nhất với 40 điểm.", None),
        ("Mô hình khung gồm bao nhiêu quy trình?", "Mô hình khung ban hành ngày 21/01/2019.", "count"),
        # A year compared with is not that year's figure.
        ("Năm 2022 Việt Nam được bao nhiêu điểm?", "Năm 2024 được 0,7709 điểm, tăng 15 bậc so với 2022.", "year"),
        # The day a result was published is not that year's result; a document's date still names its year.
        ("Năm 2024 kết quả SIPAS ra sao?", "SIPAS 2023 (công bố ngày 17/4/2024): 82,66%.", "year"),
        ("Quyết định năm 2019 công bố mô hình gì?", "Quyết định ngày 21/01/2019 công bố Mô hình khung.", None),
        # A cut of the cost asks a share, not an amount; two counts asked take the last noun.
        ("Chương trình giảm chi phí tuân thủ được bao nhiêu?", "Cắt giảm tối thiểu 20% chi phí tuân thủ.", None),
        ("Nghị định có mấy chương, mấy điều?", "Nghị định gồm 7 chương, 41 điều.", None),
        ("Nghị định có mấy chương, mấy điều?", "Nghị định ban hành ngày 23/4/2018.", "count"),
        # The desk's days asked verb first; a fine is not a fee, a prison term is no fine asked.
        ("Bộ phận một cửa có nhận hồ sơ vào thứ 7 không?", "Bộ phận một cửa nhận hồ sơ trực tuyến.", "hours"),
        ("Không đổi thẻ đúng hạn thì bị xử phạt bao nhiêu tiền?", "Cấp đổi thẻ: 50.000 đồng.", "fine"),
        ("Tôi từng bị phạt 6 tháng tù, xin phiếu lý lịch tư pháp loại nào?", "Phiếu số 1 không ghi án tích đã xóa.", None),
        # "Trong thời hạn bao lâu" needs a duration; a count of branches needs the branches.
        ("Phải công bố lại trong thời hạn bao lâu?", "Cơ quan công bố lại theo khoản 3 Điều 4.", "duration"),
        ("Phải công bố lại trong thời hạn bao lâu?", "Công bố lại trong 15 ngày làm việc.", None),
        ("Trung tâm có bao nhiêu chi nhánh?", "Trung tâm một cấp có chi nhánh; 3.139 Trung tâm cấp xã.", "count"),
        # The effective date of another document quoted beside is not the one asked.
        ("Thông tư 01/2018/TT-VPCP có hiệu lực từ ngày nào?",
         "Thông tư 01/2018/TT-VPCP ngày 23/11/2018. Nghị định 45/2020/NĐ-CP (hiệu lực 22/5/2020).", "effective"),
        ("Nghị định 61/2018 có hiệu lực từ ngày nào?", "Nghị định 61/2018/NĐ-CP: ban hành 23/4/2018; có hiệu lực từ 21/6/2018.", None),
        # A resolution's number is an NQ or QH one; of several types, the one named last asks.
        ("Nghị quyết sắp xếp tỉnh có số hiệu bao nhiêu?", "Theo Nghị định 118/2025/NĐ-CP, cả nước có 34 tỉnh.", "number"),
        ("Nghị quyết sắp xếp tỉnh có số hiệu bao nhiêu?", "Nghị quyết 202/2025/QH15 sắp xếp các tỉnh.", None),
        ("Kế hoạch nâng chỉ số PCI là quyết định số mấy?", "Theo Quyết định số 649/QĐ-UBND của UBND tỉnh.", None),
        # "Mấy số" counts the issues; "máy tính" is no count; "mấy lần" is answered in words.
        ("mỗi tháng phát mấy số chuyên mục", "Đài duy trì chuyên mục CCHC hằng tháng.", "count"),
        ("Tôi không rành máy tính, nộp hồ sơ có những cách nào?", "Nộp qua bưu chính công ích.", None),
        ("trễ hẹn thì được hẹn lại mấy lần", "Chỉ được hẹn lại không quá một lần.", None),
        # A state the portal showed and its lag; a change to come.
        ("Cổng đã báo 'đã trả kết quả' mà trong kho dữ liệu chưa thấy bản điện tử?", "Kết quả trả qua kho dữ liệu.", "status"),
        ("Khi nào thì giấy phép bản giấy bị bỏ, chỉ còn bản điện tử?", "Thời hạn giải quyết: 10 ngày.", "forecast"),
        # A ranking belongs to the year of its list's lead-in; a year compared with is not it.
        ("Năm 2015 bộ nào đứng đầu?", "Chỉ số có từ năm 2015.\nKết quả năm 2023:\n- Bộ Tư pháp dẫn đầu.", "year"),
        ("Năm 2023 bộ nào đứng đầu?", "Kết quả năm 2023:\n- Tăng so với năm 2022.\n- Bộ Tư pháp dẫn đầu.", None),
        # The effective date is of the document named last before it in its sentence.
        ("Nghị định 43/2011 có hiệu lực từ ngày nào?",
         "Cách chia theo Nghị định 43/2011/NĐ-CP đã thay bằng Nghị định 42/2022/NĐ-CP (có hiệu lực từ 15/8/2022).", "effective"),
        # A period, a form's code, a price per use, what was actually reached, a share of procedures.
        ("Đề án thực hiện từ năm nào đến năm nào?", "Quyết định 225/QĐ-TTg ngày 04/02/2016 giao Bộ Nội vụ.", "period"),
        ("Đề án thực hiện từ năm nào đến năm nào?", "Đề án thực hiện giai đoạn 2016 - 2020.", None),
        ("Thẻ đeo làm theo mẫu nào?", "Cán bộ đeo thẻ khi làm việc.", "form"),
        ("Tờ khai làm theo mẫu nào?", "Tờ khai thay đổi thông tin cư trú (mẫu CT01).", None),
        ("Gửi xe có mất tiền không, bao nhiêu một lượt?", "Trung tâm có bãi xe.", "money"),
        ("Đến 2025 thực tế đạt bao nhiêu %?", "Đến 2025, tối thiểu 90% thủ tục được cung cấp trực tuyến.", "achieved"),
        ("Niêm yết công khai bao nhiêu TTHC?", "Niêm yết công khai 100% thủ tục hành chính.", None),
        ("Sau sắp xếp cả nước có bao nhiêu xã?", "Cả nước có 3.321 đơn vị hành chính cấp xã.", None),
        # A cited document's date is not a deadline asked; the named document's own date is its date.
        ("Các xã gửi báo cáo hằng quý trước ngày bao nhiêu?", "Thực hiện Kế hoạch số 159/KH-UBND ngày 16/12/2021; báo cáo hằng quý.", "date"),
        ("Kế hoạch 159/KH-UBND ký ngày nào?", "Thực hiện Kế hoạch số 159/KH-UBND ngày 16/12/2021 của UBND huyện.", None),
        ("Đổi thẻ xong mà trên ứng dụng vẫn chưa hiện thẻ mới, bao giờ mới có?", "Thẻ được cấp trong 7 ngày.", "status"),
        # Tasks and products counted; the desk "trả kết quả" asks no figures, and the date given names its year.
        ("Phụ lục có bao nhiêu nhiệm vụ, sản phẩm?", "Phụ lục kèm theo Kế hoạch này.", "count"),
        # What staff post on facebook is no page to contact; the page asked is.
        ("Cán bộ lên facebook đăng tin sai thì sao?", "Không dùng mạng xã hội lan truyền thông tin chưa kiểm chứng.", None),
        ("Trung tâm có facebook không?", "Trung tâm tiếp nhận hồ sơ trực tuyến.", "contact"),
        # One year asked is not the end of a period; up to a year may be.
        ("Năm 2025 huyện tuyên truyền qua kênh nào?", "Kế hoạch CCHC giai đoạn 2021 - 2025: tuyên truyền qua đài huyện.", "year"),
        ("Đến năm 2025 huyện tuyên truyền qua kênh nào?", "Kế hoạch CCHC giai đoạn 2021 - 2025: tuyên truyền qua đài huyện.", None),
        ("Bộ phận tiếp nhận và trả kết quả huyện, từ 01/7/2025 nộp hồ sơ ở đâu?",
         "Từ 01/7/2025 không còn cấp huyện; cấp xã: Trung tâm Phục vụ hành chính công cấp xã.", None),
        # A full list of N asked of a note that only counts them; the list given answers.
        ("Cho mình danh sách đầy đủ 82 nhóm TTHC được cung cấp toàn trình.",
         "Dịch vụ toàn trình cho 82 nhóm thủ tục theo Quyết định 06/QĐ-TTg.", "full_list"),
        ("Hãy kể đủ cả 3 nhóm đối tượng.", "- Công chức;\n- Viên chức;\n- Người lao động.", None),
        ("Phiếu có 12 tiêu chí, cho tôi xem đủ 12 tiêu chí đó là gì?",
         "Phiếu hỏi về: đánh giá chung, đúng hẹn, thái độ cán bộ, số lần đi lại.", "full_list"),
        # "Từ ngày ký" is a date of effect, however "ký" is spelt.
        ("Đề án có hiệu lực từ khi nào?", "Quyết định có hiệu lực từ ngày ký.", None),
        ("Đề án có hiệu lực từ khi nào?", "Quyết định có hiệu lực từ ngày kí.", None),
        # The count stated first, then each item asked.
        ("PAPI gồm 8 nội dung; đó là những nội dung nào?", "PAPI là chỉ số đo hiệu quả quản trị gồm 8 nội dung.", "full_list"),
        # A share of a group the passage does not give ("DN" is "doanh nghiệp"); the group's own share answers.
        ("Kế hoạch đặt bao nhiêu % DN hiểu rõ về CCHC?", "80% công chức, viên chức được khảo sát nắm vững mục tiêu.", "percent"),
        ("Kế hoạch đặt bao nhiêu % DN hiểu rõ về CCHC?", "95% doanh nghiệp được khảo sát hiểu rõ CCHC.", None),
        ("Tỷ lệ công chức nắm vững nhiệm vụ CCHC phải đạt mức nào?", "Công chức nắm vững nhiệm vụ CCHC.", "percent"),
        # An article asked by number; a link asked.
        ("Nghị định 61/2018 điều nào quy định việc trả kết quả?", "Nghị định 61/2018/NĐ-CP quy định cơ chế một cửa.", "article"),
        ("Nghị định 61/2018 điều nào quy định việc trả kết quả?", "Điều 18 Nghị định 61/2018/NĐ-CP quy định trả kết quả.", None),
        ("Cho tôi xin đường link trang Ninh Giang online.", "Tuyên truyền qua Zalo, Ninh Giang online.", "address"),
        # The year the asker filed is their story; "nước ngoài giờ" holds no "ngoài giờ".
        ("Hồ sơ của tôi nộp năm 2023 bị trễ hẹn, cơ quan phải làm gì?", "Cơ quan phải gửi văn bản xin lỗi khi trễ hạn.", None),
        ("Khai sinh có yếu tố nước ngoài giờ phường làm, căn cứ nghị định nào?",
         "Khai sinh có yếu tố nước ngoài: Nghị định 120/2025/NĐ-CP.", None),
    ],
)
def test_missing_focus(question: str, body: str, missing: str | None) -> None:
    assert missing_focus(question, body) == missing


@pytest.mark.parametrize(
    "question",
    [
        "Hồ sơ của tôi đến bước nào rồi?", "ho so cua toi da duoc duyet chua", "Cổng dịch vụ công có bị lỗi không?",
        "Mã hồ sơ 000.00.12.H55-250801-0012 của tôi đã có kết quả chưa?", "vneid hom nay bao tri a, khong mo duoc app",
        "tien le phi toi chuyen khoan tren dvc da duoc ghi nhan chua", "Phiếu LLTP của tôi bị trả lại, lý do là gì?",
        "Sao ứng dụng VNeID của tôi cứ báo lỗi?", "Sáng nay trung tâm có đông người không?",
        "ho chieu nop hom thu hai da in xong chua", "Đơn đăng ký kết hôn bị trả lại, chị kiểm tra giúp vì sao được không?",
        "don xin trich luc online dang o buoc nao", "Bản đánh giá năm nay của tôi đã được phê duyệt chưa?",
        # Today's outage, not what to do when one happens.
        "Bây giờ cổng dịch vụ công có bị sự cố không mà tôi không thanh toán được?",
    ],
)
def test_questions_about_ones_own_file_are_status(question: str) -> None:
    assert asks_status(question)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Đối tượng của kế hoạch tuyên truyền là ai?", []),  # groups of people, not a name
        ("Sở tổ chức tuyên truyền nhân dịp ngày lễ nào?", []),  # which holiday, not opening hours
        ("Bộ phận một cửa có làm việc ngày lễ không?", ["hours"]),
        ("Ai là người ký kế hoạch?", ["person"]),
        ("Muốn gửi tin bài thì liên hệ qua zalo nào?", ["contact"]),
        ("Tỉnh nào có nhiều Trung tâm Phục vụ hành chính công cấp xã nhất?", ["ranking", "which_place"]),
        ("Tỉnh nào đứng đầu chỉ số SIPAS?", ["ranking", "which_place"]),
        ("Thứ bảy bộ phận một cửa có làm việc không?", ["hours"]),
        ("Sáng thứ bảy tôi ra xã xin sao y được không?", ["hours"]),
        ("Trung tâm nghỉ trưa từ mấy giờ?", ["hours"]),
        ("lich tiep cong dan cua ubnd xa", ["hours"]),
        ("Số đt của trung tâm là bao nhiêu?", ["phone"]),
        ("Muốn phản ánh thì nhắn vào đâu?", ["contact"]),
        ("Góp ý thì gửi thư về đâu?", ["contact"]),
        ("Kết quả tuyên truyền các xã gửi về đâu?", []),  # the unit that collects reports, not an address
        ("PCI của tỉnh xếp thứ mấy?", ["score"]),
        ("Cho hỏi số fax của Sở", ["phone"]),
        ("Bộ phận một cửa có làm việc xuyên trưa không?", ["hours"]),
        ("Lịch trực Tết của bộ phận một cửa thế nào?", ["hours"]),
        ("Kế hoạch có bao nhiêu video clip?", ["count"]),
        ("Tiệm dịch vụ làm hộ chiếu nhanh lấy bao nhiêu tiền?", ["private", "money"]),  # an agent's price
        ("Giá làm hộ chiếu dịch vụ lấy gấp là bao nhiêu?", ["private", "money"]),
        ("Chỉ thị coi ai là trung tâm của cải cách?", []),  # a group put first, not a person's name
        ("Nhận thẻ qua bưu điện thì cước phí bao nhiêu?", ["postage"]),  # the post's charge, priced nowhere
        ("Nộp qua bưu chính thì thuê dịch vụ được không?", []),  # the post as a way of filing
        ("Khung giá dịch vụ đò ngang do cơ quan nào ban hành?", []),  # a procedure's subject, not an agent's price
        ("Xã tôi bây giờ thuộc phường hay xã nào sau sáp nhập?", ["merger"]),  # the list of merged communes
        ("Nghe nói lệ phí căn cước sẽ sửa lại phải không?", ["forecast"]),
        # Cue words inside other words ask for nothing: "hoạt động của", "nộp trực tiếp"; "số mấy"
        # of a document asks its number, not the weekday ("thứ mấy").
        ("Giấy phép hoạt động của tổ chức cần gì?", []),
        ("Nộp trực tiếp ở đâu?", []),
        ("Kế hoạch tuyên truyền số mấy?", ["number"]),
        ("Chỉ số CCHC do ai phê duyệt?", []),
        # An ordinal is no weekday ("con thứ hai … đi làm"); "mấy bản" is no desk phone
        # ("máy bàn", folded); the site news is posted on is no address asked.
        ("Vợ tôi sinh con thứ hai được một tháng, đi làm khai sinh có mất tiền không?", []),
        ("Thứ hai tôi đi làm khai sinh được không?", ["hours"]),
        ("Sao y giấy tờ mấy bản thì nộp ở đâu?", []),
        ("Ai phụ trách đăng tin lên trang web của Sở?", []),
        ("Tin bài đăng trên trang web nào?", ["address"]),
        # Provinces by name; a level ("cấp tỉnh nào") is no place; teams are counted.
        ("Đề án chọn những tỉnh nào làm thí điểm?", ["which_place"]),
        ("UBND cấp tỉnh nào phải báo cáo?", []),
        ("Hội thi có bao nhiêu đội tham gia?", ["count"]),
        ("Rửa ảnh thẻ ở tiệm ảnh mất bao nhiêu tiền?", ["private", "money"]),  # a shop's price
        # A private office's price; money collected ("thu mấy trăm nghìn") on no weekday.
        ("Văn phòng dịch thuật tư nhân dịch một trang giấy khai sinh lấy bao nhiêu?", ["private"]),
        ("Sao y 300 trang có bị thu mấy trăm nghìn không?", ["money"]),
    ],
)
def test_asked_value_kinds(question: str, kinds: list[str]) -> None:
    assert [f.name for f in asked_foci(question)] == kinds


def test_an_undated_sentence_is_of_the_passage_s_own_document() -> None:
    """"Ban hành ngày 23/4/2018" in the note on Nghị định 61/2018 dates that decree, not the QĐ 09/2015 it replaced."""
    body = "- Ban hành ngày 23/4/2018, có hiệu lực từ 21/6/2018.\n- Thay thế Quyết định 09/2015/QĐ-TTg."
    cited = "Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa"
    assert missing_focus("QĐ 09/2015 của Thủ tướng ký ngày tháng năm nào", body, cited=cited) == "date"
    assert missing_focus("Nghị định 61/2018 ban hành ngày nào", body, cited, cited=cited) is None


def test_the_moment_of_an_event_is_a_date_not_opening_hours() -> None:
    assert [f.name for f in asked_foci("từ mấy giờ ngày nào")] == ["date"]
    # "trong giờ làm việc" is during them; "sim đứng tên chồng", "ngoài số điện thoại" ask no number.
    assert asked_foci("Quy chế cấm cán bộ làm những gì trong giờ làm việc?") == []
    assert asked_foci("Số điện thoại tôi đang dùng là sim đứng tên chồng, đăng ký được không?") == []
    assert asked_foci("ngoai so dien thoai thi phai nhap gi nua") == []
    assert asked_foci("Vậy trụ sở trung tâm cấp tỉnh do ai quản lý?") == []
    # A day given as a point in time names no year whose figures are asked.
    assert missing_focus("Từ 01/7/2025 thì cấp xã gồm những loại đơn vị nào?", "Cấp xã gồm xã, phường, đặc khu.") is None
    assert [f.name for f in asked_foci("Đến giờ thực tế đã cắt được bao nhiêu rồi?")] == ["achieved"]


def test_a_question_about_a_late_file_in_general_is_not_a_status_lookup() -> None:
    assert not asks_status("Hồ sơ của tôi bị trễ hẹn thì cơ quan có phải xin lỗi tôi không?")


def test_the_asker_s_work_is_not_a_file_they_made() -> None:
    assert not asks_status("Tôi làm công nhân ở xa, con được một tháng rồi mà chưa đi khai sinh, nhờ bà ngoại làm thay được không?")
    # A file made, then its state asked: still a status lookup.
    assert asks_status("em lam the can cuoc tuan truoc, gio co the chua a")


def test_opening_hours_are_declined_not_answered_from_a_neighbour(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Bộ phận một cửa làm việc giờ nào?")
    assert not answer.found and answer.kind == "not_found"
    assert answer.direct == messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT["hours"])
    assert "dichvucong.gov.vn" in answer.direct  # where to ask instead


def test_a_status_question_points_to_the_portal(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Hồ sơ đăng ký thường trú tôi nộp hôm thứ Hai giờ đến bước nào rồi?")
    assert not answer.found and answer.direct == messages.DECLINE_STATUS


def test_a_procedure_answer_without_the_asked_phone_is_declined(knowledge: KnowledgeBase) -> None:
    """The record names the agency, not its hotline: "which agency" is not what was asked."""
    answer = knowledge.answer("Số hotline của công an xã để hỏi làm căn cước?")
    assert not answer.found
    assert answer.direct == messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT["phone"])
    assert knowledge.answer("Làm căn cước ở đâu?").found


def test_a_plan_of_another_office_is_not_answered_from_a_loaded_one(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Kế hoạch tuyên truyền CCHC của Sở Y tế Sóc Trăng gồm những nội dung gì?")
    assert not answer.found
    assert answer.direct == messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT["place"])


def test_a_procedure_answer_is_declined_for_a_year_its_record_never_names(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Dự kiến năm 2027 có bỏ hẳn giấy khai sinh bản giấy không?")
    assert not answer.found
    assert answer.direct == messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT["year"])


def test_a_fee_for_a_named_province_is_not_the_record_s_fee(knowledge: KnowledgeBase) -> None:
    """Marriage with a foreigner: the province's council sets the fee; the record says so, not what it is."""
    answer = knowledge.answer("le phi ket hon co yeu to nuoc ngoai o soc trang bao nhieu")
    assert not answer.found
    assert answer.direct == messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT["place"])
    assert knowledge.answer("lệ phí đăng ký kết hôn bao nhiêu").found


def test_the_second_tuning_set_of_unanswerable_questions_is_declined(knowledge: KnowledgeBase) -> None:
    """A regression guard over tests/data/unanswerable_dev2.jsonl (written after the first
    rules, see its README): at least 85% declined (the last batch, written after the rules
    were widened for the others, was the hardest)."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "unanswerable_dev2.jsonl"
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answered = [item["id"] for item in items if knowledge.answer(item["question"]).found]
    assert len(items) >= 100
    assert len(answered) <= 0.15 * len(items), answered


def test_an_acronym_no_document_uses_is_declined(knowledge: KnowledgeBase) -> None:
    # The note gives EGDI, not its components; "TII" is in no document, nor are words it abbreviates.
    answer = knowledge.answer("Chỉ số hạ tầng viễn thông TII trong EGDI 2024 của Việt Nam được bao nhiêu điểm?")
    assert not answer.found and "tên viết tắt" in answer.answer


def test_an_acronym_of_words_the_documents_write_out_is_known(knowledge: KnowledgeBase) -> None:
    # "HCNN" is "hành chính nhà nước", which the plans write in full.
    answer = knowledge.answer("Sở KH&CN Quảng Ngãi tuyên truyền áp dụng ISO trong các cơ quan HCNN thế nào?")
    assert answer.found and "ISO 9001" in answer.answer


def test_the_citizen_s_own_past_year_and_coming_days_are_circumstances(knowledge: KnowledgeBase) -> None:
    # A year of one's own past is no year whose figures are asked; "năm sau tôi …" no forecast.
    licence = knowledge.answer("Bằng lái xe máy tôi thi năm 2010 ở Sở Giao thông, giờ đổi ở đâu?")
    assert licence.found and licence.subject is not None and licence.subject.procedure_id == "doi-giay-phep-lai-xe"
    card = knowledge.answer("Năm sau tôi tròn 40 tuổi, thẻ căn cước có phải đổi không?")
    assert card.found and "40" in card.answer
    # A forecast is still one.
    assert [f.name for f in asked_foci("năm sau lệ phí làm căn cước có tăng không")] == ["forecast"]


def test_a_private_agent_s_price_is_declined_not_answered_from_the_record(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("Bên dịch vụ làm bằng lái nhanh trong 3 ngày lấy giá bao nhiêu?")
    assert not answer.found and messages.DECLINE_FOCUS_WHAT["private"] in answer.direct


def test_a_general_question_on_outages_is_not_a_status_lookup() -> None:
    assert not asks_status("Hệ thống gặp sự cố thì cơ quan phải xử lý thế nào?")


def test_places_asked_by_name_need_a_province_in_the_body() -> None:
    question = "Đề án giao thí điểm ở những địa phương nào?"
    assert missing_focus(question, "Thí điểm tại 5 địa phương.") == "which_place"
    assert missing_focus(question, "Thí điểm tại Hà Nội và Quảng Ninh.") is None


def test_a_note_s_own_unverified_line_on_the_asked_document_leads(knowledge: KnowledgeBase) -> None:
    # The lead answers for the 2018 decree; the line on the asked 2021 decree says its date is unchecked.
    answer = Answer(
        question="", found=True, direct="Ban hành ngày 23/4/2018, có hiệu lực từ 21/6/2018.",
        details=["Ngày hiệu lực của Nghị định 107/2021/NĐ-CP chưa được đối chiếu.", "Sửa Điều 7 về Bộ phận Một cửa."],
    )
    led = knowledge.answerer._unknown_first("Nghị định 107/2021/NĐ-CP có hiệu lực từ ngày nào?", answer)
    assert led.direct.startswith("Ngày hiệu lực của Nghị định 107/2021")
    # A caveat on another document than the one asked leaves the lead.
    other = knowledge.answerer._unknown_first("Nghị định 61/2018/NĐ-CP có hiệu lực từ ngày nào?", answer)
    assert other.direct == answer.direct
