"""The Spanish defaults of the messages (subject, body), with the English ones' placeholders.

A message with no Spanish template here goes to a Spanish-speaking person in English; staff edit
both languages' templates in the admin.
"""

from hallmark.accounts.data import MessageKey

SPANISH_TEMPLATES: dict[MessageKey, tuple[str, str]] = {
    MessageKey.EMAIL_VERIFICATION: (
        "Confirme su dirección de correo electrónico para {{ site_name }}",
        "Hola, {{ name }}:\n\n"
        "Confirme su dirección de correo electrónico para terminar de crear su cuenta de "
        "{{ site_name }}:\n\n"
        "{{ link }}\n\n"
        "El enlace funciona una sola vez y durante {{ valid_days }} días. Si usted no se "
        "registró, ignore este mensaje: no se abre ninguna cuenta sin la confirmación.\n",
    ),
    MessageKey.SIGN_UP_EXISTING: (
        "Su cuenta de {{ site_name }}",
        "Hola, {{ name }}:\n\n"
        "Alguien intentó abrir una nueva cuenta de {{ site_name }} con esta dirección, que ya "
        "tiene una. Para iniciar sesión, vaya a {{ sign_in_url }}; si olvidó su contraseña, "
        "restablézcala en {{ reset_url }}.\n\nSi no fue usted, no necesita hacer nada.\n",
    ),
    MessageKey.PASSWORD_RESET: (
        "Restablezca su contraseña de {{ site_name }}",
        "Hola, {{ name }}:\n\n"
        "Alguien pidió restablecer la contraseña de la cuenta de {{ site_name }} de "
        "{{ email }}.\n\n"
        "Para elegir una nueva contraseña, abra este enlace (funciona una sola vez):\n"
        "{{ link }}\n\n"
        "Si no fue usted, ignore este mensaje: su contraseña no cambia.\n",
    ),
}
