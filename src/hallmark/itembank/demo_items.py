"""Hand-written demonstration items for the CESP-like demo program.

Hallmark's own items, written for the demonstration against the demo outline's competencies;
they are not items of any real examination. References cite well-known public sources by title.
"""

from dataclasses import dataclass, replace

from hallmark.itembank.data import CognitiveLevel, ItemStatus

R = CognitiveLevel.RECALL
A = CognitiveLevel.APPLICATION
N = CognitiveLevel.ANALYSIS

ADA = "Americans with Disabilities Act of 1990, Title I (42 U.S.C. 12111 et seq.)"
EEOC_ACCOMMODATION = (
    "EEOC, Enforcement Guidance: Reasonable Accommodation and Undue Hardship under the "
    "Americans with Disabilities Act"
)
EEOC_INQUIRIES = (
    "EEOC, Enforcement Guidance: Disability-Related Inquiries and Medical Examinations of "
    "Employees under the Americans with Disabilities Act"
)
EEOC_PREEMPLOYMENT = (
    "EEOC, Enforcement Guidance: Preemployment Disability-Related Questions and Medical "
    "Examinations"
)
JAN = "Job Accommodation Network, Accommodation and Compliance Series"
RED_BOOK = "Social Security Administration, The Red Book: A Guide to Work Incentives"
TICKET = "Ticket to Work and Work Incentives Improvement Act of 1999"
WIOA = "Workforce Innovation and Opportunity Act of 2014"
REHAB_ACT = "Rehabilitation Act of 1973, as amended"
HCBS = "Medicaid Home and Community-Based Services Settings Rule (42 CFR 441.301(c)(4))"
FLSA = "Fair Labor Standards Act of 1938, Section 14(c)"
APSE = "APSE, Ethical Guidelines for Professionals in Supported Employment"
HANDBOOK = (
    "Griffin, Hammis & Geary, The Job Developer's Handbook: Practical Tactics for Customized "
    "Employment"
)
REAL_WORK = (
    "Wehman, Inge, Revell & Brooke (eds.), Real Work for Real Pay: Inclusive Employment for "
    "People with Disabilities"
)
IPS = (
    "Drake, Bond & Becker, Individual Placement and Support: An Evidence-Based Approach to "
    "Supported Employment"
)
SNELL = "Snell & Brown, Instruction of Students with Severe Disabilities"
GOLD = "Gold, Try Another Way Training Manual"
NATURAL = (
    "Nisbet & Hagner, Natural Supports in the Workplace: A Reexamination of Supported Employment"
)
PATH = "Pearpoint, O'Brien & Forest, PATH: A Workbook for Planning Positive Possible Futures"


@dataclass(frozen=True)
class DemoItem:
    competency: str
    level: str
    stem: str
    options: tuple[str, ...]
    key: str
    rationale: str
    references: tuple[str, ...]
    status: str = ItemStatus.OPERATIONAL
    select: int = 1  # multiple response: the number to select (the keys are `key`, "A|C")
    item_set: str = ""  # the identifier of its case set, if any

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.key.split("|"))


def _item(
    competency: str,
    level: str,
    stem: str,
    options: list[str],
    key: str,
    rationale: str,
    references: list[str],
    status: str = ItemStatus.OPERATIONAL,
) -> DemoItem:
    return DemoItem(
        competency,
        level,
        f"<p>{stem}</p>",
        tuple(options),
        key,
        rationale,
        tuple(references),
        status,
    )


S = ItemStatus

