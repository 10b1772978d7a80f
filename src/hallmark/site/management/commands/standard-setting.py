from hallmark.site.management.commands._file_verb import FileVerbCommand


class Command(FileVerbCommand):
    verb = "standard-setting"
