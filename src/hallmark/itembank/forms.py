"""Forms of the item bank's staff pages. They check input; services do the work."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from hallmark.accounts.models import User
from hallmark.itembank import markup
from hallmark.itembank.content import Content
from hallmark.itembank.data import (
    MAX_OPTIONS,
    OPTION_LABELS,
    SELECT_ALL,
    CognitiveLevel,
    InterchangeFormat,
    ItemKind,
    ItemStatus,
    ReviewDecision,
    checklist_for,
)
from hallmark.itembank.interchange.csv_format import split_list
from hallmark.itembank.models import Item, ItemSet, ItemVersion
from hallmark.itembank.transfer import WrongFile, format_of, too_large
from hallmark.lib.forms import form_field
from hallmark.programs.models import Blueprint, Competency, Program

STEM_HELP = (
    "Plain text, or HTML with these tags only: "
    + ", ".join(sorted(markup.TAGS))
    + ". Images, audio and video are attached from the item's page and shown by name: "
    '<img src="chart.png" alt="...">, <audio src="call.mp3">, <video src="visit.mp4">.'
)


MAX_CAPTIONS_BYTES = 1024 * 1024
SELECT_CHOICES = [
    ("all", "All that apply"),
    *((str(n), f"Select {n}") for n in range(2, MAX_OPTIONS)),
]


def _select_choice(select: int) -> str:
    return "all" if select == SELECT_ALL else str(select)


def competency_choices(program: Program) -> list[tuple[str, Any]]:
    """Choices grouped by domain: (domain, [(code, "code statement"), ...])."""
    outline = program.current_outline()
    if outline is None:
        return []
    groups: dict[str, list[tuple[str, str]]] = {}
    for competency in Competency.objects.filter(domain__outline=outline).select_related("domain"):
        domain = competency.domain
        groups.setdefault(f"{domain.code}. {domain.title}", []).append(
            (competency.code, f"{competency.code} {competency.statement}")
        )
    return [("", "Choose a competency"), *groups.items()]


class ItemForm(forms.Form):
    competency = forms.ChoiceField(label="Competency")
    cognitive_level = forms.ChoiceField(label="Cognitive level", choices=CognitiveLevel.choices)
    kind = forms.ChoiceField(
        label="Type",
        choices=ItemKind.choices,
        initial=ItemKind.SINGLE,
        widget=forms.RadioSelect,
        help_text="Single answer: one key. Multiple response: the candidate selects several.",
    )
    select = forms.ChoiceField(
        label="Number to select (multiple response)",
        choices=SELECT_CHOICES,
        initial="2",
        required=False,
        help_text="How many options the candidate selects; the keys are that many. With "
        '"all that apply", any number of keys, but not every option.',
    )
    stem = forms.CharField(
        label="Stem", widget=forms.Textarea(attrs={"rows": 6}), help_text=STEM_HELP
    )
    option_a = forms.CharField(label="Option A", max_length=1000)
    option_b = forms.CharField(label="Option B", max_length=1000)
    option_c = forms.CharField(label="Option C", max_length=1000, required=False)
    option_d = forms.CharField(label="Option D", max_length=1000, required=False)
    option_e = forms.CharField(label="Option E", max_length=1000, required=False)
    option_f = forms.CharField(label="Option F", max_length=1000, required=False)
    key = forms.ChoiceField(
        label="Key (single answer)",
        choices=[(label, f"Option {label}") for label in OPTION_LABELS],
        widget=forms.RadioSelect,
        required=False,
        help_text="The one best answer.",
    )
    keys = forms.MultipleChoiceField(
        label="Keys (multiple response)",
        choices=[(label, f"Option {label}") for label in OPTION_LABELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Every option a candidate must select.",
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the key is right and each distractor wrong.",
    )
    references = forms.CharField(
        label="References",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Source citations, one per line. At least one is needed for approval.",
    )
    change_note = forms.CharField(
        label="What changed and why",
        required=False,
        max_length=500,
        help_text="Kept with the new version.",
    )

    def __init__(self, *args: Any, program: Program, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        form_field(self, "competency", forms.ChoiceField).choices = competency_choices(program)
        if not editing:
            del self.fields["change_note"]

    @staticmethod
    def initial_from(version: ItemVersion) -> dict[str, Any]:
        multiple = version.kind == ItemKind.MULTIPLE
        initial: dict[str, Any] = {
            "competency": version.competency.code if version.competency else "",
            "cognitive_level": version.cognitive_level,
            "kind": version.kind,
            "select": _select_choice(version.select) if multiple else "2",
            "stem": version.stem,
            "key": version.keys[0] if version.keys and not multiple else "",
            "keys": list(version.keys) if multiple else [],
            "rationale": version.rationale,
            "references": "\n".join(version.references),
        }
        for label, text in version.labelled_options():
            initial[f"option_{label.lower()}"] = text
        return initial

    def clean(self) -> dict[str, Any]:
        """The keys of the chosen type: one for a single answer, several for multiple response."""
        cleaned = super().clean() or {}
        if cleaned.get("kind") == ItemKind.MULTIPLE:
            if not cleaned.get("keys"):
                self.add_error("keys", "Tick every option the candidate must select.")
            if not cleaned.get("select"):
                self.add_error("select", "Choose how many options the candidate selects.")
        elif cleaned.get("kind") == ItemKind.SINGLE and not cleaned.get("key"):
            self.add_error("key", "Choose the key.")
        return cleaned

    def content(self) -> Content:
        data = self.cleaned_data
        multiple = data["kind"] == ItemKind.MULTIPLE
        select = 1
        if multiple:
            select = SELECT_ALL if data["select"] == "all" else int(data["select"])
        return Content(
            competency=data["competency"],
            cognitive_level=data["cognitive_level"],
            kind=data["kind"],
            select=select,
            stem=data["stem"],
            options=tuple(data.get(f"option_{label.lower()}", "") for label in OPTION_LABELS),
            keys=tuple(data["keys"]) if multiple else (data["key"],),
            rationale=data.get("rationale", ""),
            references=tuple(data.get("references", "").splitlines()),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each problem a service found next to the field it concerns."""
        multiple = self.cleaned_data.get("kind") == ItemKind.MULTIPLE
        fields = {
            "stem": "stem",
            "key": "keys" if multiple else "key",
            "competency": "competency",
            "cognitive level": "cognitive_level",
            "options": "option_a",
            "type": "kind",
            "select": "select",
        }
        for message in error.messages:
            name = None
            for prefix, field in fields.items():
                if message.startswith(f"{prefix}:"):
                    name, message = field, message[len(prefix) + 1 :].strip()
                    break
            match = re.match(r"option ([A-F]): (.*)", message)
            if match:
                name, message = f"option_{match.group(1).lower()}", match.group(2)
            self.add_error(name, message)


