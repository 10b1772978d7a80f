"""Plain helpers every app may use: settings from the environment, the clock, reads prepared once,
private storage, rate limits, admin and view helpers. `lib` imports no app."""
