"""Forms of the notification settings: the WhatsApp number, its code, consent, channels."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from trading_house.notifications.events import offered_events

CHANNEL_LABELS = {
    "email": _l("E-mail"),
    "whatsapp": _l("WhatsApp"),
    "both": _l("E-mail and WhatsApp"),
    "none": _l("Nothing"),
}


class PhoneForm(FlaskForm):
    phone = StringField(
        _l("WhatsApp number"),
        validators=[
            DataRequired(message=_l("Enter your WhatsApp number, e.g. 0812-3456-7890.")),
            Length(max=32, message=_l("Use at most %(count)s characters.", count=32)),
        ],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from WhatsApp"),
        validators=[
            DataRequired(message=_l("Enter the six-digit code.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("The code has six digits.")),
        ],
    )


#: The sentence a person agrees to; its version (WHATSAPP_CONSENT_VERSION) is recorded with the
#: opt-in. Change the version whenever this text changes.
CONSENT_TEXT = _l(
    "I agree that Rumah Dagang sends me notifications on WhatsApp about the events I choose "
    "below, to my verified number. I can stop them at any time on this page or by replying STOP."
)


class OptInForm(FlaskForm):
    agree = BooleanField(
        CONSENT_TEXT, validators=[DataRequired(message=_l("Tick the box to agree."))]
    )


def preferences_form(
    user, current: dict[str, str], formdata=None, *, whatsapp: bool = True
) -> FlaskForm:
    """One channel choice per event offered to ``user`` (fields named after the event keys).

    With the WhatsApp channel off (``whatsapp=False``) only e-mail or nothing is offered, and a
    WhatsApp choice made earlier shows as e-mail: that is where those notifications go meanwhile.
    """

    class PreferencesForm(FlaskForm):
        pass

    offered = CHANNEL_LABELS if whatsapp else {k: CHANNEL_LABELS[k] for k in ("email", "none")}
    choices = [SelectChoice(value, label) for value, label in offered.items()]
    for event in offered_events(user):
        chosen = current.get(event.key, "email")
        setattr(
            PreferencesForm,
            field_name(event.key),
            SelectField(
                event.label, choices=choices, default=chosen if chosen in offered else "email"
            ),
        )
    return PreferencesForm(formdata=formdata)


def field_name(event_key: str) -> str:
    return "event_" + event_key.replace(".", "__")