ITEMS: list[DemoItem] = [
    # 1. Core values, ethics, and legislation and funding
    _item(
        "1.1", A,
        "A referral note says that a man with a significant intellectual disability is \u201cnot "
        "ready for work\u201d and recommends a day program first. Working from a presumption of "
        "employability, what should the employment specialist do?",
        [
            "Begin discovery to learn which conditions would help him succeed in a community job",
            "Enrol him in a pre-vocational program until he shows that he is ready",
            "Ask for a vocational evaluation in a simulated workshop to confirm the note",
            "Close the referral until his team agrees that he is ready",
        ],
        "A",
        "Readiness is not a prerequisite for community employment: the question is which "
        "supports he needs, which discovery answers (A). B and C are readiness models that delay "
        "work; D denies the service altogether.",
        [IPS, WIOA],
    ),
    _item(
        "1.1", R,
        "Which outcome does the Workforce Innovation and Opportunity Act set as the goal of "
        "vocational rehabilitation services?",
        [
            "Competitive integrated employment",
            "Sheltered employment at a commensurate wage",
            "Participation in a day habilitation program",
            "Regular volunteer work in the community",
        ],
        "A",
        "WIOA amended the Rehabilitation Act so that an employment outcome means competitive "
        "integrated employment (A). Sheltered work, day programs and volunteering are not "
        "employment outcomes under the Act.",
        [WIOA, REHAB_ACT],
    ),
    _item(
        "1.2", A,
        "While developing a job at a grocery store, the manager asks the employment specialist, "
        "\u201cWhat is his diagnosis?\u201d The job seeker has not agreed to share any disability "
        "information. What is the best response?",
        [
            "Describe his skills and the supports he will use on the job, without naming a "
            "diagnosis",
            "Share the diagnosis, since the employer needs it to provide accommodations",
            "Say that the diagnosis is confidential and end the meeting",
            "Tell the manager that he has no disability",
        ],
        "A",
        "Without the job seeker's informed consent nothing about his disability is shared; the "
        "conversation can stay on his contributions and supports (A). B discloses without "
        "consent, C needlessly ends the opportunity, and D is dishonest.",
        [APSE, EEOC_INQUIRIES],
    ),
    _item(
        "1.2", R,
        "Who decides whether, when and how a job seeker's disability is disclosed to an employer?",
        [
            "The job seeker",
            "The employment specialist",
            "The funding agency's counselor",
            "The job seeker's family",
        ],
        "A",
        "Disclosure is the job seeker's own decision (A); the others may advise, with the job "
        "seeker's agreement, but do not decide.",
        [APSE],
    ),
    _item(
        "1.2", A,
        "A job coach learns that a supported employee has started a new medication. A co-worker "
        "asks why the employee seems tired lately. What should the job coach say?",
        [
            "That the question is best asked of the employee, and offer to help the employee talk "
            "about it if the employee wants to",
            "Explain the medication so that the co-worker can be understanding",
            "Tell the supervisor so that expectations can be adjusted",
            "Say nothing and report the co-worker to human resources",
        ],
        "A",
        "Health information is the employee's to share (A). B and C disclose it without consent; "
        "D treats an ordinary question as misconduct.",
        [APSE],
    ),
    _item(
        "1.2", N,
        "An agency wants to print photographs and first names of the people it supports, with "
        "their job sites, in a fundraising brochure. Which approach best meets ethical guidelines?",
        [
            "Ask each person for informed written consent, explain how the brochure will be "
            "used, and respect a refusal",
            "Ask the employers' permission, because the photographs are taken at their businesses",
            "Use first names only, so that no one can be identified",
            "Ask families instead, because it is quicker",
        ],
        "A",
        "Each person (or a legal guardian, where one exists) decides about the use of their "
        "image and story (A). Employers cannot consent for them (B); a photograph, first name "
        "and job site identify a person (C); families are not the decision-makers (D).",
        [APSE],
        S.APPROVED,
    ),
    _item(
        "1.3", R,
        "For a person who receives Social Security Disability Insurance (SSDI), what is the "
        "Trial Work Period?",
        [
            "Nine months, not necessarily in a row, within a rolling 60-month period, in which "
            "any amount can be earned without losing benefits",
            "Three months after which benefits stop if earnings are above the substantial "
            "gainful activity level",
            "A 36-month period in which benefits drop by one dollar for every two dollars earned",
            "A one-year trial of Medicaid coverage while working",
        ],
        "A",
        "A is the Trial Work Period as the Red Book describes it. B confuses it with the grace "
        "period, C mixes the Extended Period of Eligibility with the SSI earned-income rule, and "
        "D describes no SSDI provision.",
        [RED_BOOK],
    ),
    _item(
        "1.3", A,
        "A job seeker who receives SSI worries that any job will end her benefits. What should "
        "the employment specialist do first?",
        [
            "Refer her to a work incentives (benefits) counselor for an individual analysis",
            "Advise her to keep her earnings low enough that her check does not change",
            "Tell her that SSI stops when she starts work, so she must decide whether to work",
            "Suggest that she wait a year before reporting her earnings",
        ],
        "A",
        "An individual benefits analysis shows how work and benefits interact for her (A). B "
        "needlessly limits her earnings, C is false (SSI counts only part of earned income), and "
        "D breaks the reporting rules.",
        [RED_BOOK, TICKET],
    ),
    _item(
        "1.3", R,
        "Under SSI rules, how does earned income affect the monthly payment once the general "
        "and earned income exclusions have been applied?",
        [
            "The payment drops by one dollar for every two dollars of countable earned income",
            "The payment drops by one dollar for every dollar earned",
            "The payment stops when earnings reach the substantial gainful activity level",
            "Earned income does not count at all",
        ],
        "A",
        "After the $20 general and $65 earned income exclusions, half of the remaining earned "
        "income counts (A). B ignores the exclusions, C is an SSDI concept, and D is false.",
        [RED_BOOK],
    ),
    _item(
        "1.3", A,
        "An SSI recipient now earns enough that her cash payment is zero, but she still needs "
        "Medicaid to pay her personal care attendant. Which provision matters most?",
        [
            "Section 1619(b) continued Medicaid eligibility",
            "The Trial Work Period",
            "Expedited reinstatement",
            "The Extended Period of Eligibility",
        ],
        "A",
        "Section 1619(b) keeps Medicaid for SSI recipients whose earnings end their cash payment "
        "(A). The Trial Work Period and the Extended Period of Eligibility are SSDI provisions; "
        "expedited reinstatement restarts benefits after they ended.",
        [RED_BOOK],
    ),
    _item(
        "1.3", A,
        "A young man who receives SSI wants to save for a car so that he can take a job in the "
        "next town, but his savings would soon pass the SSI resource limit. Which work incentive "
        "lets him set money aside for a work goal under an approved plan?",
        [
            "A Plan to Achieve Self-Support (PASS)",
            "The Trial Work Period",
            "Impairment-related work expenses deducted from his savings",
            "The Ticket to Work program",
        ],
        "A",
        "A PASS sets aside income and resources for an approved work goal (A). The Trial Work "
        "Period is an SSDI provision, impairment-related work expenses are deducted from "
        "earnings, not savings, and the Ticket gives access to services, not savings.",
        [RED_BOOK],
        S.PRETEST,
    ),
    _item(
        "1.4", R,
        "Under Title I of the Americans with Disabilities Act, which employers must provide "
        "reasonable accommodations?",
        [
            "Private employers with 15 or more employees, and state and local governments",
            "Only employers that hold federal contracts",
            "Every employer, whatever its size",
            "Only employers with 50 or more employees",
        ],
        "A",
        "Title I covers employers with 15 or more employees, including state and local "
        "governments (A). B describes Section 503 of the Rehabilitation Act, and the 50-employee "
        "threshold in D belongs to other laws.",
        [ADA],
    ),
    _item(
        "1.4", A,
        "Before making any job offer, an employer asks a candidate whether she has ever been "
        "treated for a mental health condition. Under the ADA this question is:",
        [
            "Not allowed, because disability-related questions are barred before a conditional "
            "job offer",
            "Allowed, if the job involves working with the public",
            "Allowed, if every candidate is asked the same question",
            "Not allowed, unless the candidate has already disclosed a disability",
        ],
        "A",
        "Before a conditional offer an employer may not ask disability-related questions (A). "
        "The nature of the job (B) or asking everyone (C) does not change that; D states the "
        "wrong condition.",
        [ADA, EEOC_PREEMPLOYMENT],
    ),
    _item(
        "1.4", N,
        "An employee with a disability asks for a modified schedule. The employer replies that "
        "any change would be an undue hardship, without having discussed any options. What does "
        "the ADA expect next?",
        [
            "An interactive process in which employer and employee explore effective "
            "accommodations",
            "The employee must show that the accommodation would cost nothing",
            "The employer may refuse without further steps if it believes the cost is high",
            "The employee must file a charge before the employer has to respond",
        ],
        "A",
        "EEOC guidance describes an informal, interactive process to identify an effective "
        "accommodation; undue hardship is judged case by case on evidence (A). B, C and D "
        "misstate the employer's duty.",
        [EEOC_ACCOMMODATION],
    ),
    _item(
        "1.4", R,
        "Which of these is a federal law?",
        [
            "The Americans with Disabilities Act",
            "The Fair Labor Standards Act",
            "The Workforce Innovation and Opportunity Act",
            "All of the above",
        ],
        "D",
        "All three are federal laws.",
        [ADA],
        S.REJECTED,
    ),
    _item(
        "1.5", R,
        "Which agency typically funds time-limited job development and placement for an adult "
        "with a disability under an Individualized Plan for Employment?",
        [
            "The state vocational rehabilitation agency",
            "The Social Security Administration, directly",
            "The Equal Employment Opportunity Commission",
            "The Wage and Hour Division of the U.S. Department of Labor",
        ],
        "A",
        "The Individualized Plan for Employment is the state VR agency's plan, and VR funds "
        "time-limited services toward the employment goal (A). B, C and D do not fund "
        "placement services.",
        [REHAB_ACT, WIOA],
    ),
    _item(
        "1.5", A,
        "Supported employment services for a woman with a developmental disability moved from "
        "vocational rehabilitation to long-term extended services after she became stable in "
        "her job. Which source most often funds such extended services?",
        [
            "A Medicaid home and community-based services waiver",
            "The employer's payroll",
            "The state vocational rehabilitation agency, indefinitely",
            "Cash payments from the Ticket to Work program to the worker",
        ],
        "A",
        "Vocational rehabilitation funds time-limited services; long-term supports usually come "
        "from Medicaid HCBS waivers or state developmental disability funds (A). Employers do "
        "not pay for supports (B), VR does not fund them indefinitely (C), and Ticket payments "
        "go to service providers, not workers (D).",
        [HCBS, REHAB_ACT],
        S.APPROVED,
    ),
    _item(
        "1.3", R,
        "What was the monthly substantial gainful activity (SGA) amount for non-blind "
        "individuals in 2019?",
        ["$1,220", "$880", "$2,040", "$750"],
        "A",
        "The 2019 SGA amount for non-blind individuals was $1,220 a month (A); $880 was the "
        "Trial Work Period amount and $2,040 the SGA amount for blind individuals.",
        [RED_BOOK],
        S.RETIRED,
    ),
    # 2. Individualized discovery and career planning
    _item(
        "2.1", A,
        "During discovery, what is the most useful way to learn about a job seeker who "
        "communicates mostly without words?",
        [
            "Spend time with him in places he knows well and note what he does, enjoys and avoids",
            "Give him a standardised vocational interest inventory",
            "Ask him to describe his ideal job in an office interview",
            "Place him in a workshop for an assessment period",
        ],
        "A",
        "Observation in familiar settings shows interests and conditions for success that "
        "paper tests and interviews miss (A). B and C depend on spoken or written language, and "
        "D observes him in an artificial setting.",
        [HANDBOOK],
    ),
    _item(
        "2.1", R,
        "In customized employment, discovery mainly aims to identify:",
        [
            "The job seeker's interests, contributions and conditions for success",
            "The job seeker's deficits compared with typical workers",
            "The jobs in the area with the most openings",
            "Whether the job seeker is ready for employment",
        ],
        "A",
        "Discovery looks for who the person is and what they can contribute (A). It is not a "
        "deficit assessment (B), a labour-market survey (C) or a readiness test (D).",
        [HANDBOOK],
    ),
    _item(
        "2.1", A,
        "Visiting a job seeker at home during discovery, the specialist sees that she keeps a "
        "large, carefully catalogued collection of vinyl records. How should this observation be "
        "used?",
        [
            "As a clue to skills and interests to explore further, such as sorting, cataloguing "
            "or music retail",
            "As evidence that she should work in a record store",
            "As a hobby unrelated to employment",
            "As a sign of a behaviour to address before she looks for work",
        ],
        "A",
        "Discovery collects themes to explore (A). B jumps to a single job, C throws away "
        "useful information, and D takes a deficit view of a strength.",
        [HANDBOOK],
        S.SUBMITTED,
    ),
    _item(
        "2.2", A,
        "At a planning meeting, a job seeker's mother says her son should work in a quiet office; "
        "the son says he wants to work outdoors. How should the employment specialist proceed?",
        [
            "Keep the son's preference at the centre and explore outdoor work, while listening "
            "to his mother's concerns",
            "Follow the mother's plan, because she knows him best",
            "Ask everyone at the meeting to vote",
            "Suggest an indoor job near a window as a compromise",
        ],
        "A",
        "Person-centred planning keeps the job seeker's own preferences at the centre and "
        "addresses the concerns of the people who support him (A). B and C let others decide; "
        "D satisfies no one.",
        [PATH],
    ),
    _item(
        "2.2", R,
        "Which planning approach starts from a person's dream and works back to concrete first "
        "steps, with the people the person invites?",
        [
            "PATH (Planning Alternative Tomorrows with Hope)",
            "A functional behaviour assessment",
            "A situational assessment",
            "An individualized education program",
        ],
        "A",
        "PATH begins with the dream and plans backwards to first steps (A). The others are "
        "assessments or school plans.",
        [PATH],
    ),
    _item(
        "2.2", A,
        "A job seeker wants her best friend, rather than her case manager, at her career "
        "planning meeting. What should the employment specialist do?",
        [
            "Invite the friend, because the job seeker decides who takes part",
            "Invite only the case manager, because professional input is required",
            "Hold two separate meetings so that both can attend",
            "Explain that friends may not attend, for reasons of confidentiality",
        ],
        "A",
        "The job seeker chooses who helps her plan (A). B and D override her choice; C "
        "needlessly splits the planning.",
        [PATH, APSE],
        S.DRAFT,
    ),
    _item(
        "2.3", R,
        "What is the main purpose of a vocational profile in customized employment?",
        [
            "To summarise discovery findings and guide job development toward realistic goals",
            "To rate the job seeker's readiness for employment",
            "To list the jobs currently advertised in the area",
            "To document the job seeker's diagnosis for the funding agency",
        ],
        "A",
        "The profile turns discovery into a plan for job development (A); it is not a "
        "readiness rating (B), a job list (C) or a medical record (D).",
        [HANDBOOK],
    ),
    _item(
        "2.3", N,
        "A draft vocational profile lists a job seeker's IQ score, his behaviour incidents and "
        "the tasks he cannot do. What is the most important revision?",
        [
            "Rewrite it around his interests, strengths, contributions and conditions for success",
            "Add more test scores so that employers see a complete picture",
            "Remove the list of tasks he cannot do and keep the rest",
            "Send it to employers as written, because accuracy matters most",
        ],
        "A",
        "A vocational profile describes the person positively and usefully for job development "
        "(A). B and D keep the deficit focus, and C leaves the scores and incidents in place.",
        [HANDBOOK],
        S.IN_REVIEW,
    ),
    _item(
        "2.4", A,
        "A job seeker is interested in veterinary clinics but has never been inside one. Which "
        "next step best helps her explore the interest?",
        [
            "Arrange an informational interview and a short job shadow at a local clinic",
            "Have her apply to every clinic in town",
            "Show her a video about veterinarians",
            "Place her as a volunteer at a clinic for six months",
        ],
        "A",
        "An informational interview and a job shadow let her see the work first-hand at little "
        "cost (A). B skips exploration, C is second-hand, and D is unpaid work in place of "
        "exploration.",
        [HANDBOOK],
    ),
    _item(
        "2.4", R,
        "What distinguishes an informational interview from a job interview?",
        [
            "The job seeker gathers information about a business or career; no job is on offer",
            "The employer evaluates the job seeker for an opening",
            "Only the employment specialist takes part",
            "It takes place after the job seeker is hired",
        ],
        "A",
        "An informational interview is for learning, not selection (A); B describes a job "
        "interview, and C and D are false.",
        [HANDBOOK],
        S.PRETEST,
    ),
    _item(
        "2.5", A,
        "During discovery, a job seeker with a traumatic brain injury forgets multi-step "
        "instructions but does well with a written checklist. How should this be used?",
        [
            "Record the checklist as a support to plan for in any job",
            "Rule out jobs that have more than one step",
            "Wait to deal with it until an employer complains",
            "Have him practise memorising instructions before the job search",
        ],
        "A",
        "Supports found in discovery are planned into every job from the start (A). B limits "
        "him needlessly, C invites failure, and D ignores a support that already works.",
        [JAN],
    ),
    _item(
        "2.5", R,
        "Why should supports and possible accommodations be identified before the job search?",
        [
            "So that job development targets settings where the job seeker can succeed, with "
            "supports planned from the first day",
            "So that the employer can be told about all limitations in advance",
            "Because the ADA requires an accommodation plan before hiring",
            "So that the funding agency can decide whether the person is employable",
        ],
        "A",
        "Knowing the supports in advance guides the search and the start (A). B discloses "
        "without need, C is false, and D assumes readiness screening.",
        [HANDBOOK, JAN],
        S.APPROVED,
    ),
    _item(
        "2.5", A,
        "A job seeker who uses a wheelchair is interested in bakery work. Which discovery step "
        "is most useful?",
        [
            "Visit a bakery with him to see which tasks and layouts work and what adaptations he "
            "might need",
            "Rule out bakery work because of the standing it involves",
            "Ask his doctor to certify that he can work in a kitchen",
            "Wait until an employer offers a job before looking at a workplace",
        ],
        "A",
        "Trying the setting shows what works and which adaptations help (A). B and C assume "
        "limits, and D leaves supports until too late.",
        [JAN],
        S.SUBMITTED,
    ),
    # 3. Community research and job development
    _item(
        "3.1", A,
        "A specialist is looking for employers whose needs match a job seeker who is meticulous "
        "with inventory. Which research is most useful?",
        [
            "Identify local businesses with inventory-heavy work and learn about it through "
            "visits and conversations",
            "Read the largest employers' online job postings only",
            "Mail the job seeker's r\u00e9sum\u00e9 to every business in town",
            "Look for businesses with diversity hiring programs, whatever their work",
        ],
        "A",
        "Research starts from the job seeker's contributions and looks for the businesses that "
        "need them (A). B misses unadvertised work, C is untargeted, and D ignores the match.",
        [HANDBOOK],
    ),
    _item(
        "3.1", R,
        "What is meant by the \u201chidden job market\u201d?",
        [
            "Jobs filled through networks and direct contact that are never advertised",
            "Jobs open only to people with disabilities",
            "Jobs paid below the minimum wage",
            "Temporary jobs offered through staffing agencies",
        ],
        "A",
        "Many jobs are filled without being advertised (A); the other options describe "
        "something else.",
        [HANDBOOK],
    ),
    _item(
        "3.1", N,
        "In a town whose largest employer is closing, a specialist is developing jobs for "
        "several job seekers. Which strategy best reflects labour-market research?",
        [
            "Identify growing small businesses and sectors, and learn what work they need done",
            "Concentrate on the closing employer's suppliers",
            "Wait until the local economy recovers",
            "Place every job seeker in the same large chain store to simplify support",
        ],
        "A",
        "Research follows where the work is growing and what those businesses need (A). "
        "Suppliers of a closing plant are shrinking too (B), waiting delays everyone (C), and D "
        "ignores individual matches.",
        [HANDBOOK],
    ),
    _item(
        "3.2", A,
        "When presenting a job seeker to a busy restaurant owner, which opening is most "
        "effective?",
        [
            "\u201cI work with someone who could take over stocking and dish prep during your "
            "lunch rush, so your cooks can cook.\u201d",
            "\u201cHiring a person with a disability would be a great thing for the "
            "community.\u201d",
            "\u201cThere is a tax credit if you hire my client.\u201d",
            "\u201cMy client needs a job and would really appreciate a chance.\u201d",
        ],
        "A",
        "Employers respond to what a worker can do for their business (A). B and D appeal to "
        "charity, and C makes an incentive the main reason to hire.",
        [HANDBOOK, REAL_WORK],
    ),
    _item(
        "3.2", R,
        "In job development, what is a \u201cbenefit statement\u201d?",
        [
            "A description of how the job seeker's contributions meet a specific business need",
            "A summary of the job seeker's disability benefits",
            "A list of tax incentives for hiring people with disabilities",
            "The employment specialist's job description",
        ],
        "A",
        "A benefit statement speaks to the employer's need (A); the other options use the words "
        "in another sense.",
        [HANDBOOK],
    ),
    _item(
        "3.2", A,
        "An employer says, \u201cWe don't have any openings.\u201d What is the best response?",
        [
            "Ask which tasks pile up or pull staff away from their core work, to look for an "
            "unmet need",
            "Thank the employer and move on to the next business",
            "Remind the employer of the law against disability discrimination",
            "Offer that the job seeker will work for free for a trial period",
        ],
        "A",
        "Customized job development looks for unmet needs rather than advertised openings (A). "
        "B gives up too early, C is out of place, and D proposes unpaid work.",
        [HANDBOOK],
        S.NEEDS_REVISION,
    ),
    _item(
        "3.3", R,
        "What is job carving?",
        [
            "Creating a job from selected tasks of one or more existing jobs that match a job "
            "seeker's strengths",
            "Splitting one full-time job between two workers at the same pay",
            "Lowering the wage of a job to match a worker's productivity",
            "Removing every difficult task from a job while keeping its title",
        ],
        "A",
        "Job carving assembles a new job from existing tasks (A). B describes job sharing; C "
        "and D are not job carving.",
        [HANDBOOK],
    ),
    _item(
        "3.3", A,
        "Nurses at a hospital spend an hour each shift restocking supply rooms. How might a "
        "specialist use this in negotiation?",
        [
            "Propose a position that handles restocking, giving nurses that hour back for "
            "patient care",
            "Ask the hospital to hire the job seeker as a nurse's aide with help from the nurses",
            "Ask the nurses to teach the job seeker nursing tasks",
            "Suggest that the hospital send restocking to a sheltered workshop",
        ],
        "A",
        "A created position that frees skilled staff for their core work benefits the employer "
        "(A). B and C mismatch the tasks, and D is not integrated employment.",
        [HANDBOOK],
    ),
    _item(
        "3.3", N,
        "An employer agrees to a customized position but offers a lower wage than others doing "
        "similar tasks, saying productivity may be lower. What should the specialist advocate?",
        [
            "The same wage and benefits as other employees doing similar work, with supports to "
            "meet the employer's productivity needs",
            "Accepting the lower wage, because it gets the job seeker in the door",
            "Having the employer apply for a special minimum wage certificate",
            "A volunteer period first, so that the job seeker can prove productivity",
        ],
        "A",
        "Competitive integrated employment means pay at the rate of others doing similar work "
        "(A). B and C accept unequal pay, and D asks for unpaid work.",
        [WIOA, FLSA],
        S.APPROVED,
    ),
    _item(
        "3.4", A,
        "After a good meeting, an employer says, \u201cCall me next month.\u201d What should the "
        "specialist do?",
        [
            "Note the date, send a short thank-you, and call back as promised",
            "Wait for the employer to call",
            "Call back the next day to keep the momentum",
            "Have the job seeker drop off a r\u00e9sum\u00e9 tomorrow",
        ],
        "A",
        "Following up exactly as agreed builds trust (A). B loses the lead, C ignores the "
        "employer's request, and D bypasses it.",
        [HANDBOOK],
    ),
    _item(
        "3.4", R,
        "For most job developers, which is the most productive source of employer contacts?",
        [
            "Personal and professional networks, including the job seeker's own",
            "Classified advertisements",
            "Mass mailings of r\u00e9sum\u00e9s",
            "Job fairs only for people with disabilities",
        ],
        "A",
        "Most jobs come through people who know people (A); the other sources reach fewer "
        "employers, less personally.",
        [HANDBOOK],
        S.PRETEST,
    ),
    _item(
        "3.5", A,
        "A job seeker with autism has an interview next week and is anxious about small talk. "
        "What is the best support?",
        [
            "Practise likely questions with him and, if he agrees, ask the employer whether a "
            "working interview could replace part of the conversation",
            "Answer the interview questions for him",
            "Advise him to avoid eye contact and say as little as possible",
            "Ask the employer to skip the interview because of his disability",
        ],
        "A",
        "Preparation plus an alternative format, with his consent, lets him show his skills (A). "
        "B takes over, C is poor advice, and D discloses and asks for an exemption he may not "
        "want.",
        [JAN, HANDBOOK],
    ),
    _item(
        "3.5", R,
        "Whenever possible, who should complete a job application?",
        [
            "The job seeker, with the support the job seeker chooses",
            "The employment specialist, to avoid mistakes",
            "A family member",
            "The employer's human resources staff",
        ],
        "A",
        "The job seeker takes part in their own job search as fully as possible (A).",
        [APSE],
        S.DRAFT,
    ),
    # 4. Workplace supports
    _item(
        "4.1", A,
        "Before a new employee starts in a hotel laundry, what should the job coach do first?",
        [
            "Learn the job, its routines and the workplace culture by observing and, where "
            "possible, doing the tasks",
            "Write a training plan from the job description alone",
            "Ask the supervisor to simplify the job",
            "Meet the employee on the first day and learn the job together",
        ],
        "A",
        "A job analysis before the start lets the coach teach the job as it is really done (A). "
        "A job description misses much (B), C assumes limits, and D leaves the coach unprepared.",
        [REAL_WORK],
    ),
    _item(
        "4.1", R,
        "Besides the tasks themselves, what does a job analysis record?",
        [
            "Natural cues, routines, social expectations and the workplace culture",
            "The employee's diagnosis and medications",
            "The wages of the co-workers",
            "The employer's tax status",
        ],
        "A",
        "A job analysis covers everything the employee needs to fit in and succeed (A); the "
        "others are irrelevant or private.",
        [REAL_WORK],
    ),
    _item(
        "4.1", N,
        "A job analysis shows that co-workers at a warehouse eat lunch together and joke a lot, "
        "and that new hires who skip lunch are seen as unfriendly. How should this inform the "
        "support?",
        [
            "Plan support for the new employee to join lunch and build relationships, as part of "
            "the job",
            "Ignore it, because social life is not part of the job",
            "Arrange a separate lunch time to avoid problems",
            "Tell the co-workers about the employee's disability so that they are patient",
        ],
        "A",
        "Fitting into the workplace culture matters for keeping a job (A). B and C isolate the "
        "employee, and D discloses without consent.",
        [NATURAL, REAL_WORK],
        S.IN_REVIEW,
    ),
    _item(
        "4.2", R,
        "In a system of least prompts, the trainer:",
        [
            "Starts with the least intrusive prompt and gives more help only when needed",
            "Starts with full physical guidance and fades it",
            "Gives every prompt at once",
            "Gives no prompts and waits for errors",
        ],
        "A",
        "Least-to-most prompting begins with the least help (A); B is most-to-least prompting.",
        [SNELL],
    ),
    _item(
        "4.2", R,
        "A trainer has the employee do only the last step of a task at first, then the last two "
        "steps, and so on. What is this method called?",
        ["Backward chaining", "Forward chaining", "Total task presentation", "Constant time delay"],
        "A",
        "Teaching from the last step backwards is backward chaining (A).",
        [SNELL],
    ),
    _item(
        "4.2", A,
        "A new employee at a print shop now does the job correctly whenever the job coach "
        "stands nearby. What should the job coach do next?",
        [
            "Gradually increase distance and time away while monitoring performance",
            "Stay nearby permanently to prevent errors",
            "Leave the job site entirely the next day",
            "Ask a co-worker to stand nearby instead, at the same distance",
        ],
        "A",
        "Fading support gradually builds independence (A). B creates dependence, C removes "
        "support too quickly, and D only changes who hovers.",
        [REAL_WORK, SNELL],
    ),
    _item(
        "4.2", A,
        "An employee keeps missing the step of checking the label before shelving a box. Which "
        "is the best natural cue to teach?",
        [
            "The coloured band on every box label, which is always there in the work",
            "The job coach tapping the box",
            "A reminder from the supervisor each time",
            "A bell the job coach rings at the shelf",
        ],
        "A",
        "A natural cue belongs to the work itself and stays when the coach leaves (A); B, C and "
        "D are artificial prompts.",
        [GOLD, SNELL],
    ),
    _item(
        "4.3", A,
        "An employee with low vision has trouble reading small labels on stock. Which "
        "accommodation is most likely to work and cost little?",
        [
            "A handheld or phone magnifier, or larger labels",
            "Reassignment to a different job",
            "Having co-workers read every label for her",
            "Fewer working hours",
        ],
        "A",
        "Simple magnification or larger print is effective and cheap (A). B and D are last "
        "resorts, and C makes her dependent on others.",
        [JAN],
    ),
    _item(
        "4.3", R,
        "Under the ADA, which of these is NOT required as a reasonable accommodation?",
        [
            "Removing an essential function of the job",
            "Modifying a work schedule",
            "Providing assistive technology",
            "Restructuring marginal job functions",
        ],
        "A",
        "Employers need not remove essential functions (A); B, C and D are recognised forms of "
        "reasonable accommodation.",
        [EEOC_ACCOMMODATION],
    ),
    _item(
        "4.3", A,
        "A worker who is hard of hearing misses safety announcements on the factory floor. What "
        "is the best first step?",
        [
            "Discuss options with her and the employer, such as visual alerts or a vibrating pager",
            "Move her to the office, where announcements are easier to hear",
            "Have the job coach repeat every announcement to her",
            "Tell the employer that this safety risk justifies ending her employment",
        ],
        "A",
        "An interactive discussion finds an effective accommodation such as visual or tactile "
        "alerts (A). B removes her from her job, C depends on the coach, and D is discriminatory.",
        [JAN, EEOC_ACCOMMODATION],
    ),
    _item(
        "4.4", R,
        "What are natural supports?",
        [
            "Help from people and routines already present at the workplace, such as co-workers "
            "and supervisors",
            "Supports paid for by the family",
            "Services provided by a job coach",
            "Medications that help a worker stay on task",
        ],
        "A",
        "Natural supports come from the workplace itself (A).",
        [NATURAL],
    ),
    _item(
        "4.4", A,
        "A co-worker offers to show a new employee how to use the time clock. How should the "
        "job coach respond?",
        [
            "Welcome the offer and support the co-worker's teaching if needed",
            "Decline, because training is the job coach's responsibility",
            "Ask the supervisor whether the co-worker is allowed to help",
            "Let the co-worker teach, then redo the training later to be sure",
        ],
        "A",
        "Encouraging co-workers' help builds natural supports (A). B and D undermine them, and "
        "C adds an unnecessary step.",
        [NATURAL],
    ),
    _item(
        "4.5", A,
        "A new employee's shift ends after the last bus has left. Which solution should be "
        "explored first?",
        [
            "Options such as a co-worker carpool, a shift change or paratransit, chosen with the "
            "employee",
            "Turning down the job",
            "The job coach driving her home every night for as long as she works there",
            "Asking the employer to let her leave early without telling co-workers",
        ],
        "A",
        "Sustainable transportation is planned with the employee, using natural and community "
        "options (A). B gives up, C cannot last, and D is not an honest arrangement.",
        [REAL_WORK],
        S.PRETEST,
    ),
    # 5. Ongoing supports and retention
    _item(
        "5.1", A,
        "Three months into a job, how should the employment specialist monitor progress?",
        [
            "Check in with the employee and the employer at agreed intervals, in ways that fit "
            "the workplace",
            "Visit every day without notice to observe",
            "Wait for the employer to report problems",
            "Ask co-workers to send weekly reports",
        ],
        "A",
        "Agreed, unobtrusive check-ins with both parties catch problems early (A). B is "
        "intrusive, C is too late, and D enlists co-workers inappropriately.",
        [IPS, REAL_WORK],
    ),
    _item(
        "5.1", R,
        "In Individual Placement and Support, how long do follow-along supports last?",
        [
            "As long as the person wants and needs them",
            "90 days after the job starts",
            "One year",
            "Until the funding agency closes the case",
        ],
        "A",
        "IPS supports are time-unlimited and individualised (A).",
        [IPS],
    ),
    _item(
        "5.1", A,
        "An employer says an employee is doing \u201cfine\u201d, but the employee tells the "
        "specialist he is bored. What should the specialist do?",
        [
            "Explore with the employee what would make the job more satisfying, such as new "
            "tasks or more hours",
            "Remind the employee that having a job is what matters",
            "Tell the employer that the employee is unhappy",
            "Start looking for a new job without talking to the employer",
        ],
        "A",
        "Job satisfaction predicts retention, so the specialist follows up with the employee "
        "first (A). B dismisses him, C speaks for him, and D acts behind everyone's back.",
        [IPS],
    ),
    _item(
        "5.2", A,
        "A supportive supervisor is leaving, and the new supervisor does not know the "
        "employee's accommodations. What is the best step?",
        [
            "With the employee's consent, meet the new supervisor to share what works",
            "Wait to see whether problems develop",
            "Ask the departing supervisor to leave a warning for the replacement",
            "Have the employee transfer with the old supervisor",
        ],
        "A",
        "Changes of supervisor threaten retention; an introduction, with consent, keeps "
        "accommodations in place (A). B waits for trouble, C frames the employee negatively, and "
        "D is rarely possible or wanted.",
        [REAL_WORK, APSE],
    ),
    _item(
        "5.2", A,
        "An employee's attendance drops after his housing changes. What should the specialist "
        "do first?",
        [
            "Talk with him to understand what changed and plan supports, such as a new route or "
            "schedule",
            "Tell the employer about his housing situation",
            "Suggest that he quit before he is fired",
            "Increase job coaching hours on site",
        ],
        "A",
        "Understanding the cause with the employee comes first (A). B discloses personal "
        "information, C gives up, and D addresses the wrong problem.",
        [IPS],
        S.NEEDS_REVISION,
    ),
    _item(
        "5.2", N,
        "An employer plans to automate the task that makes up most of an employee's job. What "
        "is the best long-term response?",
        [
            "Work with the employer and the employee to identify other tasks and any training "
            "they need",
            "Accept that the job will end and start a new job search",
            "Ask the employer to keep the task manual for the employee's sake",
            "File a complaint that the change is discriminatory",
        ],
        "A",
        "Renegotiating the job around the employer's changing needs protects the job (A). B "
        "gives up, C asks for charity, and D misreads a business decision.",
        [REAL_WORK],
    ),
    _item(
        "5.3", A,
        "An employee who has worked as a dishwasher for two years wants to become a prep cook. "
        "What should the specialist do?",
        [
            "Help her plan steps toward the goal, such as cross-training or a course, and talk "
            "with the employer",
            "Advise her to stay where she is, because the job is stable",
            "Find her a prep cook job elsewhere at once",
            "Tell the employer that she is unhappy as a dishwasher",
        ],
        "A",
        "Career advancement is part of ongoing support (A). B ignores her goal, C skips the "
        "chance to advance where she is, and D misrepresents her.",
        [REAL_WORK],
    ),
    _item(
        "5.3", R,
        "Which is an example of career advancement in supported employment?",
        [
            "A raise, more responsibility, or a new position with better pay",
            "A longer visit from the job coach",
            "A move from a community job to a sheltered workshop",
            "Fewer hours so that benefits are kept",
        ],
        "A",
        "Advancement means better pay, responsibility or position (A).",
        [REAL_WORK],
        S.SUBMITTED,
    ),
    _item(
        "5.4", R,
        "Why should employment services be documented accurately and on time?",
        [
            "Funding sources require it, and records show outcomes and support decisions",
            "To build a case for ending services",
            "To give employers proof of the supports provided",
            "To replace conversations with the job seeker",
        ],
        "A",
        "Documentation meets funders' requirements and records what was done and achieved (A).",
        [WIOA],
    ),
    _item(
        "5.4", A,
        "A case note reads: \u201cClient was difficult and non-compliant today.\u201d Which "
        "revision best meets good documentation practice?",
        [
            "\u201cJ. left the work station three times; he said the noise bothered him. We "
            "agreed to try ear protection.\u201d",
            "\u201cClient was uncooperative again.\u201d",
            "\u201cClient had a bad day; staff handled it.\u201d",
            "\u201cClient refused to work, as usual.\u201d",
        ],
        "A",
        "Good notes are objective, specific and respectful, and record the plan (A); B, C and D "
        "are vague judgments.",
        [APSE],
    ),
]  # fmt: skip

