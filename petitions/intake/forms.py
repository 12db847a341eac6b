"""Forms for the citizen's online petition, the tracking look-up and desk intake.

The forms only carry the fields: every rule lives in petitions.intake.validation, so the
pages say exactly what the API says. `to_payload` turns a form into the API's JSON shape.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import InputRequired

from petitions.attachments import ACCEPT_ATTRIBUTE
from petitions.cases.subjects import SUBJECT_AREAS
from petitions.forms import Form
from petitions.intake import labels
from petitions.intake.validation import (
    MAX_ADDRESS,
    MAX_CO_PETITIONERS,
    MAX_CONTENT,
    MAX_EMAIL,
    MAX_NAME,
    MAX_TITLE,
)

# Rows shown at first; the list grows a row at a time ("Thêm người") up to the maximum.
CO_PETITIONER_ROWS = 3


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=str(label)) for value, label in pairs]


def kind_choices() -> list[SelectChoice]:
    return options(labels.KINDS.items())


class IdentityFields:
    """Name, CCCD, address, phone, email: the same five fields wherever a person is asked."""

    full_name = StringField(
        _l("Họ và tên"), render_kw={"maxlength": MAX_NAME, "autocomplete": "name"}
    )
    id_number = StringField(
        _l("Số căn cước công dân"),
        render_kw={"inputmode": "numeric", "maxlength": 15, "autocomplete": "off"},
    )
    address = StringField(
        _l("Địa chỉ"), render_kw={"maxlength": MAX_ADDRESS, "autocomplete": "street-address"}
    )
    phone = StringField(
        _l("Số điện thoại"), render_kw={"inputmode": "tel", "maxlength": 20, "autocomplete": "tel"}
    )
    email = StringField(
        _l("Thư điện tử (không bắt buộc)"),
        render_kw={"maxlength": MAX_EMAIL, "autocomplete": "email", "type": "email"},
    )


class PetitionFields(IdentityFields):
    kind = RadioField(_l("Loại đơn"), choices=kind_choices, validate_choice=False)
    title = StringField(_l("Tiêu đề"), render_kw={"maxlength": MAX_TITLE})
    content = TextAreaField(_l("Nội dung"), render_kw={"rows": 10, "maxlength": MAX_CONTENT})
    unit = SelectField(_l("Cơ quan, đơn vị nhận đơn"), choices=[], validate_choice=False)
    anonymous = BooleanField(_l("Gửi ẩn danh (không ghi thông tin cá nhân)"))
    confidential = BooleanField(_l("Đề nghị giữ bí mật họ tên, địa chỉ, bút tích của tôi"))
    files = MultipleFileField(_l("Tệp đính kèm"), render_kw={"accept": ACCEPT_ATTRIBUTE})

    def payload(self) -> dict:
        return {
            "kind": self.kind.data or None,
            "title": self.title.data,
            "content": self.content.data,
            "unit": self.unit.data or None,
            "anonymous": bool(self.anonymous.data),
            "confidential": bool(self.confidential.data),
            "petitioner": person_payload(self),
        }


def person_payload(form) -> dict:
    return {
        name: getattr(form, name).data or None
        for name in ("full_name", "id_number", "address", "phone", "email")
    }


# The fields in the order the page shows them, which is the error summary's order.
SUBMIT_ORDER = (
    "kind",
    "title",
    "content",
    "unit",
    "anonymous",
    "full_name",
    "id_number",
    "address",
    "phone",
    "email",
    "confidential",
    "files",
    "consent",
)


class SubmitForm(PetitionFields, Form):
    page_order = SUBMIT_ORDER
    consent = BooleanField(
        _l(
            "Tôi đồng ý để cơ quan nhà nước xử lý dữ liệu cá nhân trong đơn này để giải quyết "
            "đơn theo quy định của pháp luật."
        ),
        validators=[
            InputRequired(
                _l("Bạn cần đồng ý cho xử lý dữ liệu cá nhân thì cơ quan mới giải quyết được đơn.")
            )
        ],
    )


class TrackForm(Form):
    code = StringField(
        _l("Mã hồ sơ"),
        validators=[InputRequired(_l("Vui lòng nhập mã hồ sơ."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    key = StringField(
        _l("Mã bí mật"),
        validators=[InputRequired(_l("Vui lòng nhập mã bí mật."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class _PlainWithNfc(PlainForm):
    class Meta:
        bind_field = Form.Meta.bind_field


class CoPetitionerForm(IdentityFields, _PlainWithNfc):
    representative = BooleanField(_l("Người đại diện của đoàn"))


def channel_choices() -> list[SelectChoice]:
    return options(
        (key, labels.CHANNELS[key]) for key in ("reception", "mail", "transferred", "online")
    )


class DeskForm(PetitionFields, Form):
    page_order = (
        "channel",
        "received_on",
        "receiving_unit",
        *SUBMIT_ORDER[:10],
        "representative",
        "confidential",
        "group_size",
        "co_petitioners",
        "subject_area",
        "files",
    )
    channel = SelectField(_l("Hình thức tiếp nhận"), choices=[], validate_choice=False)
    received_on = StringField(_l("Ngày nhận đơn"), render_kw={"type": "date"})
    receiving_unit = SelectField(_l("Đơn vị tiếp nhận"), choices=[], validate_choice=False)
    group_size = StringField(
        _l("Số người trong đoàn (nếu đi theo đoàn)"),
        render_kw={"type": "number", "min": 1, "inputmode": "numeric"},
    )
    representative = BooleanField(_l("Người đại diện của đoàn"))
    subject_area = SelectField(
        _l("Lĩnh vực (thống kê theo Thông tư 01/2024/TT-TTCP)"),
        choices=lambda: options([("", _l("— Chưa xác định —")), *SUBJECT_AREAS.items()]),
        validate_choice=False,
    )
    co_petitioners = FieldList(
        FormField(CoPetitionerForm), min_entries=CO_PETITIONER_ROWS, max_entries=MAX_CO_PETITIONERS
    )
    relation = HiddenField()
    similar_checked = HiddenField()
    visit = HiddenField()

    def payload(self) -> tuple[dict, dict[int, int]]:
        """The API payload and, for the co-petitioners, payload index -> form row."""
        data = super().payload()
        rows, positions = [], {}
        if data["petitioner"] is not None and self.representative.data:
            data["petitioner"]["representative"] = True
        for index, entry in enumerate(self.co_petitioners):
            person = person_payload(entry.form)
            if any(person.values()):
                positions[len(rows)] = index
                rows.append({**person, "representative": bool(entry.form.representative.data)})
        data["co_petitioners"] = rows
        data["group_size"] = self.group_size.data or None
        data["subject_area"] = self.subject_area.data or None
        relation = (self.relation.data or "").strip()
        kind, _sep, number = relation.partition(":")
        if kind in {"repeat", "duplicate"} and number.isdigit():
            data[f"{kind}_of"] = int(number)
        return data, positions
