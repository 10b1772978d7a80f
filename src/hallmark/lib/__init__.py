"""Plain helpers every app may use: settings from the environment, the clock, reads prepared once,
private storage, rate limits, records that never change, admin and view helpers.
`lib` imports no app."""
