"""The answerer: retrieve, decide whether the knowledge base covers the question, quote, cite.

``Answerer.answer`` reads as its steps: a catalogue procedure is answered by field; a
follow-up is answered about the remembered subject; otherwise the evidence is retrieved
and checked (``_evidence``), the answer pool gathered (``_pool``), the best sentences
quoted within the budget (``_quote``) and laid out short: the sentence that answers
first, a few supporting lines, a short citation and "Xem thêm" for the rest
(``_compose``). A question whose evidence lacks the kind of value it asks for (opening
hours, a phone number) is declined rather than answered with a neighbouring fact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher

from bot import messages
from bot.answer.citations import citation, short_citation
from bot.answer.config import AnswerConfig
from bot.answer.extract import (
    Passage, QueryTerms, Unit, clip_words, is_item, is_lead_in, pack, score_units, trailing_lead, unit_tokens,
)
from bot.answer.focus import (
    DEADLINE_LINE, YEAR, Shape, answer_shape, asks_deadline, asks_list, asks_status, missing_focus, missing_in_record, says_unknown,
)
from bot.answer.followup import (
    CASE_WORDS, continues, is_followup, is_short, names_document, own_words, records_terms, standalone, topic_of,
    goes_on, points_to_named, turns_to_another, with_records_terms, without_comparison, without_papers,
)
from bot.answer.models import Answer, Source, Subject
from bot.answer.places import missing_place, named_places
from bot.answer.plans import PLAN_DOC_TYPE, names_part, plan_aspects, which_plan
from bot.answer.procedure import absent_answer, body_matches_answer, clarify_answer, entry_answer
from bot.answer.scope import STOPWORDS, ScopeModel
from bot.answer.validity import replaced_note, stale_note
from bot.procedures import DEFAULT_FIELDS, Absent, Ambiguous, Entry, Matched, ProcedureMatch, ProcedureMatcher
from bot.procedures.catalogue import SOURCE_CHECKED
from bot.procedures.fields import requested as requested_parts
from bot.procedures.resolve import names_new_subject
from bot.retrieval.base import Hit
from bot.retrieval.hybrid import HybridRetriever, asks_identity
from bot.retrieval.refs import query_refs, ref_words
from indexer.lexical import ABBREVIATIONS, expanded_syllables, search_syllables
from indexer.models import Chunk, DocumentMeta
from indexer.procedures import DOC_TYPE as PROCEDURE_DOC_TYPE, procedure_id_of
from indexer.structure import HEADER_TITLE, text_unit_lines
from indexer.textnorm import fold, normalize, syllables

log = logging.getLogger(__name__)

# Hits fetched per question: the pool takes at most five, the rest feed "Xem thêm" and
# the re-ranking of a follow-up towards the remembered document.
FETCH = 8
# A question repeating this share of its plan's title words names the plan by them (see `_restated_title`).
QUESTION_TITLE_SHARE = 0.4
# A follow-up's retrieval favours the document of the remembered subject by this factor:
# enough to win a near tie ("nghị quyết đó ban hành năm nào"), not to override a clear
# better match elsewhere.
SUBJECT_DOC_BOOST = 1.3
# A short message with words of its own stays on the remembered document when one of its
# chunks holds at least this share of them (IDF-weighted, see ``ScopeModel``).
DOCUMENT_WORD_SHARE = 0.6
# In a conversation, a message leaves for a procedure found by the resolver only when it
# holds this share of the procedure's name (content syllables).
SWITCH_NAME_SHARE = 0.4
# After a procedure, a message the resolver reads as a procedure the catalogue lacks is still
# a follow-up when the remembered record uses this share of its subject words.
FOLLOWUP_COVERAGE = 0.7
# A message without a field cue is answered from the remembered procedure's record when the
# quote holds at least this share of the message's own words (folded syllables).
RECORD_WORD_SHARE = 0.5
# A question that names a procedure and no field is answered by the record's sentences
# when they hold this share of its own words, and at least one ("bé 4 tuổi làm căn cước có
# phải lấy vân tay không": "Trẻ dưới 6 tuổi: … không thu sinh trắc học"), not by the
# procedure's summary: a long story around the name asks about the one case it tells
# (0.34 before; 0.1 answered 8 more first turns of dialogues_dev3–dev11, none fewer).
SUMMARY_WORD_SHARE = 0.1
# When neither the record (at ``RECORD_WORD_SHARE``) nor the documents answer a message
# after a procedure that names nothing else, the record still does if it holds this share
# of its words, and at least one ("bà cần cầm theo những gì" after the passport). Inside
# the conversation a decline is right only when the record is silent; on the blind sets
# dialogues_dev4–dev7 the record's best line answered more of these than it missed.
LEAN_WORD_SHARE = 0.0
# A short message after a procedure whose words are all cues ("đến nơi thì họ thu những
# gì") is answered from the record's line holding at least this share of them.
CUE_WORD_SHARE = 0.5
# A record line that repeats this many syllables of a field question in a row answers it
# before the field: "nghe nói sắp có quy định mới về trình tự cấp thẻ" is the record's note
# "quy định mới về trình tự cấp thẻ áp dụng từ 15/3/2026", not the steps.
ECHO_RUN = 5
# The record's sentence added after a field answer is cut to this many characters.
RECORD_LINE_CHARS = 220
# The resolver reads any question as a possible procedure name; "the catalogue lacks this
# procedure" is said only when the question speaks of one (folded): "giá vàng hôm nay bao
# nhiêu" gets the plain decline.
# A question that asks how to obtain something ("thủ tục …", "xin/cấp/làm … giấy phép …")
# about a procedure the catalogue lacks is declined at once, not answered from the notes.
_ASKS_PROCEDURE = re.compile(r"^(thu tuc(?! nao)|xin|cap|lam|dang k[iy]|gia han)\b|\b(thu tuc|giay phep|chung chi) (cap|xin|de nghi|dang k[iy])\b")
_ASKS_MEANING = re.compile(r"\b(nghia la|khai niem|dinh nghia|hieu la)\b")
# "Thủ tục nào cần …", "giấy xác nhận cư trú dùng cho thủ tục gì": asks which procedures.
_ASKS_WHICH_PROCEDURE = re.compile(r"\b(thu tuc|truong hop) (nao|gi)\b|\bnhung thu tuc\b")
# Share of the question's word weight a record line must hold to be offered: asked for a
# list of procedures, or as a last resort before the plain decline.
BODY_COVERAGE_ASKED = 0.75
BODY_COVERAGE_UNASKED = 0.9
BODY_CHOICES = 3
# What a document says, as opposed to when it was signed or which document it is.
# "Nói về vấn đề gì", "phê duyệt nội dung gì" are answered by the citing line (its title);
# the targets or tasks it sets are not.
_ASKS_CONTENT = re.compile(r"\b(chi tieu|nhiem vu|muc tieu|giao|quy dinh)\b.{0,40}\b(gi|nao|nhung|bao nhieu|may)\b")
_ASKS_ABOUT_ITSELF = re.compile(
    r"\b(khac nhau|khac\b.{0,30}\b(the nao|ra sao|cho nao|diem nao|gi)|phan biet|so sanh|dung de|de lam gi|tac dung|loi ich)\b"
)
# An acronym as typed: three or more capitals ("OSI", "DTI", "QLNS").
_ACRONYM = re.compile(r"\b[A-ZĐ][A-ZĐ0-9]{2,}\b")
# Copying or certifying a paper: the certification procedure, whichever paper it is (folded).
# Not "chứng thực" or "công chứng" alone: "giấy ủy quyền có phải công chứng không" asks of a
# signature, and the portal's "chứng thực chữ ký", "chứng thực hợp đồng" are other procedures.
_COPY_ACTION = re.compile(
    r"\b(sao y|photo cong chung|sao cong chung|(chung thuc|cong chung) ban sao|ban sao (chung thuc|cong chung)"
    # "mang ra xã chứng thực một bản", "công chứng 3 bản": copies counted.
    r"|(chung thuc|cong chung) (mot|hai|ba|vai|may|\d+) ban"
    # "họ cần bản sao bằng đại học có chứng thực": a copy certified, the paper named between.
    r"|ban sao( \w+){1,4} co (chung thuc|cong chung)"
    # "Mang bản chính sổ đỏ ra xã để chứng thực", "bản sao điện tử đã chứng thực": a copy all the same.
    r"|mang ban chinh\b.{0,80}\b(de |di )?(chung thuc|cong chung)|ban sao dien tu( \w+){0,2} (chung thuc|cong chung))\b"
)
_FEE_LINE = re.compile(r"(Phí, lệ phí|Lệ phí|Phí)\b[^:]{0,40}:")
_PROCEDURE_WORDS = re.compile(
    r"\b(thu tuc|cap|dang k[iy]|giay|xin|gia han|chung nhan|chung thuc|ho so|lam the|lam so|lam bang|bang lai)\b"
)


class Answerer:
    """Question → :class:`Answer`, over one retriever (one store)."""

    def __init__(
        self,
        retriever: HybridRetriever,
        *,
        config: AnswerConfig | None = None,
        procedures: ProcedureMatcher | None = None,
    ) -> None:
        self.retriever = retriever
        self.procedures = procedures
        self.config = config or AnswerConfig()
        store = retriever.store
        self.scope = ScopeModel(self._passage(c) for c in store.chunks)
        self._doc_chunks: dict[str, list[int]] = {}
        self._headers: dict[str, int] = {}
        for i, c in enumerate(store.chunks):
            self._doc_chunks.setdefault(c.doc_id, []).append(i)
            if c.heading_path == [HEADER_TITLE]:
                self._headers.setdefault(c.doc_id, i)
        # The documents the knowledge base describes (by number): its own documents, and those
        # the legal notes and records speak of. A plan merely cites others ("Thực hiện Kế
        # hoạch số 96/KH-UBND …"); what those say is not here.
        self._described = set().union(*(_document_refs(m) for m in store.documents.values()), *(
            query_refs(c.text) for c in store.chunks
            if (m := store.documents.get(c.doc_id)) is not None and m.doc_type != PLAN_DOC_TYPE
        ))
        self._procedure_chunks = {
            procedure_id_of(c.chunk_id): i
            for i, c in enumerate(store.chunks)
            if (m := store.documents.get(c.doc_id)) is not None and m.doc_type == PROCEDURE_DOC_TYPE
        }

    def _passage(self, chunk: Chunk) -> str:
        """What scope coverage is measured on: the document's identity, headings and text."""
        meta = self.retriever.store.documents.get(chunk.doc_id)
        identity = [meta.title, meta.issuer or "", meta.place or "", meta.province or ""] if meta else []
        return " ".join([*identity, *chunk.heading_path, chunk.text])

    # ------------------------------------------------------------------ the steps

    def answer(self, question: str, subject: Subject | None = None) -> Answer:
        """Answer one question, about ``subject`` when it is a follow-up (never raises on odd input).

        Args:
            question: As typed.
            subject: What the previous answer in the conversation was about, if still fresh.
        """
        question = normalize(question).strip()
        if not question:
            return self._declined(question)
        if asks_status(question):
            return self._declined(question, focus="status")
        if subject is not None and subject.procedure_id and goes_on(question):
            # "Xong rồi làm căn cước cho bé luôn được không?" after the birth registration: the
            # next step of the same matter, which that record describes ("Sau khai sinh và
            # thường trú, … thẻ căn cước cho trẻ dưới 6 tuổi ngay trên VNeID").
            step = self._lean_on_record(question, subject)
            if step is not None:
                return step
        # After a document: the message asks about it (decided once; the procedure check and
        # the document answer below both need it).
        about_document = subject is not None and not subject.procedure_id and (
            is_followup(question, subject) or self._stays_on_document(question, subject)
        )
        procedure = self._procedure(question, own_case=subject is None or not subject.procedure_id)
        if subject is not None and subject.procedure_id and turns_to_another(question):
            # "Nhân tiện, mang hộ chiếu ra xã sao y thì bao lâu có?" after the passport: the
            # message turns to another matter; the passport is what is copied, and the other
            # procedure it names is the new subject.
            procedure = self._other_checked(question, subject.procedure_id) or procedure
        aside = self._aside(question) if procedure is not None and subject is not None and subject.procedure_id else None
        if aside is not None:
            # "co can nop giay ket hon de chung minh quan he ko" after the permanent
            # residence: the marriage certificate is a paper that record asks for; "có được
            # giảm 50% như làm căn cước không": the card is only compared with. When the
            # message names no field, the rest of it is what is asked of the remembered one.
            procedure = None
            question = question if requested_parts(question) else aside
        if procedure is not None and subject is not None and (
            (is_short(question) and not self._leaves(question, subject, about_document))
            or not self._names_procedure(question, procedure)
        ):
            # "làm lần đầu có mất tiền không" after a procedure: its versions; "kinh phí thì
            # sao?" after a plan: the plan's budget, not "hộ kinh doanh".
            procedure = None
        if procedure is not None and procedure.kind in ("procedure", "document"):
            if subject is not None and subject.procedure_id and procedure.subject is not None \
                    and procedure.subject.procedure_id == subject.procedure_id and not procedure.subject.fields:
                # "có căn cước điện tử rồi thì đi làm thủ tục khỏi mang thẻ được ko" after VNeID
                # names VNeID again and no field: what its record says, not its summary again.
                about = self._procedure_followup(question, subject) or self._lean_on_record(question, subject)
                if about is not None:
                    return about
            return procedure  # the message names a procedure of its own: a topic switch
        if procedure is not None and procedure.kind == "not_found" and _ASKS_PROCEDURE.search(fold(question)) \
                and not about_document and not _ASKS_MEANING.search(fold(question)):
            # "thủ tục đã sửa đổi thì cập nhật ở đâu" asks what the plan says; "làm thủ tục trên
            # môi trường điện tử nghĩa là …" what a term means, which the notes define.
            # "thủ tục cấp giấy phép bức xạ …": a procedure the catalogue lacks; "thủ tục nào
            # cần giấy khám sức khỏe": the procedures whose records say so. After a procedure
            # whose record uses most of the message's words ("con tôi 9 tuổi chưa có thẻ, tôi
            # đăng ký giúp cháu bằng cách nào" after VNeID), the message is about that one.
            if subject is not None and subject.procedure_id and self.procedures is not None and (
                self.procedures.coverage(subject.procedure_id, with_records_terms(question)) >= FOLLOWUP_COVERAGE
                or self._tells_case(question, subject)
            ):
                about = self._procedure_followup(question, subject) or self._lean_on_record(question, subject, case_only=True)
                if about is not None:
                    return about
            return self._body_matches(question, subject, named=True) or procedure
        if subject is not None and subject.procedure_id and (is_short(question) or procedure is None or not procedure.found):
            # After a procedure, a short message that names no procedure of its own ("nộp
            # online được không?" fits many versions) is about the remembered one: its field,
            # or what its record says ("ai phải đồng ý?"); "PAPI là gì?" is not in the
            # record and goes on below.
            about = self._procedure_followup(question, subject)
            if about is not None:
                return about
        if procedure is not None and procedure.kind == "clarify":
            return procedure
        # The resolver reads every question as a possible procedure name, so "the catalogue
        # lacks it" only decides when the documents do not answer either.
        absent = procedure
        answer = self._from_documents(question, subject if about_document else None, absent, in_conversation=subject is not None)
        if answer.found and subject is not None and subject.doc_id and self._is_plan(subject.doc_id) and answer.subject \
                and answer.subject.doc_id == subject.doc_id:
            # Another question about the same office's plan: the first question's words (the
            # office, the plan) still say which plan the next follow-up is about.
            answer = answer.model_copy(update={"subject": answer.subject.model_copy(update={"topic": subject.topic})})
        if not about_document and self._may_lean_on(question, subject) and (
            not answer.found or self._led_by_other_plan(answer, subject.doc_id)
        ):
            # "ai chịu trách nhiệm triển khai" finds nothing on its own: in a conversation
            # about a plan, a message that names nothing else asks about that plan. So does
            # "kết quả có phải làm báo cáo riêng không", found first in another office's plan:
            # that office was never asked about.
            leaning = self._from_documents(question, subject, absent, in_conversation=True)
            if leaning.found:
                return leaning
        if not answer.found and subject is not None and subject.procedure_id:
            # The same after a procedure: its record, on any word of the message it holds
            # (the message named no procedure the catalogue has, or it would have switched).
            leaning = self._lean_on_record(question, subject) or self._field_asked(question, subject)
            if leaning is None and self._tells_case(question, subject):
                # Not a procedure the catalogue lacks: the asker's case around the remembered one.
                return self._lean_on_record(question, subject, case_only=True) or self._declined(question)
            return leaning or answer
        if answer.found and subject is not None and subject.procedure_id and self._names_nothing(question, subject) \
                and not _names_topic_of(question, subject, answer):
            # "nộp hồ sơ lúc 4 giờ chiều có lấy giấy luôn được ko" after the marriage
            # registration, answered from a note on the one-stop desk: the message named no
            # matter of its own, so the next one ("muốn làm ở xã khác có được không") is
            # still about the marriage.
            return answer.model_copy(update={"subject": subject})
        return answer

    def _lean_on_record(self, question: str, subject: Subject, *, case_only: bool = False) -> Answer | None:
        """What the remembered procedure's record says on any word of ``question`` (``LEAN_WORD_SHARE``), or None.

        ``case_only``: the message only tells the asker's case around that procedure
        (`_tells_case`), so the record's best line answers even when it shares none of the
        story's words ("chồng tôi đi biển …, một mình tôi đứng ra đăng ký có được không" →
        "Cha hoặc mẹ phải đăng ký khai sinh …").
        """
        entry = self.procedures.get(subject.procedure_id) if self.procedures and subject.procedure_id else None
        leaning = self._record_quote(question, subject, entry, min_share=LEAN_WORD_SHARE, case_only=case_only) if entry else None
        return leaning if leaning is not None and leaning.found else None

    def _tells_case(self, question: str, subject: Subject) -> bool:
        """After a procedure, whether a message the resolver reads as a name it lacks names no
        other procedure: no two adjacent words its record never uses (``names_other``)."""
        resolution = self.procedures.resolve(question) if self.procedures and subject.procedure_id else None
        return isinstance(resolution, Absent) and not self.procedures.names_other(subject.procedure_id, resolution)

    def _field_asked(self, question: str, subject: Subject) -> Answer | None:
        """The remembered procedure's field the message asks for, when nothing of its record
        spoke of the asker's case ("mẹ tôi 70 tuổi đi lại khó, làm online hết được không?":
        the ways), or None."""
        entry = self.procedures.get(subject.procedure_id) if self.procedures and subject.procedure_id else None
        fields = requested_parts(with_records_terms(question))
        if entry is None or not fields:
            return None
        answer = self._entry_question(question, entry, fields, all_fields=False)
        return answer if answer.found else None

    def _may_lean_on(self, question: str, subject: Subject | None) -> bool:
        """Whether a message that found nothing on its own may still be answered about ``subject``'s document.

        Any length: "về chuyển đổi số thì có chỉ số riêng để đánh giá không" after a plan
        names no office, place or document of its own, so it asks about that plan. A
        message that names another subject found it already (this is asked only after the
        cold answer failed).
        """
        return subject is not None and not subject.procedure_id and subject.doc_id is not None \
            and self._names_nothing(question, subject)

    def _names_nothing_else(self, question: str, subject: Subject) -> bool:
        """A short message naming no office, place or numbered document of its own, after a document."""
        return subject.doc_id is not None and is_short(question) and self._names_nothing(question, subject)

    def _names_nothing(self, question: str, subject: Subject) -> bool:
        """Whether ``question`` names no office, place or numbered document other than ``subject``'s."""
        return (
            not named_places(question) and not names_document(question, subject)
            and not self.retriever.split_identity(question)[0]
        )

    def _from_documents(
        self, question: str, subject: Subject | None, absent: Answer | None, *, in_conversation: bool
    ) -> Answer:
        """The answer quoted from the documents; about ``subject`` when given (a follow-up)."""
        followup = subject is not None
        query = standalone(question, subject) if subject is not None else question
        # A follow-up with no words of its own can only mean the remembered document; nor can
        # one whose own words are numbers only ("thế còn mức 1" after the levels of NĐ 43).
        pure = subject is not None and all(w.isdigit() for w in own_words(question, subject))
        hits = self._evidence(query, subject.doc_id if subject is not None else None, only_doc=pure)
        if not hits:
            matches = None if in_conversation else self._body_matches(question, None, named=absent is not None)
            return matches or absent or self._declined(question)
        if not in_conversation:  # in a conversation, the office was chosen already
            which = which_plan(
                question, hits, self.retriever, tie_ratio=self.config.plan_tie_ratio, max_choices=self.config.plan_choices
            )
            if which is not None:
                return which
        pool = self._pool(query, hits, question, first=not in_conversation)
        # The remembered subject found the passages; which sentence answers is decided by
        # what the follow-up itself asks ("còn với công chức?" → the sentence on civil
        # servants; "kinh phí thì sao?" → the budget line, not the first turn's target again).
        # Only a message with no word of its own at all is quoted by the remembered topic.
        # A message pointing back at the thing by a generic noun ("chỉ số này") is quoted
        # with the remembered topic, which names the thing ("EGDI").
        own = followup and self.scope.content_tokens(question) and not points_to_named(question)
        quote_by = with_records_terms(question) if own else query
        units = self._quote(quote_by, pool, question)
        answer = self._compose(question, pool, units, hits)
        quoted = answer.sources[: max(answer.more[0], 1)] if answer.more else answer.sources
        evidence = " ".join(f"{s.citation} {s.title} {s.text}" for s in quoted)
        # A year asked must be in the quote or the cited titles and headings, not anywhere in
        # the chunk ("SIPAS năm 2025" is not answered by the 2023 figures of a note updated in 2025).
        identity = " ".join(f"{s.title} {s.heading}" for s in quoted)
        cited = " ".join(f"{s.citation} {s.title} {s.heading}" for s in quoted)
        missing = missing_focus(question, answer.body, evidence, identity, cited) or self._only_cited(question) \
            or self._unknown_acronym(question)
        if missing is not None:
            return absent or self._declined(question, top_score=answer.top_score, focus=missing)
        # A third turn still follows the first one's subject.
        topic = subject.topic if subject is not None else topic_of(query)
        remembered = replace_topic(answer.subject, topic)
        named = self._named_document(question, answer.sources)
        if remembered is not None and named is not None and named != remembered.doc_id:
            # "Chỉ thị 23/CT-TTg lấy gì làm thước đo …" may quote the ISO note's line on it
            # first; "ban hành ngày nào?" next still asks about the directive.
            remembered = remembered.model_copy(update={"doc_id": named, "section": None})
        return honest(self._unknown_first(question, known_first(answer.model_copy(update={"subject": remembered}), answer_shape(question))))

    def _unknown_first(self, question: str, answer: Answer) -> Answer:
        """``answer`` led by a later line saying the fact is unknown, when that line names a
        document the question names and the lead does not, and holds as much of the
        question's other words as the lead.

        "Nghị định 107/2021 … có hiệu lực từ ngày nào?" is led by the 2018 decree's dates,
        while the note's own line says "Ngày hiệu lực của Nghị định 107/2021/NĐ-CP chưa
        được đối chiếu": that line is the honest answer (and `honest` marks it a gap).
        A caveat on another document ("Điều khoản … Nghị định 42/2022 bãi bỏ Nghị định 43
        chưa được đối chiếu") leaves a lead that answers "mức độ 3 theo Nghị định 43" first.
        """
        asked = query_refs(question)
        if not asked:
            return answer
        ignore = set(search_syllables(" ".join(ref_words(question))))
        lead_refs = query_refs(answer.direct)
        lead = self._held(question, answer.direct, ignore=ignore)
        line = next(
            (d for d in answer.details
             if says_unknown(d) and (query_refs(d) & asked) - lead_refs and self._held(question, d, ignore=ignore) >= lead),
            None,
        )
        if line is None:
            return answer
        details = [answer.direct, *(d for d in answer.details if d is not line)]
        return answer.model_copy(update={"direct": line.lstrip("-+* "), "details": details})

    def _only_cited(self, question: str) -> str | None:
        """"reference" when ``question`` asks what a document says that the knowledge base only cites.

        "Kế hoạch 96/KH-UBND của UBND tỉnh giao chỉ tiêu gì cho các sở?": the Bình Phước plan
        implements it and names it, but its content was never loaded.
        """
        refs = {r for r in query_refs(question) if not YEAR.fullmatch(r.split(":")[-1])}  # "kế hoạch 2024" is a year
        if refs and refs.isdisjoint(self._described) and _ASKS_CONTENT.search(fold(question)):
            return "reference"
        return None

    def _unknown_acronym(self, question: str) -> str | None:
        """"acronym" when ``question`` names something by an acronym no document uses.

        "Chỉ số thành phần OSI của EGDI 2024 đạt bao nhiêu": the note gives EGDI, not its
        components; "DTI do cơ quan nào công bố": the plan names the index, never "DTI".
        Acronyms the search expands (TTHC, UBND, GPLX …) are known words.
        """
        unknown = [a for a in _ACRONYM.findall(question) if fold(a) not in ABBREVIATIONS and not self.scope.knows(a.lower())]
        return "acronym" if unknown else None

    def _named_document(self, question: str, sources: list[Source]) -> str | None:
        """The cited document whose number or title names the reference ``question`` gives ("Chỉ thị 23"), or None."""
        keys = query_refs(question)
        if not keys:
            return None
        documents = self.retriever.store.documents
        return next(
            (s.doc_id for s in sources
             if (meta := documents.get(s.doc_id)) is not None and _document_refs(meta) & keys),
            None,
        )

    def _evidence(self, query: str, prefer_doc: str | None = None, *, only_doc: bool = False) -> list[Hit]:
        """The hits allowed to answer, best first; empty when the question is out of scope.

        The best match being a procedure the question does not name ("thủ tục ly hôn" →
        "Đăng ký kết hôn") means the catalogue lacks the procedure asked for.
        """
        store = self.retriever.store
        if prefer_doc is not None and only_doc:
            # "Nghị định này còn áp dụng không?", "ai ký?": nothing but the remembered
            # document can be meant; its best chunks answer when it has any among the hits.
            wide = self.retriever.search(query, k=FETCH * 3)
            own = [h for h in wide if store.chunks[h.index].doc_id == prefer_doc]
            found = own[:FETCH] or wide[:FETCH]
        else:
            found = self.retriever.search(query, k=FETCH)
        if prefer_doc is not None:
            found = sorted(
                (replace(h, score=h.score * SUBJECT_DOC_BOOST) if store.chunks[h.index].doc_id == prefer_doc else h
                 for h in found),
                key=lambda h: h.score,
                reverse=True,
            )
        if prefer_doc is not None and self._is_plan(prefer_doc):
            # In a conversation about one office's plan, another office's plan does not
            # answer a follow-up that names no office: that office was never asked about.
            found = [h for h in found if (d := store.chunks[h.index].doc_id) == prefer_doc or not self._is_plan(d)]
        hits = [h for h in found if self._may_answer(query, h)]
        # In a conversation, the remembered document leading the hits is the evidence the
        # follow-up asks about ("năm 2019 thì sao" after SIPAS 2020): the scope gate, which
        # guards a cold question against the nearest unrelated passage, is not asked again.
        on_subject = prefer_doc is not None and bool(hits) and store.chunks[hits[0].index].doc_id == prefer_doc
        if not hits or hits[0] is not found[0] or not (on_subject or self._in_scope(query, found)):
            return []
        return hits

    def _led_by_other_plan(self, answer: Answer, doc_id: str) -> bool:
        """Whether ``answer`` is led by a plan other than plan ``doc_id`` (its lines may mix in a note's)."""
        led = answer.subject.doc_id if answer.subject is not None else None
        return self._is_plan(doc_id) and led is not None and led != doc_id and self._is_plan(led)

    def _document_of(self, hit: Hit) -> DocumentMeta | None:
        """The metadata of the document ``hit`` belongs to."""
        return self.retriever.store.documents.get(self.retriever.store.chunks[hit.index].doc_id)

    def _is_plan(self, doc_id: str) -> bool:
        meta = self.retriever.store.documents.get(doc_id)
        return meta is not None and meta.doc_type == PLAN_DOC_TYPE

    def _pool(self, query: str, hits: list[Hit], asked: str | None = None, *, first: bool = False) -> list[tuple[Hit, float]]:
        """The chunks an answer may quote, with their weights (best hits and their section's pieces).

        ``asked`` is the message as typed, when ``query`` is a follow-up's rewriting; ``first``:
        the message opens a conversation (no remembered subject).
        """
        cfg = self.config
        top = [h for h in hits[: cfg.pool_size] if h.score >= cfg.pool_min_ratio * hits[0].score]
        header = self._headers.get(self.retriever.store.chunks[top[0].index].doc_id)
        if header is not None and asks_identity(query):
            # "Ký ngày nào?", "số mấy?": the document's own header (number, place, date) answers.
            top = [Hit(index=header, score=top[0].score), *(h for h in top if h.index != header)][: cfg.pool_size]
        named = self.retriever.split_identity(query)[0]
        if named:
            # "Sở KH&CN Quảng Ngãi …": only the plans of the office named may answer, however
            # well another office's section of the same name matches.
            store = self.retriever.store
            most = max(named.values())  # "Sở Tài chính Sóc Trăng": the office, not every Sóc Trăng plan
            top = [h for h in top if named.get(store.chunks[h.index].doc_id) == most] or top
        aspect: list[Hit] = []
        if asked is not None and asked != query:
            aspect = self._plan_aspect(asked, hits)
        elif first:
            # A first question names the office and the plan ("Ban Quản lý các KCN Sóc Trăng
            # tuyên truyền CCHC 2024 cho đối tượng nào"): the part is asked of what remains.
            aspect = self._plan_aspect(self._without_plan_identity(query, hits[0]), hits)
        if aspect:
            # "Đơn vị nào chịu trách nhiệm chính?" of a plan: its organisation part answers.
            return self._with_siblings(aspect)
        if top[0].section and self._asks_section_only(query, top[0]):
            # "Mục đích của kế hoạch ... là gì": the section named is the whole answer; other
            # chunks of the plan only repeat its title (the preamble, a long content lead-in),
            # and the same section of another plan would spend the budget on the wrong list.
            doc = self.retriever.store.chunks[top[0].index].doc_id
            top = [h for h in top if h.section and self.retriever.store.chunks[h.index].doc_id == doc]
            return self._with_siblings(top)
        return self._with_siblings(self._with_key_terms(query, top, hits))

    def _with_key_terms(self, query: str, top: list[Hit], hits: list[Hit]) -> list[Hit]:
        """``top`` with the hit of the same document below it that holds clearly more of the
        question's own words, weighed as the best.

        "Kế hoạch … huyện Ninh Giang yêu cầu niêm yết thủ tục hành chính thế nào?": the plan's
        "Yêu cầu" section leads on its heading, but only its "Hình thức" section says
        "Niêm yết công khai …"; the words the question asks about decide which lines answer.
        """
        store = self.retriever.store
        doc = store.chunks[top[0].index].doc_id
        meta = store.documents.get(doc)
        title = set(search_syllables(f"{meta.doc_type} {meta.title}")) if meta else set()
        # Content tokens as typed ("cấm" is not the stopword "cảm"), less the office and the title.
        topic = self.scope.content_tokens(self.retriever.split_identity(query)[1])
        rest = " ".join(t for t in topic if fold(t) not in title and not YEAR.fullmatch(t))
        if not rest:
            return top
        pooled = [i for h in top for i in self._section_run(h.index)]
        held = self.scope.best_coverage(rest, pooled)
        shown = {h.index for h in top}
        better = [
            (cover, h) for h in hits[:FETCH] if h.index not in shown and store.chunks[h.index].doc_id == doc
            and (cover := self.scope.coverage(rest, h.index)) >= held + self.config.key_term_margin
        ]
        if not better:
            return top
        _, lifted = max(better, key=lambda pair: pair[0])
        return [top[0], replace(lifted, score=top[0].score), *top[1:]][: self.config.pool_size]

    def _quote(self, query: str, pool: list[tuple[Hit, float]], asked: str | None = None) -> list[Unit]:
        """The units to quote, scored over the whole pool and packed within the budget.

        The short budget holds when one unit clearly answers; a list (asked for, or the best
        unit opens one or belongs to one) and a near tie between the two best units get the
        longer one, since cutting either loses the fact more often than it saves a scroll.
        """
        # Sentences are scored on the topic words only: the office's name, when the question
        # gives it, is in every sentence of the right document and in none of the others.
        tokens = self._topic_tokens(query, self.retriever.store.chunks[pool[0][0].index].doc_id)
        # The title discounted is that of the document the pool quotes first, which is not
        # the best hit when a named office's filter left that hit out.
        idf, pair = self._unit_idf(pool[0][0], asked or query)
        terms = QueryTerms(tokens, idf, pair, self.scope.phrases(query))
        # The units' cosines are taken to the question as asked (its vector is cached), not to
        # the rewritten query: a second embedding would double the answer's cost.
        passages = self._passages(asked or query, pool)
        scored = score_units(passages, terms, answer_shape(query), self._restated_title(pool[0][0], asked or query))
        if not scored:
            return []
        top = max(scored, key=lambda u: (u.value, -u.passage, -u.position))
        # A list: asked for, or the best unit opens one, belongs to one, or is an item of the
        # very section the question names ("mục tiêu … là gì").
        named_item = passages[top.passage].named and is_item(top.text)
        is_list = bool(top.lead) or is_lead_in(top.text) or named_item or asks_list(query)
        values = sorted((u.value for u in scored), reverse=True)
        unsure = len(values) > 1 and values[1] >= self.config.unsure_ratio * values[0]
        budget = self.config.list_chars if is_list or unsure else self.config.body_chars
        return pack(scored, passages, budget, terms)

    def _compose(self, question: str, pool: list[tuple[Hit, float]], units: list[Unit], hits: list[Hit]) -> Answer:
        """Lay the quoted units out: the answering unit first, then its context, citation and options."""
        store = self.retriever.store
        lines = _lead_first(units)
        best = max(units, key=lambda u: u.value) if units else None
        if best is None:
            return self._declined(question, top_score=hits[0].score)
        hit = pool[best.passage][0]
        chunk = store.chunks[hit.index]
        meta = store.documents[chunk.doc_id]
        used = {pool[u.passage][0].index for u in units}
        sources = [self._source(hit)] + [self._source(pool[p][0]) for p in sorted({u.passage for u in units})
                                         if pool[p][0].index != hit.index]
        shown = {(s.doc_id, s.section) for s in sources}
        for other in hits:
            source = self._source(other)
            if other.index not in used and (source.doc_id, source.section) not in shown:
                shown.add((source.doc_id, source.section))
                sources.append(source)
        body = "\n".join(lines)
        quoted = dict.fromkeys(store.chunks[pool[u.passage][0].index].doc_id for u in units)
        others = [store.documents[d].label() for d in quoted if d != chunk.doc_id]
        notes = [n for n in (replaced_note(meta), stale_note(meta, body)) if n]
        first_more = len({u.passage for u in units})
        return Answer(
            question=question,
            found=True,
            kind="document",
            direct=lines[0],
            details=lines[1 : 1 + self.config.max_details],
            citation=short_citation(meta, chunk).model_copy(update={"others": others}),
            notes=list(dict.fromkeys(notes)),
            sources=sources,
            more=list(range(first_more, min(len(sources), first_more + self.config.more_buttons))),
            # A checked entry's chunk found by search is that procedure: its follow-ups go to the record.
            subject=Subject(
                doc_id=chunk.doc_id,
                section=chunk.section,
                procedure_id=procedure_id_of(chunk.chunk_id) if meta.doc_type == PROCEDURE_DOC_TYPE else None,
            ),
            top_score=hits[0].score,
        )

    def _declined(self, question: str, *, top_score: float = 0.0, focus: str | None = None) -> Answer:
        """The honest "not in the documents" answer (with what the question asked for, when known)."""
        if focus == "status":
            direct = messages.DECLINE_STATUS
        elif focus is not None:
            direct = messages.DECLINE_FOCUS.format(what=messages.DECLINE_FOCUS_WHAT[focus])
        else:
            direct = messages.NOT_FOUND
        return Answer(question=question, found=False, kind="not_found", direct=direct, top_score=top_score)

    # ------------------------------------------------------------------ procedures

    def _procedure(self, question: str, *, own_case: bool = True) -> Answer | None:
        """A question about a catalogue procedure, resolved over the whole catalogue; None if it names none.

        A procedure the catalogue lacks is declined (never answered from a neighbour);
        several fitting versions get a question back with one button each. ``own_case``:
        see ``ProcedureMatcher.match_checked`` (off after a procedure, whose record the story may be about).
        """
        if self.procedures is None:
            return None
        resolution = self.procedures.resolve(question)
        if isinstance(resolution, Matched) and resolution.entry.source != SOURCE_CHECKED:
            return self._entry_question(question, resolution.entry, resolution.fields, resolution.all_fields)
        absent = resolution if isinstance(resolution, Absent) else None
        match = self._match_checked(question, absent, own_case=own_case)  # checked entries: their citizens' aliases decide
        if isinstance(resolution, Ambiguous):
            codes = set(match.procedure.portal_codes) if match is not None else set()
            if not codes or any(c.entry.code not in codes for c in resolution.candidates):
                return clarify_answer(question, resolution)
            # "Làm mất thẻ căn cước thì làm lại hết bao nhiêu tiền": the portal's versions
            # (cấp xã, cấp tỉnh, cấp bộ) are all summarised by one checked entry; it answers.
        entry = self.procedures.get(match.procedure.id) if match is not None else None
        if entry is not None and match is not None:
            return self._asked_of_entry(question, entry)
        if isinstance(resolution, Matched):
            return self._entry_question(question, resolution.entry, resolution.fields, resolution.all_fields)
        if isinstance(resolution, Absent) and _PROCEDURE_WORDS.search(fold(question)):
            return absent_answer(question, resolution)
        return None

    def _match_checked(
        self, question: str, absent: Absent | None = None, *, avoid: str | None = None, own_case: bool = True
    ) -> ProcedureMatch | None:
        """The checked entry ``question`` asks about, of those whose aliases it holds.

        Copying a paper is the certification, whatever the paper ("sổ hộ khẩu cũ 12 trang,
        tôi cần sao y 3 bản"); a paper handed in ("có phải nộp giấy khai sinh để chứng minh
        mẹ con không") is not the procedure it is named after, when another is named.
        """
        if self.procedures is None:
            return None
        copying = _COPY_ACTION.search(fold(question))
        if copying is not None:  # a copy certified, whichever paper it is
            match = self.procedures.match_checked("chung thuc ban sao", avoid=avoid)
            if match is not None:
                return match
        for rest in _without_asides(question):  # a paper handed in or compared with is not what is asked
            match = self.procedures.match_checked(rest, absent, avoid=avoid, own_case=own_case)
            if match is not None:
                return match
        return self.procedures.match_checked(question, absent, avoid=avoid, own_case=own_case)

    def _aside(self, question: str) -> str | None:
        """``question`` without the procedure it names only aside (a paper handed in, a matter
        compared with), when that was the only one it named; else None."""
        for rest in _without_asides(question):
            if self.procedures is not None and self.procedures.match_checked(rest) is None and not self._names_matched(rest):
                return rest
        return None

    def _names_matched(self, question: str) -> bool:
        """Whether the resolver matches ``question`` to a record whose name it holds enough of.

        "giấy tờ có cần mang theo không" resolves to a record "… mang theo người" by two
        words; it names no procedure of its own.
        """
        resolution = self.procedures.resolve(question) if self.procedures is not None else None
        return isinstance(resolution, Matched) and _holds_name(question, (resolution.entry.name,))

    def _names_procedure(self, question: str, answer: Answer) -> bool:
        """Whether ``question`` holds enough of the name of the procedure ``answer`` is about to leave a conversation for it.

        "Có phải mang theo giấy tờ gì không" after the identity card shares "mang theo"
        with "Cấp giấy chứng nhận kiểm dịch động vật … mang theo người", and nothing else.
        """
        entry = self.procedures.get(answer.subject.procedure_id) if self.procedures and answer.subject and answer.subject.procedure_id else None
        if entry is None or answer.kind != "procedure":
            return True
        return _holds_name(question, (entry.name, *entry.aliases))  # "nhập hộ khẩu" is a citizens' name of "Đăng ký thường trú"

    def _other_checked(self, question: str, remembered: str) -> Answer | None:
        """The answer about a checked entry, other than ``remembered``, whose alias ``question`` holds, or None.

        Of two such entries, the one named last is asked about; the first is the circumstance.
        """
        match = self._match_checked(question, avoid=remembered)
        if match is not None and _COPY_ACTION.search(fold(question)) is None:
            # "Con 15 tuổi có thẻ căn cước rồi thì được cấp VNeID mức 2 chưa?": VNeID.
            other = self.procedures.match_checked(question, avoid=match.procedure.id)
            words = fold(question).split()

            def end(alias: str) -> int:  # where the alias's words last occur in the question
                own = set(fold(alias).split())
                return max((i for i, w in enumerate(words) if w in own), default=-1)

            if other is not None and other.procedure.id != remembered and end(other.alias) > end(match.alias):
                match = other
        entry = self.procedures.get(match.procedure.id) if match is not None else None
        return self._asked_of_entry(question, entry) if entry is not None else None

    def _asked_of_entry(self, question: str, entry: Entry) -> Answer:
        """The fields the whole question asks of a checked entry, or what its record says when it names none.

        "Làm hộ chiếu online cần điều kiện gì": the alias "làm hộ chiếu online" holds a cue of
        its own, the rest asks the condition; "thẻ mới có gửi về tận nhà không": the ways, in
        the records' words.
        """
        asked = requested_parts(with_records_terms(question))
        return self._entry_question(question, entry, asked or DEFAULT_FIELDS, not asked)

    def _leaves(self, question: str, subject: Subject, about_document: bool) -> bool:
        """Whether a short message leaves the remembered subject: it names one of its own,
        and (after a procedure) one that procedure's record does not speak of; after a
        document, one that does not ask about that document (``about_document``)."""
        if not names_new_subject(question):
            return False
        if not subject.procedure_id:
            # "Đơn vị nào chịu trách nhiệm chính?" after a plan: the plan speaks of it, though
            # a procedure's name holds "chịu trách nhiệm" too.
            return subject.doc_id is None or not about_document
        if self.procedures is None:
            return True
        # A common procedure's own alias ("cấp lại căn cước") always switches, even when the
        # remembered record mentions it ("căn cước/CCCD" in the passport's documents).
        # Not a short alias amid words of the asker's case: "can cuoc 9 so cu co dung dc ko"
        # after the passport asks what that record says of the old card.
        if self.procedures.match_checked(question, own_case=False) is not None:
            return True
        return not self.procedures.covers(subject.procedure_id, question)

    def _body_matches(self, question: str, subject: Subject | None, *, named: bool) -> Answer | None:
        """The procedures whose record has a line holding the question's words, as choices; None if none.

        Asked for ("thủ tục nào cần …"), or, on a first message that names no procedure,
        as the last thing before the plain decline. Never a confident answer: a document
        named in a record does not make the question about that procedure, so the citizen
        picks (and the pick is answered from the record). A follow-up is about its subject,
        and a question naming a procedure the catalogue lacks is declined as such.
        """
        if self.procedures is None or subject is not None:
            return None
        if _ASKS_WHICH_PROCEDURE.search(fold(question)):
            min_coverage = BODY_COVERAGE_ASKED
        elif not named:
            min_coverage = BODY_COVERAGE_UNASKED
        else:
            return None
        hits = [h for h in self.procedures.search_text(question, k=BODY_CHOICES * 2) if h.coverage >= min_coverage]
        return body_matches_answer(question, hits[:BODY_CHOICES]) if hits else None

    def answer_about(self, question: str, procedure_id: str) -> Answer:
        """``question`` answered about one catalogue entry (a version picked from a clarifying question)."""
        entry = self.procedures.get(procedure_id) if self.procedures else None
        if entry is None:
            return self._declined(question)
        fields = requested_parts(question)
        return self._entry_question(question, entry, fields or DEFAULT_FIELDS, not fields)

    def _entry_question(self, question: str, entry: Entry, fields: tuple[str, ...], all_fields: bool) -> Answer:
        """The fields asked; when none is named, what the record says about the question, else a summary.

        "Nam bao nhiêu tuổi thì được đăng ký kết hôn?" names no field but asks about a
        condition written in the record; only a question that asks nothing beyond the name
        ("thủ tục đăng ký kết hôn") gets the whole-procedure summary.
        """
        subject = Subject(procedure_id=entry.id, topic=" ".join([entry.name, *entry.aliases]))
        record = entry.record or entry.procedure
        text = record.model_dump_json() if record is not None else ""
        missing = missing_in_record(question, text)
        if missing is None and "fee" in fields and not all_fields and missing_place(question, text) is not None:
            # "Lệ phí kết hôn ở Sóc Trăng": the province's council sets it; the record's fee is not it.
            missing = "place"
        if missing is not None:
            return self._declined(question, focus=missing)
        if all_fields:
            quoted = self._record_quote(question, subject, entry, min_share=SUMMARY_WORD_SHARE)
            if quoted is not None:
                return quoted
        # Within a field, the citizen's words in the records' own ("của mình" → "tùy thân") pick the lines.
        parts = self.procedures.answer_fields(entry, fields, with_records_terms(question)) if self.procedures else None
        if parts is None:
            return self._declined(question)
        budget = self.config.list_chars if "documents" in fields[:1] else self.config.body_chars
        answer = entry_answer(
            question, parts, entry, max_lines=self.config.max_details, all_fields=all_fields, budget=budget
        )
        index = self._procedure_chunks.get(entry.id)
        if index is not None:  # the checked entry's whole text, one "Xem thêm" away
            answer = answer.model_copy(update={"sources": [self._source(Hit(index=index, score=1.0))], "more": [0]})
            if not all_fields:
                answer = self._with_record_line(question, entry, answer)
                if "time_limit" in fields and asks_deadline(question):
                    answer = self._deadline_first(question, entry, answer)
        remembered = {"topic": entry.name, "fields": [] if all_fields else list(fields)}
        return honest(answer.model_copy(update={"subject": subject.model_copy(update=remembered)}))

    def _with_record_line(self, question: str, entry: Entry, answer: Answer) -> Answer:
        """``answer`` with the record's sentence on what the question adds to the field, when one says it.

        "Có phải nộp giấy tờ gì không" asks the documents, and the record's notes say
        "Không cần nộp giấy tờ: …"; "khi nào phải đổi thẻ" asks the time and the notes say
        when. The field stays first; that sentence comes right after it.
        """
        # Within the record, the question's own words decide (the name is in every line).
        _, units = self._record_units(with_records_terms(question), self._procedure_chunks[entry.id], question)
        if not units:
            return answer
        shown = " ".join([answer.direct, *answer.details])
        named = set(search_syllables(entry.name))
        # The record's line for the field already shown ("Thời hạn giải quyết: …") adds
        # nothing: the best line not shown yet that holds a word of the question is added.
        # A line holding the kind of value asked also counts ("phải đi khai tử trong bao lâu":
        # "Trong 15 ngày kể từ ngày có người chết …" shares no word but the duration).
        shape = answer_shape(question)
        # A line holding a word of the question comes before one that only has the shape
        # ("phải xác minh thì chờ tới bao giờ": the note on "cần xác minh", not a law's year).
        held = {id(u): self._held(question, u.text, ignore=named) for u in units}
        fresh = [
            u.text for u in sorted(units, key=lambda u: (held[id(u)] <= 0, -u.value))
            if u.text.split(": ", 1)[-1][:60] not in shown
            and (held[id(u)] > 0 or (shape is not None and shape.search(u.text)))
        ]
        if not fresh:
            return answer
        details = self._fit(answer.direct, [_record_line(fresh[0]), *answer.details])
        return answer.model_copy(update={"details": details})

    def _deadline_first(self, question: str, entry: Entry, answer: Answer) -> Answer:
        """``answer`` led by the record's line on the time the citizen is given, when it has one.

        "Trong bao lâu phải đi khai tử?" is answered by "Trong 15 ngày kể từ ngày có người
        chết …" (the notes), not by how long the office takes (the time limit, kept after it).
        """
        # Every line of the record: "hạn chót là bao lâu" shares no word with the one that answers.
        pool = self._with_siblings([Hit(index=self._procedure_chunks[entry.id], score=1.0)])
        texts = [line for hit, _ in pool for line, _ in text_unit_lines(self.retriever.store.chunks[hit.index].text)]
        named = set(search_syllables(entry.name))
        name = " ".join(search_syllables(entry.name))

        def rank(text: str) -> tuple[float, bool]:
            # The line holding the message's own words ("khai báo cư trú … trong mấy ngày");
            # else the one naming the procedure itself ("phải đăng ký khai sinh … trong 60 ngày").
            return -self._held(question, text, ignore=named), name not in " ".join(search_syllables(text))

        # The fee's "miễn khi đăng ký đúng hạn (trong 15 ngày …)" names the time in passing.
        lines = sorted((t for t in texts if DEADLINE_LINE.search(t) and not _FEE_LINE.match(t)), key=rank)
        if not lines:
            return answer
        lead = _record_line(lines[0])
        details = self._fit(lead, [answer.direct, *(d for d in answer.details if d != lines[0])])
        return answer.model_copy(update={"direct": lead, "details": details})

    def _fit(self, direct: str, details: list[str]) -> list[str]:
        """``details`` less its last lines until the body fits ``body_chars`` (the first one always stays)."""
        details = list(details)
        while details[1:] and sum(len(text) + 1 for text in [direct, *details]) > self.config.body_chars:
            details.pop()
        while details[1:] and details[-1].endswith(":"):
            details.pop()  # a field's label whose lines were cut ("Cách thức nộp:" and nothing after it)
        return details

    def _stays_on_document(self, question: str, subject: Subject) -> bool:
        """Whether a short message with words of its own still asks about the remembered document.

        "Báo cáo định kỳ vào lúc nào?" after a plan names no document, office or place of
        its own, and the plan speaks of periodic reports: it asks about that plan, not about
        whichever plan of another office the words alone would find first.
        """
        if not self._names_nothing_else(question, subject):
            return False
        own = own_words(question, subject)
        chunks = self._doc_chunks.get(subject.doc_id, [])
        return bool(own and chunks) and self.scope.best_coverage(" ".join(own), chunks) >= DOCUMENT_WORD_SHARE

    def _procedure_followup(self, question: str, subject: Subject) -> Answer | None:
        """A follow-up about the remembered procedure.

        "còn lệ phí thì sao?" gets the fields it asks for; "ai phải đồng ý?" asks for no
        field, so it is answered by quoting the procedure's own record (its documents, notes
        and conditions) when the quote holds most of the message's own words.

        Returns:
            The answer, or None when the record does not cover the message.
        """
        entry = self.procedures.get(subject.procedure_id) if self.procedures and subject.procedure_id else None
        if entry is None:
            return None
        fields = requested_parts(with_records_terms(question))  # "ship về nhà": "qua bưu chính", a way to receive
        if not fields and subject.fields and continues(question):
            # "Lệ phí làm căn cước?" then "còn cấp lại do mất thẻ?": the same field, another case.
            fields = tuple(subject.fields)
        if fields and len(own_words(question, subject)) <= CASE_WORDS:
            return self._echoed_line(question, subject, entry) or self._entry_question(question, entry, fields, all_fields=False)
        return self._record_quote(question, subject, entry)

    def _echoed_line(self, question: str, subject: Subject, entry: Entry) -> Answer | None:
        """The record's line that repeats ``ECHO_RUN`` syllables of ``question`` in a row, quoted first; or None."""
        index = self._procedure_chunks.get(entry.id)
        if index is None:
            return None
        pool, units = self._record_units(with_records_terms(question), index, question)
        asked = search_syllables(question)
        echo = next((u for u in units if _longest_run(asked, search_syllables(u.text)) >= ECHO_RUN), None)
        if echo is None:
            return None
        units = [replace(echo, value=max(u.value for u in units) + 1.0), *(u for u in units if u is not echo)]
        return self._record_answer(question, pool, units, index, subject, entry)

    def _record_answer(
        self, question: str, pool: list[tuple[Hit, float]], units: list[Unit], index: int, subject: Subject, entry: Entry
    ) -> Answer:
        """The answer quoting ``units`` of a checked entry's record (chunk ``index``), remembered as that entry."""
        answer = self._compose(question, pool, units, [Hit(index=index, score=1.0)])
        return honest(answer.model_copy(update={"kind": "procedure", "subject": subject.model_copy(update={"topic": entry.name})}))

    def _record_quote(
        self, question: str, subject: Subject, entry: Entry, *, min_share: float = RECORD_WORD_SHARE, case_only: bool = False
    ) -> Answer | None:
        """What a checked entry's record says about the question's own words (at least ``min_share`` of them), or None.

        ``case_only``: the question is known to be about this entry (see `_lean_on_record`);
        its best units answer whatever words they share.
        """
        index = self._procedure_chunks.get(entry.id)
        terms = records_terms(question)
        own = list(dict.fromkeys(own_words(terms or question, subject)))  # a word said twice counts once
        if not own and terms and not requested_parts(with_records_terms(question)):
            # The records' words for the story ("phẫu thuật, nhìn khác hẳn ảnh" → "nhân dạng") may
            # also be in one of the entry's aliases; they are still what the story asks about
            # (a field asked, "qua mạng mất lệ phí bao nhiêu", is answered by that field instead).
            own = self._asked_syllables(terms, entry)
        # "Phiếu số 1 và số 2 khác nhau thế nào", "mức 2 dùng để làm gì": a comparison or a
        # purpose asks what the record says of the procedure itself, with no word of its own.
        intent = _ASKS_ABOUT_ITSELF.search(fold(question)) is not None
        if not own and not intent and is_short(question):
            # "đến nơi thì họ thu những gì": every word is a cue, and the cue words are all
            # it has; the record's line holding them ("thu ảnh khuôn mặt, vân tay") answers.
            own = self._asked_syllables(question, entry)
            min_share = max(min_share, CUE_WORD_SHARE)
        intent = intent or case_only
        if index is None or not (own or intent):
            return None
        # The question's own words decide: every line of the record is about the procedure,
        # so its name would only favour the lines that repeat it ("hai người cùng giới có
        # đăng ký được không": "cùng giới", not every line on "đăng ký").
        pool, units = self._record_units(with_records_terms(_without_name(question, entry.name)), index, question)
        if terms and not set(search_syllables(terms)) <= set(search_syllables(" ".join(u.text for u in units))):
            # "Chồng tôi đi biển cả tháng, …, nhờ chị gái đi làm khai sinh cho cháu được không":
            # the story's words outweigh the one phrase that asks ("nhờ chị gái" → "ủy quyền").
            pool, units = self._record_units(terms, index, question)
        quoted = set(search_syllables(" ".join(u.text for u in units)))
        if not units or (not intent and sum(w in quoted for w in own) < max(min_share * len(own), 1)
                         and not self._shaped(question, entry, units)):
            return None
        return self._record_answer(question, pool, units, index, subject, entry)

    def _shaped(self, question: str, entry: Entry, units: list[Unit]) -> bool:
        """Whether the best of a record's ``units`` holds the kind of value ``question`` asks
        for and one of its words: "tờ khai điền theo mẫu nào" → "Tờ khai … (mẫu CT01)"."""
        shape = answer_shape(question)
        best = max(units, key=lambda u: u.value)
        asked = set(self._asked_syllables(question, entry))
        return shape is not None and shape.search(best.text) is not None and bool(asked & set(search_syllables(best.text)))

    def _asked_syllables(self, question: str, entry: Entry) -> list[str]:
        """The content syllables of ``question`` (cue words included), less the words of ``entry``'s name."""
        named = set(search_syllables(entry.name))
        return [w for w in dict.fromkeys(search_syllables(" ".join(self.scope.content_tokens(question)))) if w not in named]

    def _record_units(self, query: str, index: int, asked: str) -> tuple[list[tuple[Hit, float]], list[Unit]]:
        """The pool of a checked entry's record chunk (number ``index``) and its units quoted for ``query``."""
        hit = Hit(index=index, score=1.0)
        pool = self._with_siblings([hit])
        units = [u for u in self._quote(query, pool, asked) if u.value > 0]
        return pool, units

    # ------------------------------------------------------------------ helpers

    def _held(self, question: str, text: str, ignore: set[str]) -> float:
        """IDF weight of the question's content words (less ``ignore``) that ``text`` contains.

        Both sides are read as search syllables ("ký" is "kí"), and the question with the
        records' words for its citizens' phrases ("qua mạng" → "trực tuyến").
        """
        words = set(search_syllables(text)) - ignore
        asked = set(search_syllables(" ".join(self.scope.content_tokens(with_records_terms(question)))))
        return sum(self.scope.idf(w) for w in asked if w in words)

    def _topic_tokens(self, query: str, doc_id: str | None = None) -> list[str]:
        """The question's content syllables, as typed, minus the words that name an office or place.

        Taken from the question itself rather than the retriever's folded topic query: folded,
        "cấm", "cửa" and "cán" are the stopwords "cảm", "của" and "cần".
        """
        tokens = self.scope.content_tokens(query)
        offices, topic = self.retriever.split_identity(query)
        if doc_id is not None and doc_id not in offices:
            # "Bộ LĐTBXH nhập vào đâu" quoted from a note: the words naming a plan's office
            # are the question's subject there, not the owner of the passage.
            return tokens
        named = set(expanded_syllables(query)) - set(topic.split())
        return [t for t in tokens if fold(t) not in named] or tokens

    def _unit_idf(self, top: Hit, question: str = "") -> tuple[Callable[[str], float], Callable[[str, str], float]]:
        """IDF and bigram weight for choosing sentences, with the best document's title discounted.

        "Sở LĐTBXH Bình Phước tuyên truyền CCHC năm 2024 bằng hình thức nào" repeats the
        plan's title ("Thông tin, tuyên truyền cải cách hành chính năm 2024"): every unit of
        the plan is about that, so those words should not decide which unit answers; the
        remaining words ("hình thức") should.
        """
        meta = self._document_of(top)
        title = set(search_syllables(f"{meta.doc_type} {meta.title}")) if meta else set()
        # The same for the document the question names by number ("Quyết định 19/2014/QĐ-TTg
        # có hiệu lực từ ngày nào"): "hiệu lực" decides, not the number every line repeats.
        title |= set(search_syllables(" ".join(ref_words(question))))
        share = self.config.title_word_share
        return (
            lambda token: self.scope.idf(token) * (share if token in title else 1.0),
            # A bigram of two title words restates the title just as its words do.
            lambda a, b: share if a in title and b in title else 1.0,
        )

    def _restated_title(self, top: Hit, question: str) -> frozenset[str]:
        """The words of ``top``'s document title that ``question`` repeats, when it repeats
        at least ``QUESTION_TITLE_SHARE`` of them (a first question naming its plan), else none."""
        meta = self._document_of(top)
        title = set(unit_tokens(meta.title)) if meta else set()
        said = title.intersection(unit_tokens(question))
        return frozenset(said) if title and len(said) >= QUESTION_TITLE_SHARE * len(title) else frozenset()

    def _without_plan_identity(self, query: str, top: Hit) -> str:
        """``query``'s topic words (the office and place cut) less the words of ``top``'s document title."""
        meta = self._document_of(top)
        title = set(search_syllables(f"{meta.doc_type} {meta.title}")) if meta else set()
        topic = self.retriever.split_identity(query)[1]
        return " ".join(w for w in topic.split() if w not in title and not YEAR.fullmatch(w))

    def _plan_aspect(self, question: str, hits: list[Hit]) -> list[Hit]:
        """The chunks of the best hit's plan under the heading of the part ``question`` asks for
        (``plan_aspects``), or []; scored as retrieved, the others just below the hits."""
        store = self.retriever.store
        doc_id = store.chunks[hits[0].index].doc_id
        asked = plan_aspects(question) if self._is_plan(doc_id) else []
        if not asked:
            return []
        # The most specific heading naming the part: "2. Hình thức", not "II. Nội dung và hình thức".
        depth = {
            i: max((d for d, h in enumerate(store.chunks[i].heading_path, 1) if names_part(h, asked[0])), default=0)
            for i in self._doc_chunks[doc_id]
        }
        deepest = max(depth.values(), default=0)
        scores = {h.index: h.score for h in hits}
        floor = min(scores.values())
        part = [
            Hit(index=i, score=scores.get(i, floor), section=store.chunks[i].section)
            for i, d in depth.items() if d and d == deepest
        ]
        return sorted(part, key=lambda h: h.score, reverse=True)

    def _asks_section_only(self, question: str, top: Hit) -> bool:
        """Whether the question, beyond naming the document, only names ``top``'s section.

        Its topic words (office and place cut, stopwords dropped) minus the words of the
        document's title must all be words of the chunk's own heading, in that order.
        """
        store = self.retriever.store
        chunk = store.chunks[top.index]
        meta = store.documents.get(chunk.doc_id)
        title = set(search_syllables(fold(f"{meta.doc_type} {meta.title}"))) if meta else set()
        topic = self.scope.content_tokens(self.retriever.split_identity(question)[1])
        rest = [t for t in (fold(t) for t in topic) if t not in title]
        heading = search_syllables(fold(chunk.heading_path[-1])) if chunk.heading_path else []
        joined = " ".join(heading)
        return bool(rest) and f" {' '.join(rest)} " in f" {joined} "

    def _with_siblings(self, top: list[Hit]) -> list[tuple[Hit, float]]:
        """The answer pool: each top hit with its score's share of the best, followed by the other pieces of its section.

        A section's pieces are listed in document order at the place of its best hit.
        """
        pool: list[tuple[Hit, float]] = []
        seen: set[int] = set()
        # A hit weighs its fused score's share of the best one: three chunks of one plan
        # at 1.64, 1.52 and 1.51 are nearly equal evidence, whatever their ranks.
        best = top[0].score if top and top[0].score > 0 else 1.0
        for hit in top[: self.config.pool_size]:
            weight = hit.score / best
            if hit.index in seen:
                continue
            run = [j for j in self._section_run(hit.index) if j not in seen]
            near = sorted((j for j in run if j != hit.index), key=lambda j: abs(j - hit.index))[: self.config.max_siblings]
            for j in sorted([hit.index, *near]):
                seen.add(j)
                if j == hit.index:
                    pool.append((hit, weight))
                else:
                    pool.append((Hit(index=j, score=hit.score * self.config.sibling_share, section=hit.section), weight * self.config.sibling_share))
        return pool

    def _section_run(self, index: int) -> list[int]:
        """Indices of the contiguous chunks that share chunk ``index``'s document and heading path."""
        chunks = self.retriever.store.chunks
        key = (chunks[index].doc_id, chunks[index].heading_path)
        start = index
        while start > 0 and (chunks[start - 1].doc_id, chunks[start - 1].heading_path) == key:
            start -= 1
        end = index
        while end + 1 < len(chunks) and (chunks[end + 1].doc_id, chunks[end + 1].heading_path) == key:
            end += 1
        return list(range(start, end + 1))

    def _passages(self, question: str, pool: list[tuple[Hit, float]]) -> list[Passage]:
        """The pool's chunks as passages: heading, open list lead-in and unit cosines."""
        store = self.retriever.store
        query = self.retriever.dense.query_vector(question) if store.unit_vectors is not None else None
        passages = []
        for hit, weight in pool:
            chunk = store.chunks[hit.index]
            lead = ""
            for j in self._section_run(hit.index):
                if j >= hit.index:
                    break
                lead = trailing_lead(store.chunks[j].text, lead)
            vectors = store.chunk_unit_vectors(hit.index)
            dense = (vectors @ query).tolist() if vectors is not None and query is not None else None
            whole = chunk.heading_path == [HEADER_TITLE]
            weight *= 1.0 + self.config.section_boost if hit.section else 1.0
            passages.append(
                Passage(chunk.text, weight, " ".join(chunk.heading_path), lead, dense, whole, named=hit.section)
            )
        return passages

    def _may_answer(self, question: str, hit: Hit) -> bool:
        """False for a catalogue procedure the question does not name (see ``ProcedureMatcher.names``)."""
        store = self.retriever.store
        chunk = store.chunks[hit.index]
        meta = store.documents.get(chunk.doc_id)
        if self.procedures is None or meta is None or meta.doc_type != PROCEDURE_DOC_TYPE:
            return True
        return self.procedures.names(question, procedure_id_of(chunk.chunk_id))

    def _in_scope(self, question: str, hits: list[Hit]) -> bool:
        if any(h.ref for h in hits[:1]):
            return True
        t = self.config.scope
        top = hits[: t.candidates]
        coverage = self.scope.best_coverage(question, [h.index for h in top])
        dense = max(h.dense for h in top)
        if dense < t.min_dense:
            return False
        return coverage >= t.min_coverage or (coverage >= t.weak_coverage and dense >= t.strong_dense)

    def _source(self, hit: Hit) -> Source:
        store = self.retriever.store
        chunk = store.chunks[hit.index]
        meta = store.documents[chunk.doc_id]
        return Source(
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            title=meta.title,
            number=meta.number if meta.number and not meta.number.startswith("/") else None,
            issuer=meta.issuer,
            date=meta.date_text or meta.date,
            section=chunk.section,
            heading=chunk.heading_path[-1] if chunk.heading_path else "",
            text=chunk.text,
            score=round(hit.score, 4),
            citation=citation(meta, chunk),
            note=replaced_note(meta),
        )