class MediaForm(forms.Form):
    """An image, audio or video to show in the stem, with its text alternative."""

    file = forms.FileField(
        label="File",
        help_text="An image (PNG, JPEG, GIF or WebP, at most 2 MB), audio (MP3, Ogg or WAV, at "
        "most 10 MB) or video (MP4 or WebM, at most 20 MB).",
    )
    alt = forms.CharField(
        label="Alt text (images)",
        max_length=500,
        required=False,
        help_text="What the image shows, for people who cannot see it. Required for an image.",
    )
    transcript = forms.CharField(
        label="Transcript (audio and video)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Everything the recording says. Required for audio.",
    )
    captions = forms.CharField(
        label="Captions (video)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text='WebVTT text, starting with the line "WEBVTT". Required for a video, here or '
        "as a file below.",
    )
    captions_file = forms.FileField(
        label="Captions file (video)",
        required=False,
        help_text="A WebVTT file (.vtt), instead of pasting its text above.",
    )

    def file_name(self) -> str:
        raw = self.cleaned_data["file"].name.rsplit("/", 1)[-1]
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).lstrip("._-")[:100]
        return name or "attachment"

    def clean_captions_file(self) -> str:
        upload = self.cleaned_data.get("captions_file")
        if upload is None:
            return ""
        if upload.size > MAX_CAPTIONS_BYTES:
            raise ValidationError("A captions file can be at most 1 MB.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ValidationError("The captions file is not UTF-8 text.") from None

    def captions_text(self) -> str:
        return self.cleaned_data.get("captions_file") or self.cleaned_data.get("captions", "")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("", "Choose a decision"), *ReviewDecision.choices]
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required unless you approve: say what needs to change.",
    )

    def __init__(self, *args: Any, kind: str = ItemKind.SINGLE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = checklist_for(kind)
        checks = {
            name: forms.BooleanField(label=label, required=False) for name, label in self.points
        }
        self.fields = {**checks, **self.fields}

    def checklist(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _ in self.points}


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RekeyForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label="Right options", widget=forms.CheckboxSelectMultiple, help_text="One or several."
    )
    comment = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 3}), help_text="E.g. the item analysis."
    )

    def __init__(self, *args: Any, version: ItemVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = form_field(self, "keys", forms.MultipleChoiceField)
        keys.choices = [(label, f"{label}. {text}") for label, text in version.labelled_options()]
        keys.initial = list(version.keys)


class EnemiesForm(forms.Form):
    enemies = forms.CharField(
        label="Enemy items",
        required=False,
        help_text="Identifiers of items never to share a form with this one, separated by spaces.",
    )

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_enemies(self) -> list[Item]:
        identifiers = list(dict.fromkeys(split_list(self.cleaned_data["enemies"])))
        found = {
            i.identifier: i
            for i in Item.objects.filter(program=self.item.program, identifier__in=identifiers)
        }
        unknown = [i for i in identifiers if i not in found]
        if unknown:
            raise ValidationError(
                f"{self.item.program.designation} has no item {', '.join(unknown)}."
            )
        if self.item.identifier in found:
            raise ValidationError("An item cannot be its own enemy.")
        return [found[i] for i in identifiers]


class ItemFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.all(), to_field_name="designation", required=False
    )
    q = forms.CharField(label="Identifier or words of the stem", required=False)
    domain = forms.ChoiceField(label="Domain", required=False)
    competency = forms.ChoiceField(label="Competency", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ItemStatus.choices]
    )
    cognitive_level = forms.ChoiceField(
        label="Cognitive level",
        required=False,
        choices=[("", "Any level"), *CognitiveLevel.choices],
    )
    author = forms.ModelChoiceField(
        label="Author", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    origin = forms.ChoiceField(
        label="Written or synthetic",
        required=False,
        choices=[("", "Both"), ("written", "Written items"), ("synthetic", "Synthetic items")],
    )
    p_min = forms.FloatField(label="p at least", required=False, min_value=0, max_value=1)
    p_max = forms.FloatField(label="p at most", required=False, min_value=0, max_value=1)
    rpb_min = forms.FloatField(
        label="Corrected point-biserial at least", required=False, min_value=-1, max_value=1
    )
    rpb_max = forms.FloatField(
        label="Corrected point-biserial at most", required=False, min_value=-1, max_value=1
    )
    b_min = forms.FloatField(label="IRT b at least", required=False)
    b_max = forms.FloatField(label="IRT b at most", required=False)
    used_after = forms.DateField(
        label="Last used on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    used_before = forms.DateField(
        label="Last used before (or never)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    STATISTICS_FIELDS = ("p_min", "p_max", "rpb_min", "rpb_max", "b_min", "b_max")

    def __init__(
        self, *args: Any, program: Program | None, statistics: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        domains: list[tuple[str, str]] = [("", "Any domain")]
        competencies: list[tuple[str, str]] = [("", "Any competency")]
        if program is not None and (outline := program.current_outline()) is not None:
            for domain in outline.domains.prefetch_related("competencies"):
                domains.append((domain.code, f"{domain.code}. {domain.title}"))
                for c in domain.competencies.all():
                    competencies.append((c.code, f"{c.code} {c.statement[:70]}"))
        form_field(self, "domain", forms.ChoiceField).choices = domains
        form_field(self, "competency", forms.ChoiceField).choices = competencies
        authored = Item.objects.all() if program is None else Item.objects.filter(program=program)
        form_field(self, "author", forms.ModelChoiceField).queryset = User.objects.filter(
            pk__in=authored.values("author")
        ).order_by("email")
        if not statistics:
            for name in self.STATISTICS_FIELDS:
                del self.fields[name]


class HealthForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.all(), to_field_name="designation", required=False
    )
    blueprint = forms.ModelChoiceField(
        label="Blueprint", queryset=Blueprint.objects.none(), required=False
    )
    forms_needed = forms.IntegerField(
        label="Number of forms", min_value=1, max_value=100, initial=3, required=False
    )

    def __init__(self, *args: Any, program: Program | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outline = program.current_outline() if program is not None else None
        self.blueprints = (
            Blueprint.objects.none()
            if outline is None
            else Blueprint.objects.filter(outline=outline)
        )
        field = form_field(self, "blueprint", forms.ModelChoiceField)
        field.empty_label = None  # the first blueprint is the default
        field.queryset = self.blueprints


ACCEPTED_FILES = ".csv,.zip,text/csv,application/zip,.xml"


class ImportForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.all(), to_field_name="designation"
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV file, or a QTI package (.zip) or item (.xml).",
        allow_empty_file=True,  # refused in clean, with what is expected
        # A filter for the file chooser only: the file's first bytes decide (see clean).
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "From the file"), *InterchangeFormat.choices],
        required=False,
    )
    keep_status = forms.BooleanField(
        label="Keep the statuses in the file",
        required=False,
        help_text="Otherwise every imported item starts as a draft.",
    )
    skip_unsupported = forms.BooleanField(
        label="Skip unsupported items",
        required=False,
        help_text="Import the items Hallmark supports and list the others with the reason; "
        "otherwise one unsupported item refuses the whole file.",
    )

    def __init__(self, *args: Any, may_keep_status: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_keep_status:
            del self.fields["keep_status"]
        limit = settings.HALLMARK_IMPORT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text += f" At most {limit} MB."

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        size_problem = too_large(upload.size or 0)
        if size_problem is not None:
            raise ValidationError(f"{upload.name}: {size_problem.reason}.")
        return upload

    def clean(self) -> dict[str, Any]:
        """The file's bytes and its format, recognised from them; other files are refused."""
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        data = upload.read()
        try:
            chosen = cleaned.get("format", "")
            cleaned["format"] = format_of(upload.name or "The file", data, chosen)
        except WrongFile as wrong:
            self.add_error("file", str(wrong))
        else:
            cleaned["data"] = data
        return cleaned


class ExportForm(forms.Form):
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.all(), to_field_name="designation"
    )
    format = forms.ChoiceField(label="Format", choices=InterchangeFormat.choices)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Every status"), *ItemStatus.choices]
    )


