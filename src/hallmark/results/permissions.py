"""What each role may do with scoring, standard setting and results.

Psychometricians score, review keys, equate forms, release and run studies; program managers
record the body's cut-score decision and see results; credentialing officers see results and
answer score verification requests. Panelists need no permission: they see only the studies
they sit on. Candidates see only their own released results. The content panel's DIF review
(aggregate tables only) is for psychometricians and item reviewers; dropping an item also
needs the psychometrician's key permission. Program managers set a program's smallest DIF
group. The technical report (aggregate figures of a period) is for psychometricians and
program managers.
"""

from hallmark.accounts.data import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PSYCHOMETRICIAN: [
        "results.score_window",
        "results.release_results",
        "results.override_key",
        "results.import_results",
        "results.run_study",
        "results.view_all_results",
        "results.view_scoringrun",
        "results.view_result",
        "results.view_study",
        "results.view_cutscoredecision",
        "results.add_reportingscale",
        "results.change_reportingscale",
        "results.view_reportingscale",
        "results.review_dif",
        "results.view_difreview",
        "results.view_difpolicy",
        "results.equate",
        "results.view_equating",
        "results.view_technical_report",
    ],
    Role.ITEM_REVIEWER: [
        "results.review_dif",
        "results.view_difreview",
    ],
    Role.PROGRAM_MANAGER: [
        "results.add_difpolicy",
        "results.change_difpolicy",
        "results.view_difpolicy",
        "results.decide_cut",
        "results.view_all_results",
        "results.view_cutscoredecision",
        "results.view_reportingscale",
        "results.view_study",
        "results.view_technical_report",
    ],
    Role.CREDENTIALING_OFFICER: [
        "results.view_all_results",
        "results.view_result",
        "results.verify_score",
        "results.view_scoreverificationrequest",
    ],
}
