"""Small QTI 3.0 packages shaped like 1EdTech's examples, built here (nothing is downloaded)."""

import io
import zipfile

QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
MATHML = "http://www.w3.org/1998/Math/MathML"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nThe job coach greets Sam.\n"


def item(identifier: str, body: str, correct: tuple[str, ...], head: str = "") -> bytes:
    values = "".join(f"<qti-value>{v}</qti-value>" for v in correct)
    cardinality = "multiple" if len(correct) > 1 else "single"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{QTI}" xmlns:m="{MATHML}" identifier="{identifier}"
    title="{identifier}" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="{cardinality}"
      base-type="identifier">
    <qti-correct-response>{values}</qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  {head}
  <qti-item-body>{body}</qti-item-body>
  <qti-response-processing
    template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
</qti-assessment-item>""".encode()


def choices(max_choices: int, *texts: str, prompt: str = "") -> str:
    options = "".join(
        f'<qti-simple-choice identifier="C{i}">{text}</qti-simple-choice>'
        for i, text in enumerate(texts, 1)
    )
    prompt_xml = f"<qti-prompt>{prompt}</qti-prompt>" if prompt else ""
    return (
        f'<qti-choice-interaction response-identifier="RESPONSE" shuffle="true" '
        f'max-choices="{max_choices}">{prompt_xml}{options}</qti-choice-interaction>'
    )


SINGLE = item(
    "accommodation-1",
    '<p>An employee who is deaf asks for an interpreter.</p><p><img src="images/sign.png" '
    'alt="A sign language interpreter"/></p>'
    + choices(1, "A reasonable accommodation", "An undue hardship", "A disclosure to ignore"),
    ("C1",),
)
MULTIPLE = item(
    "supports-1",
    "<div><p>Which of these are natural supports at work?</p>"
    + choices(0, "A co-worker mentor", "A job coach", "A shared carpool", "A paid aide")
    + "</div>",
    ("C1", "C3"),
)
SELECT_TWO = item(
    "supports-2",
    choices(
        2,
        "Benefits counselling",
        "Sheltered work",
        "Discovery",
        "A waiting list",
        prompt="Select two steps of customized employment.",
    ),
    ("C1", "C3"),
)
MATH = item(
    "hours-1",
    "<p>Sam works <m:math><m:mfrac><m:mn>3</m:mn><m:mn>4</m:mn></m:mfrac>"
    "<m:maction actiontype='toggle'><m:mi>x</m:mi></m:maction>"
    "<script>alert(1)</script></m:math> of full time.</p>"
    + choices(
        1,
        "<m:math><m:mn>30</m:mn></m:math> hours",
        "<m:math><m:mn>40</m:mn></m:math> hours",
        "10 hours",
    ),
    ("C1",),
)
TEXT_ENTRY = item(
    "hours-2",
    '<p>How many hours? <qti-text-entry-interaction response-identifier="RESPONSE"/></p>',
    ("30",),
)
STIMULUS_REF = (
    '<qti-assessment-stimulus-ref identifier="case-sam" href="../passages/sam.xml" '
    'title="Sam\'s job search"/>'
)
CASE_1 = item(
    "sam-1",
    choices(1, "Discovery", "Placement", prompt="What comes first for Sam?"),
    ("C1",),
    STIMULUS_REF,
)
CASE_2 = item(
    "sam-2",
    choices(1, "His family", "Sam himself", prompt="Who chooses Sam's job goal?"),
    ("C2",),
    STIMULUS_REF,
)
STIMULUS = f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-stimulus xmlns="{QTI}" identifier="case-sam" title="Sam's job search"
    xml:lang="en">
  <qti-stylesheet href="styles/sam.css" type="text/css"/>
  <qti-stimulus-body>
    <div class="qti-shared-stimulus-wrapper">
      <p>Sam, 24, wants to work with animals. He has never had a paid job.</p>
    </div>
  </qti-stimulus-body>
</qti-assessment-stimulus>""".encode()

FILES = {
    "items/accommodation-1.xml": SINGLE,
    "items/images/sign.png": PNG,
    "items/supports-1.xml": MULTIPLE,
    "items/supports-2.xml": SELECT_TWO,
    "items/hours-1.xml": MATH,
    "items/hours-2.xml": TEXT_ENTRY,
    "items/sam-1.xml": CASE_1,
    "items/sam-2.xml": CASE_2,
    "passages/sam.xml": STIMULUS,
}


def manifest(files: dict[str, bytes]) -> bytes:
    resources = []
    for path in files:
        if path.startswith("items/") and path.endswith(".xml"):
            name = path.removeprefix("items/").removesuffix(".xml")
            resources.append(
                f'<resource identifier="{name}" type="imsqti_item_xmlv3p0" href="{path}">'
                f'<file href="{path}"/></resource>'
            )
    resources.append(
        '<resource identifier="case-sam" type="imsqti_stimulus_xmlv3p0" '
        'href="passages/sam.xml"><file href="passages/sam.xml"/></resource>'
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="M1">
  <metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>
  <organizations/>
  <resources>{"".join(resources)}</resources>
</manifest>""".encode()


def package(files: dict[str, bytes] | None = None) -> bytes:
    """A zip with a manifest listing every item file of `files` (FILES when not given)."""
    chosen = FILES if files is None else files
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("imsmanifest.xml", manifest(chosen))
        for path, data in chosen.items():
            z.writestr(path, data)
    return out.getvalue()


def without(*paths: str) -> dict[str, bytes]:
    return {path: data for path, data in FILES.items() if path not in paths}
