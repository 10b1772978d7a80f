"""The demo programs' published handbooks: Hallmark's own text, written for the demonstration, with
the figures of the demo's policies (fees, retakes, renewal, appeals) and exam (135 questions in
three hours)."""

CESP_HANDBOOK = """
<h2>1. About the CESP</h2>
<p>The Certified Employment Support Professional (CESP) is a certification for people who help
persons with disabilities find, keep and advance in jobs in their communities: job developers,
employment specialists, job coaches and their supervisors. You earn it by passing an exam on the
competencies of the work, set out in the content outline, and you keep it by renewing it every
three years.</p>
<p>A certification is not a certificate of completion. A certificate of completion records that
someone attended or finished a course. The CESP shows that an independent body tested what you
know and can do against standardized competencies, and that you keep your practice up to date.
Employers, funders and the people you support can check that your CESP is current in the public
registry (<a href="/registry/">/registry/</a>).</p>
<p>This is a demonstration program. Its outline wording, items and policies are Hallmark's own and
it is not the real exam of any certifying body.</p>

<h2>2. Who can apply</h2>
<p>You can apply when you meet all of these requirements:</p>
<ol>
<li><strong>Education:</strong> a high-school diploma or an equivalent such as the GED.</li>
<li><strong>Experience</strong>, by either route:
<ul>
<li>one year of paid employment-support work at 20 or more hours a week; or</li>
<li>nine months of such work and 32 hours of training in employment supports.</li>
</ul></li>
<li><strong>Conduct:</strong> you agree to the code of ethics and conduct, which you sign in the
application.</li>
<li><strong>Employer verification:</strong> a supervisor confirms your work through a one-time
link we send them.</li>
</ol>
<p>A credentialing officer reviews each application, may ask you for more information (you then
have 30 days to answer), and approves or denies it with the reason. An approval lets you book
an exam for 365 days. You can appeal a denial within 30 days.</p>

<h2>3. Fees</h2>
<table>
<thead><tr><th scope="col">Fee</th><th scope="col">Amount (USD)</th></tr></thead>
<tbody>
<tr><td>Application</td><td>50.00</td></tr>
<tr><td>Exam</td><td>175.00</td></tr>
<tr><td>Retake</td><td>125.00</td></tr>
<tr><td>Renewal</td><td>75.00</td></tr>
<tr><td>Late renewal (in the grace period)</td><td>50.00 more</td></tr>
<tr><td>Reinstatement</td><td>150.00</td></tr>
</tbody>
</table>
<p>Fees are not refunded once an application is reviewed or an exam is taken. If paying a fee
would stop you from applying, ask us about a waiver before you apply.</p>

<h2>4. The exam</h2>
<p>The exam has 135 questions and you have three hours to answer them. 115 questions are scored;
the other 20 are new questions being tried out, which do not count and which you cannot tell from
the rest, so answer every question as well as you can. There is no penalty for guessing.</p>
<p>Most questions have one best answer among four options. Some ask you to select two or three
options and say how many. A case describes a job seeker and their situation, and several
questions about it are shown beside it.</p>
<p>You take the exam on a computer, online with a remote proctor or at a test centre, in a testing
window you book once your application is approved. Before the timed exam starts you can try an
untimed tutorial. During the exam you can move between questions, flag questions to come back to,
strike out options, highlight text, make the text larger and switch to high contrast. Your
answers are saved as you go: if your connection drops, you resume where you were.</p>
<p>Bring a government-issued photo ID whose name matches your application. Notes, phones and other
devices are not allowed. The content of the exam is confidential: you agree not to share it.</p>

<h2>5. Accommodations</h2>
<p>If a disability or a health condition affects how you take a test, you can ask for an
accommodation when you apply: for example extra time (one and a quarter, one and a half or
twice the time), extra or longer breaks, a screen reader, enlarged text, a reader, a recorder, or
a separate room. Describe what you need and upload a short note from a professional who knows
your situation. We decide before you book, and an approved accommodation applies to each exam
you take. Asking for one never counts against you.</p>

<h2>6. Results</h2>
<p>Results are released after each testing window is scored and reviewed. You see a pass or a
fail and a scaled score from 200 to 800; 500 passes on every form of the exam. If you do not pass,
your score report shows how you did in each domain, to help you prepare. You can ask for your
score to be verified by hand.</p>

<h2>7. Retakes</h2>
<p>If you do not pass, you can take the exam again after 30 days, at most twice in any twelve
months, with the retake fee. Your approval must still be current when you book.</p>

<h2>8. Keeping your CESP: renewal</h2>
<p>The CESP lasts three years. You renew it with 36 hours of continuing education in those three
years, at least 3 of them in ethics, or by passing the exam again. Teaching or presenting on
employment supports counts double, up to 16 credits; employer-provided training counts up to 20
hours; a completed three-credit college course counts 10 hours.</p>
<p>Renewal opens nine months before your CESP expires. You may still renew for 30 days after it
expires (the grace period), with the late fee; until you do, the registry shows it as expired.
Within a year of expiry an expired CESP can be reinstated. Each year one renewal in ten is chosen
at random for an audit of its records, so keep your certificates of attendance.</p>

<h2>9. Conduct, suspension and revocation</h2>
<p>A CESP can be suspended or revoked for misconduct, for cheating on the exam or for a false
application, after a fair process: you are told what is alleged and can answer it, and an
independent panel decides. The registry shows a suspension or a revocation.</p>

<h2>10. Appeals and complaints</h2>
<p>You can appeal a decision about you (a denied application, a verified exam result, a
certification decision, a suspension or a revocation) within 30 days of it, from the page that
tells you of the decision. We acknowledge your appeal within 7 days and decide it within 60 days.
A panel of three people who took no part in the decision hears it, and you receive its
reasons.</p>
<p>Anyone may complain, about us or about a CESP holder's conduct, with or without an account, at
<a href="/complaints/">/complaints/</a>. We acknowledge a complaint within 7 days and close it
within 90 days, and you can see where it stands at
<a href="/complaints/status/">/complaints/status/</a>.</p>

<h2>11. Your information</h2>
<p>We use your information to run the program: to decide your application, deliver and score your
exam, keep your certification record and answer your questions. The registry shows your name,
your credential, its status and its dates; never your scores. You may ask not to be found by
name in the registry.</p>
"""

CEF_HANDBOOK = """
<h2>1. About the course</h2>
<p>Customized Employment Foundations is a 30-hour training course on the customized employment
process: discovery, job development and negotiation, and supports on the job. Those who complete
it receive a certificate of completion: a record of the training they completed. It does not
expire and is not an exam result.</p>
<p>This is a demonstration program, and not the course of any real training provider.</p>

<h2>2. Completing the course</h2>
<p>You complete the course by attending all of its sessions (or making up a missed session within
the course's dates) and handing in the discovery profile of its final assignment. The trainer
confirms your completion, and your certificate of completion follows. Anyone can check it in the
registry (<a href="/registry/">/registry/</a>).</p>

<h2>3. Fees</h2>
<p>The course fee is USD 295.00 and covers the sessions, the materials and the certificate of
completion.</p>

<h2>4. Accessibility</h2>
<p>Tell us what you need to take part fully, such as captions, materials in another format or
extra breaks, when you enrol, and we arrange it.</p>

<h2>5. Complaints</h2>
<p>Anyone may complain about the course, with or without an account, at
<a href="/complaints/">/complaints/</a>, and see where a complaint stands at
<a href="/complaints/status/">/complaints/status/</a>.</p>
"""
