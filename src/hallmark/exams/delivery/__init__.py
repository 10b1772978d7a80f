"""Exam delivery: sessions from check-in to submission, the candidate's exam pages, the proctor
pages, and the hook for remote-proctoring services."""