# Pairs of items (by the start of their stems) that cue each other: never on the same form.
ENEMIES = [
    ("While developing a job at a grocery store", "Who decides whether, when and how"),
    ("When presenting a job seeker to a busy restaurant", "In job development, what is a"),
    ("What are natural supports?", "A co-worker offers to show a new employee"),
]


def _multiple(
    competency: str,
    level: str,
    select: int,
    stem: str,
    options: list[str],
    keys: str,
    rationale: str,
    references: list[str],
    status: str = ItemStatus.OPERATIONAL,
) -> DemoItem:
    """A multiple-response item: `keys` every option to select ("A|C"); `select` 0 for all."""
    spec = _item(competency, level, stem, options, keys, rationale, references, status)
    return replace(spec, select=select)


SELECT_ALL = 0

MULTIPLE_RESPONSE: list[DemoItem] = [
    _multiple(
        "1.2", A, 2,
        "A job seeker has agreed that the employment specialist may tell a prospective "
        "employer that she uses a screen reader. Which <strong>two</strong> of these may the "
        "specialist share without asking her again?",
        [
            "That she uses a screen reader to read documents and web pages",
            "The name of her eye condition and its prognosis",
            "What the screen reader needs to work on the employer's computers",
            "Her history of benefits from the Social Security Administration",
        ],
        "A|C",
        "Consent covers what she agreed to share: the screen reader (A) and what it needs to "
        "work (C). Her diagnosis (B) and her benefits (D) were not part of her consent.",
        [EEOC_PREEMPLOYMENT, APSE],
    ),
    _multiple(
        "1.4", R, 2,
        "Which <strong>two</strong> of these does Title I of the ADA require of a covered "
        "employer?",
        [
            "Provide reasonable accommodations unless they would cause undue hardship",
            "Hire a qualified applicant with a disability over a better-qualified applicant",
            "Keep medical information about employees confidential and apart from personnel "
            "files",
            "Pay for a job coach for any employee with a disability",
        ],
        "A|C",
        "Title I requires reasonable accommodation short of undue hardship (A) and the "
        "confidentiality of medical information (C). It does not require preferential hiring (B) "
        "or that employers pay for job coaching (D).",
        [ADA, EEOC_ACCOMMODATION],
    ),
    _multiple(
        "2.1", A, SELECT_ALL,
        "An employment specialist is planning discovery with a young man who has never held a "
        "job. Which of these are good sources of information about his interests and conditions "
        "for success?",
        [
            "Spending time with him in his neighbourhood and at the places he goes every week",
            "Asking the people who know him well what he enjoys and when he does his best",
            "A standardized aptitude test taken in an unfamiliar office",
            "Watching him take part in a task he already does at home",
        ],
        "A|B|D",
        "Discovery learns about the person in familiar settings and from the people who know "
        "him (A, B, D). An unfamiliar testing situation (C) shows little about how he performs "
        "in real life.",
        [HANDBOOK, REAL_WORK],
    ),
    _multiple(
        "3.3", A, 2,
        "A hotel's housekeeping staff spend an hour of each shift folding towels and restocking "
        "carts, and guests wait for clean rooms. Which <strong>two</strong> steps best begin "
        "negotiating a carved job for a job seeker who enjoys orderly, repetitive work?",
        [
            "Observe the department's work to find the tasks that keep housekeepers from rooms",
            "Propose a position built from those tasks, framed as more rooms ready sooner",
            "Ask the hotel to create any job at all as a community service",
            "Offer to place the job seeker as an unpaid volunteer first",
        ],
        "A|B",
        "Job carving starts from the employer's work and needs (A) and proposes a position that "
        "meets them (B). Charity (C) and unpaid work (D) do not lead to a real job.",
        [HANDBOOK, REAL_WORK],
    ),
    _multiple(
        "4.3", A, 3,
        "A new warehouse employee who is hard of hearing misses the overhead announcements. "
        "Which <strong>three</strong> of these are reasonable accommodations to discuss with "
        "the employer and the employee?",
        [
            "A vibrating pager that receives the announcements as text",
            "Visual alarms next to the audible ones on the warehouse floor",
            "A written summary of each shift's instructions from the supervisor",
            "Moving him to an office job with no announcements",
            "Asking a co-worker to repeat every announcement to him, unpaid",
        ],
        "A|B|C",
        "A, B and C give him the same information in another form. Reassignment (D) is a last "
        "resort, and relying on a co-worker's goodwill (E) is not an accommodation the employer "
        "provides.",
        [JAN, EEOC_ACCOMMODATION],
    ),
    _multiple(
        "4.4", R, 2,
        "Which <strong>two</strong> of these are natural supports at work?",
        [
            "A co-worker who reminds the new employee when the break ends",
            "A job coach who stays on site for the whole shift",
            "A supervisor who checks the new employee's first orders, as for every new hire",
            "A support worker paid by the family to accompany him",
        ],
        "A|C",
        "Natural supports come from the workplace itself, its people and routines (A, C); a job "
        "coach (B) and a paid support worker (D) come from outside it.",
        [NATURAL],
    ),
    _multiple(
        "1.3", A, SELECT_ALL,
        "A job seeker who receives SSDI is offered a part-time job. Which of these should the "
        "employment specialist do?",
        [
            "Refer him to a benefits counsellor before he decides",
            "Tell him that any job will end his benefits",
            "Explain that work incentives such as the trial work period exist",
            "Help him plan how he will report his earnings",
        ],
        "A|C|D",
        "The specialist refers to benefits counselling (A), explains that work incentives exist "
        "(C) and helps plan reporting (D). B is false: SSDI work incentives let many people "
        "work and keep benefits for a time.",
        [RED_BOOK, TICKET],
        ItemStatus.APPROVED,
    ),
]  # fmt: skip