def known_first(answer: Answer, shape: Shape | None) -> Answer:
    """A document answer led by a line saying the fact is unknown, led instead by a later line
    holding the kind of value asked, when one does ("nghị định nào định nghĩa vậy": the line
    "Theo Nghị định 45/2020/NĐ-CP …", not "Tình trạng hiệu lực … chưa được đối chiếu", kept after it)."""
    if shape is None or not says_unknown(answer.direct):
        return answer
    for i, line in enumerate(answer.details):
        if shape.search(line) and not says_unknown(line):
            details = [answer.direct, *answer.details[:i], *answer.details[i + 1:]]
            return answer.model_copy(update={"direct": line.lstrip("-+* "), "details": details})
    return answer


def honest(answer: Answer) -> Answer:
    """``answer``, marked not found when what it leads with says the fact is unknown.

    "Lệ phí: Danh mục chưa có thông tin đã kiểm chứng…" is the right thing to show, and a
    gap: it is logged as unanswered, and the conversation keeps its previous subject.
    """
    if answer.found and says_unknown(answer.direct):
        return answer.model_copy(update={"found": False, "more": []})
    return answer


def _document_refs(meta: DocumentMeta) -> set[str]:
    """The reference keys a document is known by: its number, and those its title gives ("Chỉ thị 23/CT-TTg …")."""
    return query_refs(f"{meta.title} {meta.number or ''}")


