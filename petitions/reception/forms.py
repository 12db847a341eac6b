"""Forms for sessions, schedules and the reception log."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms import Form as SubForm
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from petitions.forms import Form
from petitions.reception.labels import (
    classification_labels,
    ground_labels,
    kind_labels,
    mode_labels,
    route_labels,
    weekday_labels,
)
from petitions.reception.visits import MAX_CITIZENS

# Rows shown at first: a group's five representatives, or every member of a smaller party; the
# officer adds rows up to the log's limit (visits.MAX_CITIZENS) for a party that names more.
CITIZEN_ROWS = 5


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them: (value, label) pairs or a mapping of them."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value=value, label=str(label)) for value, label in items]


class SessionForm(Form):
    head = SelectField(_l("Thủ trưởng chủ trì"), coerce=int, validators=[InputRequired()])
    kind = SelectField(_l("Hình thức"), choices=lambda: options(kind_labels()))
    day = DateField(_l("Ngày tiếp"), validators=[InputRequired()])
    starts_at = TimeField(_l("Từ giờ"), validators=[InputRequired()])
    ends_at = TimeField(_l("Đến giờ"), validators=[InputRequired()])
    mode = RadioField(
        _l("Tiếp trực tiếp hay trực tuyến"),
        choices=lambda: options(mode_labels()),
        default="in_person",
        validate_choice=False,  # the service refuses an unknown mode next to the field
    )
    # Checked by the service: optional for an online session, whose link is where to go.
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Đường dẫn tham gia trực tuyến (https://…)"), validators=[Optional(), Length(max=500)]
    )
    recorded = BooleanField(_l("Buổi tiếp trực tuyến được ghi hình"))
    subject = StringField(_l("Nội dung, vụ việc"), validators=[Optional(), Length(max=500)])
    delegated = BooleanField(_l("Ủy quyền cho cấp phó tiếp"))
    delegate_name = StringField(
        _l("Người được ủy quyền (họ tên, chức vụ)"), validators=[Optional(), Length(max=200)]
    )
    published = BooleanField(_l("Công khai trên lịch tiếp công dân"), default=True)


class ScheduleForm(Form):
    head = SelectField(_l("Thủ trưởng chủ trì"), coerce=int, validators=[InputRequired()])
    pattern = RadioField(
        _l("Lặp lại"),
        choices=lambda: options(
            [
                ("month_days", _l("Vào các ngày cố định trong tháng")),
                ("weekly", _l("Hằng tuần, vào một thứ")),
                ("month_weekday", _l("Hằng tháng, vào thứ … của tuần thứ …")),
            ]
        ),
        default="month_days",
    )
    month_days = StringField(
        _l("Ngày trong tháng"), default="15", validators=[Optional(), Length(max=40)]
    )
    weekday = SelectField(
        _l("Thứ trong tuần"), coerce=int, choices=lambda: options(weekday_labels()), default=3
    )
    nth = SelectMultipleField(
        _l("Tuần thứ mấy trong tháng"),
        coerce=int,
        choices=lambda: options(
            [
                (1, _l("Tuần thứ nhất")),
                (2, _l("Tuần thứ hai")),
                (3, _l("Tuần thứ ba")),
                (4, _l("Tuần thứ tư")),
                (-1, _l("Tuần cuối")),
            ]
        ),
        default=[1],
    )
    start = DateField(_l("Từ ngày"), validators=[InputRequired()])
    end = DateField(_l("Đến ngày"), validators=[InputRequired()])
    starts_at = TimeField(_l("Từ giờ"), validators=[InputRequired()])
    ends_at = TimeField(_l("Đến giờ"), validators=[InputRequired()])
    place = StringField(_l("Địa điểm"), validators=[DataRequired(), Length(max=300)])
    published = BooleanField(_l("Công khai trên lịch tiếp công dân"), default=True)


class PostponeForm(Form):
    new_day = DateField(_l("Hoãn đến ngày"), validators=[InputRequired()])
    reason = StringField(_l("Lý do hoãn"), validators=[DataRequired(), Length(max=500)])


class CancelForm(Form):
    reason = StringField(_l("Lý do hủy"), validators=[DataRequired(), Length(max=500)])


class DelegateForm(Form):
    delegated = BooleanField(_l("Ủy quyền cho cấp phó tiếp"))
    delegate_name = StringField(
        _l("Người được ủy quyền (họ tên, chức vụ)"), validators=[Optional(), Length(max=200)]
    )


class CitizenForm(SubForm):
    # Text is NFC-normalised by the service; this sub-form carries no CSRF token of its own.
    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Địa chỉ"), validators=[Optional(), Length(max=500)])
    id_number = StringField(_l("Số CMND/CCCD"), validators=[Optional(), Length(max=20)])
    # A group's representatives (Decree 124/2020 art. 6); the others named are its members.
    representative = BooleanField(_l("Người đại diện của đoàn"))


class VisitForm(Form):
    session = SelectField(_l("Tiếp tại"), choices=[], validate_choice=False)
    visited_on = DateField(_l("Ngày tiếp"), validators=[InputRequired()])
    mode = SelectField(
        _l("Hình thức tiếp"),
        choices=lambda: options(
            {"": _l("Theo buổi tiếp (tại bàn tiếp: trực tiếp)"), **mode_labels()}
        ),
        validate_choice=False,
    )
    people = IntegerField(
        _l("Số người"), default=1, validators=[InputRequired(), NumberRange(min=1, max=10000)]
    )
    citizens = FieldList(FormField(CitizenForm), min_entries=CITIZEN_ROWS, max_entries=MAX_CITIZENS)
    content = TextAreaField(
        _l("Tóm tắt nội dung vụ việc"), validators=[DataRequired(), Length(max=10000)]
    )
    classification = SelectField(_l("Phân loại"), choices=lambda: options(classification_labels()))
    first_visit = RadioField(
        _l("Lần tiếp"),
        choices=lambda: options(
            [("first", _l("Lần đầu")), ("repeat", _l("Nhiều lần (đã đến về việc này)"))]
        ),
        default="first",
    )
    handled_by = StringField(
        _l("Cơ quan đã giải quyết (nếu có)"), validators=[Optional(), Length(max=300)]
    )
    route = SelectField(
        _l("Hướng xử lý"),
        choices=lambda: options({"": _l("Chưa xác định (đang xử lý)"), **route_labels()}),
    )
    forwarded_to = StringField(_l("Chuyển đến cơ quan"), validators=[Optional(), Length(max=300)])
    refusal_ground = SelectField(
        _l("Lý do từ chối tiếp (Điều 9 Luật Tiếp công dân)"),
        choices=lambda: options({"": _l("— Không —"), **ground_labels()}),
    )
    refusal_notice = StringField(
        _l("Số thông báo từ chối"), validators=[Optional(), Length(max=100)]
    )
    follow_up = TextAreaField(_l("Theo dõi kết quả"), validators=[Optional(), Length(max=5000)])
    notes = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=5000)])


class OutcomeForm(Form):
    route = SelectField(
        _l("Hướng xử lý"),
        choices=lambda: (
            [("", _l("Chưa xác định (đang xử lý)"))]
            + [(k, v) for k, v in route_labels().items() if k != "refused"]
        ),
    )
    forwarded_to = StringField(_l("Chuyển đến cơ quan"), validators=[Optional(), Length(max=300)])
    follow_up = TextAreaField(_l("Theo dõi kết quả"), validators=[Optional(), Length(max=5000)])
    notes = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=5000)])