@dataclass(frozen=True)
class DemoSet:
    identifier: str
    title: str
    stimulus: str
    exhibit: str = ""  # an image in demo_media/ shown at the end of the stimulus
    exhibit_alt: str = ""


CASE_MARCUS = DemoSet(
    "CASE-MARCUS",
    "Marcus looks for work",
    "<p>Marcus is 24 and has autism. He lives with his grandmother, takes the bus on his own "
    "on routes he knows, and spends most afternoons at the public library, where he reshelves "
    "books for the librarians without being asked. He does not like loud, crowded places. "
    "His last placement, in a fast-food kitchen, ended after two weeks: the manager said he "
    "\u201cfroze\u201d when orders came in quickly.</p>"
    "<p>Marcus receives SSI. His grandmother worries that a job will cost him his benefits and "
    "his health coverage. Marcus says he wants \u201ca job with books or computers, where "
    "people are quiet\u201d.</p>",
    "marcus-library-hours.png",
    "Bar chart of the hours a week Marcus spends at the library: 6 in January, 9 in "
    "February, 12 in March and 15 in April.",
)
SETS = [CASE_MARCUS]

CASE_ITEMS: list[DemoItem] = [
    replace(spec, item_set=CASE_MARCUS.identifier)
    for spec in [
        _item(
            "2.1", A,
            "Which of these would teach the employment specialist most about the conditions "
            "under which Marcus does his best work?",
            [
                "Spending afternoons with him at the library while he reshelves books",
                "Asking the fast-food manager for a written evaluation of his work",
                "Giving him a timed assembly test at the agency's office",
                "Reading his school records from ten years ago",
            ],
            "A",
            "Discovery observes the person where he is competent and at ease (A). The failed "
            "placement (B), an unfamiliar test (C) and old records (D) show little of what "
            "helps him succeed.",
            [HANDBOOK],
        ),
        _item(
            "3.1", N,
            "Given what the case says about Marcus, which employer should the employment "
            "specialist approach first?",
            [
                "A university library that needs help returning books to the stacks",
                "A busy coffee shop that is hiring baristas for the morning rush",
                "A call centre that is hiring customer-service agents",
                "A warehouse that is hiring order pickers for night shifts paid by speed",
            ],
            "A",
            "A library matches his interests, his proven skill and his need for quiet (A); the "
            "others put him back in fast, noisy or crowded work like the placement that ended.",
            [HANDBOOK, REAL_WORK],
        ),
        _multiple(
            "1.3", A, 2,
            "Marcus's grandmother asks what a job would mean for his SSI. Which "
            "<strong>two</strong> of these are accurate things to tell her?",
            [
                "SSI counts only part of his earnings, so his check goes down gradually rather "
                "than stopping",
                "Medicaid coverage can continue under Section 1619(b) even when his earnings "
                "stop his SSI payments",
                "Any paid job ends his SSI and his Medicaid at once",
                "He must turn down a job that pays more than minimum wage",
            ],
            "A|B",
            "The SSI earned-income rules reduce the check gradually (A), and 1619(b) keeps "
            "Medicaid for many who earn too much for a payment (B). C and D are the myths that "
            "keep people from working; a benefits counsellor can give the exact figures.",
            [RED_BOOK],
        ),
        _item(
            "4.1", A,
            "Marcus is hired by the university library. Before his first day, what should the "
            "employment specialist do?",
            [
                "Learn the library's routines, quiet areas and unwritten rules, and how tasks "
                "are taught to new staff",
                "Ask the library to let him start without any training",
                "Tell his co-workers about his diagnosis so that they understand him",
                "Arrange for him to work alone, away from the other staff",
            ],
            "A",
            "A workplace analysis before the start (A) shows what he must learn and where "
            "support is needed. B skips training, C breaks confidentiality, and D isolates him "
            "from natural supports.",
            [REAL_WORK, NATURAL],
        ),
    ]
]  # fmt: skip
