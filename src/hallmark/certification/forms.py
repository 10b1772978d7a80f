import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallmark.credentials import (
    BadgeFormat,
    BakingError,
    CredentialError,
    LimitExceededError,
    ProofFormat,
    badge_format,
    check_credential_number,
    normalize_credential_number,
    parse_json,
    public_key_from_multibase,
    unbake,
)
from hallmark.lib.forms import form_field
from hallmark.programs.models import Program

MAX_CREDENTIAL_BYTES = 1024 * 1024


class RegistrySearchForm(forms.Form):
    name = forms.CharField(
        label=_("Holder's name"),
        max_length=200,
        min_length=2,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    program = forms.ChoiceField(label=_("Program"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "program", forms.ChoiceField).choices = [("", gettext("All programs"))] + [
            (p.designation, f"{p.name} ({p.designation})")
            for p in Program.objects.exclude(status="draft").order_by("designation")
        ]


class NumberLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Credential number"),
        max_length=40,
        help_text=_("As printed on the certificate, e.g. CESP-000123-4."),
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        if not check_credential_number(number):
            raise ValidationError(
                gettext("This is not a valid credential number: check it for a mistyped character.")
            )
        return normalize_credential_number(number)


class VerifyForm(forms.Form):
    """A credential to verify, pasted or uploaded, and the other issuers' keys one trusts."""

    credential = forms.CharField(
        label=_("Paste the credential"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_("The JSON of an Open Badges 3.0 or W3C Verifiable Credential."),
    )
    upload = forms.FileField(
        label=_("Or upload the credential file"),
        required=False,
        help_text=_(
            "A .json file, or a badge image (.png or .svg) with the credential baked in; at "
            "most 1 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.png,.svg,application/json,image/png,image/svg+xml"}
        ),
    )
    email = forms.EmailField(
        label=_("Holder's email (optional)"),
        required=False,
        help_text=_("To check that the credential was issued to this address; it is not stored."),
    )
    keys = forms.CharField(
        label=_("Keys of other issuers you trust (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "One per line: VERIFICATION_METHOD=PUBLIC_KEY_MULTIBASE. This site's own keys and "
            "status lists are always used; nothing is fetched."
        ),
    )

    input_field = "credential"
    # The format of the badge image the credential was read from (None: it came as JSON).
    baked: BadgeFormat | None = None

    def refuse(self, reason: str) -> None:
        """Show why the credential was refused unchecked, on the field it came in."""
        self.add_error(self.input_field, f"{reason[:1].upper()}{reason[1:]}.")

    def clean_upload(self) -> str | None:
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_CREDENTIAL_BYTES:
            raise ValidationError(gettext("The file is larger than 1 MB: it is not a credential."))
        data = upload.read()
        if badge_format(data) is not None:
            return self._unbaked(data)
        try:
            return str(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ValidationError(
                gettext("The file is neither text (UTF-8 JSON) nor a PNG or SVG badge image.")
            ) from None

    def _unbaked(self, data: bytes) -> str:
        """The credential baked into a badge image, as JSON text."""
        try:
            baked = unbake(data, max_bytes=MAX_CREDENTIAL_BYTES)
        except BakingError as error:
            raise ValidationError(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None
        if baked.proof_format is ProofFormat.JWT:
            raise ValidationError(
                gettext(
                    "The %(format)s image carries a VC-JWT credential; this verifier checks "
                    "credentials with an embedded proof (JSON)."
                )
                % {"format": baked.format.upper()}
            )
        self.baked = baked.format
        return baked.text

    def clean_keys(self) -> dict[str, str]:
        keys = {}
        for number, line in enumerate(self.cleaned_data["keys"].splitlines(), start=1):
            if not line.strip():
                continue
            method, separator, public = line.strip().rpartition("=")
            if not separator or not method or not public:
                raise ValidationError(
                    gettext("Line %(number)s is not VERIFICATION_METHOD=PUBLIC_KEY.")
                    % {"number": number}
                )
            try:
                public_key_from_multibase(public)
            except CredentialError as error:
                raise ValidationError(
                    gettext("Line %(number)s: %(error)s") % {"number": number, "error": error}
                ) from None
            keys[method] = public
        return keys

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        pasted = (cleaned.get("credential") or "").strip()
        uploaded = cleaned.get("upload")
        if "upload" in self.errors:
            return cleaned
        if bool(pasted) == bool(uploaded):
            raise ValidationError(
                gettext("Paste a credential or upload its file (one of the two)."),
                code="one_input",
            )
        text = pasted or uploaded or ""
        field = self.input_field = "credential" if pasted else "upload"
        if len(text.encode("utf-8")) > MAX_CREDENTIAL_BYTES:
            self.add_error(field, gettext("This is larger than 1 MB: it is not a credential."))
            return cleaned
        try:
            cleaned["document"] = parse_json(text, what="the credential")
        except LimitExceededError as error:
            self.refuse(str(error))
        except json.JSONDecodeError as error:
            self.add_error(
                field,
                gettext("This is not JSON (line %(line)s, column %(column)s: %(problem)s).")
                % {"line": error.lineno, "column": error.colno, "problem": error.msg},
            )
        return cleaned