def _names_topic_of(question: str, subject: Subject, answer: Answer) -> bool:
    """Whether a word of ``question``'s own (beside ``subject``'s) is in the title or heading
    of the document that answers it: "Chỉ số PAR INDEX là gì?" names the note on the indices.

    Two of them when it has two or more: "dia chi ghi xa cu thi co phai sua ngay khong" after
    the household business shares only "ghi" with the heading "Ghi chú này còn dùng được không?".
    """
    source = answer.sources[0] if answer.sources else None
    identity = set(fold(f"{source.title} {source.heading}").split()) if source else set()
    own = set(own_words(question, subject))
    return len(own & identity) >= min(2, len(own)) > 0


def _without_name(question: str, name: str) -> str:
    """``question`` without the runs of the procedure ``name``'s syllables (the whole question if nothing else is left).

    Only runs of two or more: "làm khai sinh … không có giấy chứng sinh" keeps the "sinh" of
    "giấy chứng sinh", the paper asked about.
    """
    named = set(search_syllables(name))
    words = syllables(question)
    inside = [bool(own) and own <= named for own in (set(search_syllables(w)) for w in words)]
    rest = [
        w for i, w in enumerate(words)
        if not (inside[i] and any(inside[j] for j in (i - 1, i + 1) if 0 <= j < len(words)))
    ]
    return " ".join(rest) or question