class ReclassifyForm(forms.Form):
    """One choice per competency of an older outline that open items are still tagged to."""

    def __init__(
        self,
        *args: Any,
        program: Program,
        proposals: dict[Competency, Competency | None],
        counts: dict[Competency, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.olds: dict[str, Competency] = {}
        choices = [
            (code, label) for group in competency_choices(program)[1:] for code, label in group[1]
        ]
        for old, new in proposals.items():
            name = f"c{old.pk}"
            self.olds[name] = old
            self.fields[name] = forms.ChoiceField(
                label=f"{old.code} {old.statement[:80]} ({old.domain.outline}, "
                f"{counts[old]} items)",
                choices=[("", "Leave for now"), *choices],
                required=False,
                initial=new.code if new else "",
            )

    def mapping(self, current: dict[str, Competency]) -> dict[Competency, Competency]:
        return {
            self.olds[name]: current[code]
            for name, code in self.cleaned_data.items()
            if code and name in self.olds
        }


class ClassifyForm(forms.Form):
    """A competency for items imported without one: for all of them at once, or one by one."""

    def __init__(self, *args: Any, program: Program, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (code, label) for group in competency_choices(program)[1:] for code, label in group[1]
        ]
        self.items = {f"item{item.pk}": item for item in items}
        self.fields["every"] = forms.ChoiceField(
            label=f"Every unclassified item ({len(items)})",
            choices=[("", "Choose one by one below"), *choices],
            required=False,
            help_text="A choice for one item below overrides this one.",
        )
        for name, item in self.items.items():
            assert item.current_version is not None
            words = markup.plain_text(item.current_version.stem)
            self.fields[name] = forms.ChoiceField(
                label=f"{item.identifier}: {words[:80]}",
                choices=[("", "As above" if len(items) > 1 else "Leave for now"), *choices],
                required=False,
            )

    def assignments(self, current: dict[str, Competency]) -> dict[Item, Competency]:
        every = self.cleaned_data.get("every") or ""
        chosen = {}
        for name, item in self.items.items():
            code = self.cleaned_data.get(name) or every
            if code:
                chosen[item] = current[code]
        return chosen


class ItemSetForm(forms.Form):
    identifier = forms.CharField(
        label="Identifier",
        max_length=64,
        help_text="Unique within the program; starts with a letter, e.g. CASE-ROSA.",
    )
    title = forms.CharField(label="Title", max_length=200, help_text="E.g. Rosa's job search.")
    stimulus = forms.CharField(
        label="Stimulus",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="The scenario or exhibit every item of the set asks about: plain text, or HTML "
        "with these tags only: " + ", ".join(sorted(markup.TAGS - markup.SOURCED)) + ".",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["identifier"]


class PlaceInSetForm(forms.Form):
    item_set = forms.ModelChoiceField(
        label="Case set",
        queryset=ItemSet.objects.none(),
        required=False,
        empty_label="No case set",
        help_text="The items of a set are shown together, under its stimulus.",
    )

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "item_set", forms.ModelChoiceField)
        field.queryset = ItemSet.objects.filter(program_id=item.program_id)
