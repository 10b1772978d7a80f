"""The candidate journey: applications, evidence, employer confirmation, fees, appeals,
accommodations, testing windows and registrations (bookings, retakes, no-shows), and the
dashboard's next step."""
