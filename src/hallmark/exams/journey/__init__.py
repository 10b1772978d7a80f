"""The candidate journey: applications, evidence, employer confirmation, fees,
accommodations (and what an appeal panel's overturn changes in them), testing windows and
registrations (bookings, retakes, no-shows), and the dashboard's next step.

The changes of state are in applications, employer, accommodations, on_appeal and registrations,
each one function in one transaction. Every function takes the person acting (`by`) and refuses
with PermissionDenied when they may not act, or with ValidationError saying what is wrong and
where. `now` defaults to the present; days are counted in the program's time zone.
"""
