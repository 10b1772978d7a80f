"""Date formats per language (FORMAT_MODULE_PATH): pages write dates with the named formats
("DATE_FORMAT"), so that each language reads its own way; English keeps the site's day-month-year
("3 March 2025"), Spanish takes Django's ("3 de marzo de 2025")."""