def _holds_name(question: str, names: tuple[str, ...]) -> bool:
    """Whether ``question`` holds ``SWITCH_NAME_SHARE`` of the content syllables of one of ``names``."""
    asked = set(search_syllables(question))
    for name in names:
        words = {w for w in search_syllables(name) if w not in STOPWORDS}
        if not words or len(words & asked) >= SWITCH_NAME_SHARE * len(words):
            return True
    return False


def _without_asides(question: str) -> list[str]:
    """``question`` (folded) without the papers it hands in, then without what it compares
    with ("… so với giấy khai sinh"), each only when that changed it."""
    asked = fold(question).strip(" ?.!…")
    return [rest for rest in (without_papers(question), without_comparison(question)) if rest != asked]


def _record_line(text: str) -> str:
    """A record's line as added to an answer: cut at a word to ``RECORD_LINE_CHARS``."""
    return clip_words(text, RECORD_LINE_CHARS) if len(text) > RECORD_LINE_CHARS else text


def replace_topic(subject: Subject | None, topic: str) -> Subject | None:
    """``subject`` with its topic words set (a new object; answers are not mutated elsewhere)."""
    return subject.model_copy(update={"topic": topic}) if subject is not None else None


def _lead_first(units: list[Unit]) -> list[str]:
    """The quoted lines, the one that answers first.

    Units come in (passage, position) order. The best one leads, unless it is an item of a
    quoted list: a list keeps its lead-in and its order. The rest follow in document order.
    """
    if not units:
        return []
    best = max(units, key=lambda u: u.value)
    if best.lead and any(u.text.startswith(best.lead[:40]) for u in units if u.passage == best.passage):
        start = next(u for u in units if u.passage == best.passage and u.text.startswith(best.lead[:40]))
        first = units.index(start)
        ordered = units[first:] + units[:first]
    else:
        ordered = [best, *(u for u in units if u is not best)]
    return [u.text for u in ordered]


def _longest_run(a: list[str], b: list[str]) -> int:
    """The length of the longest run of syllables ``a`` and ``b`` share in the same order."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
