"""Date formats per language (FORMAT_MODULE_PATH): pages write dates with the named formats
("DATE_FORMAT"), so that each language reads its own way; English keeps the site's day-month-year
("3 March 2025"), Spanish takes Django's ("3 de marzo de 2025") but writes a date and time as
English does, with a comma before a 24-hour clock."""
