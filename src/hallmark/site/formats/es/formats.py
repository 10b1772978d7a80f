# The site's Spanish dates: "3 de marzo de 2025", and with the time "3 de marzo de 2025, 09:00"
# (a 24-hour clock after a comma, as in English). The rest is Django's Spanish.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
