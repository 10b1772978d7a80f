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
    MessageKey.CREDENTIAL_ISSUED: (
        "Su {{ award }} de {{ program }}",
        "Hola, {{ name }}:\n\nFelicitaciones: se emitió su {{ award }} de {{ program }} "
        "(número {{ credential_number }}){% if expires_on %}, vigente hasta el {{ expires_on }}"
        "{% endif %}.\n\nSu credencial digital firmada y su certificado están en su página de "
        "credenciales: {{ url }}\n",
    ),
    MessageKey.CREDENTIAL_SUSPENDED: (
        "Se suspendió su {{ award }} de {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Su {{ award }} de {{ program }} (número {{ credential_number }}) se suspendió el "
        "{{ decided_on }}{% if reason %}, por este motivo:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nQué significa: el registro público ahora muestra la credencial como suspendida, "
        "y la lista de estado de su credencial digital lo indica, de modo que quien la verifique "
        "ve que no está vigente. Hasta que se restablezca, no la presente como vigente.\n\n"
        "Puede apelar esta decisión hasta el {{ appeal_by }}: {{ url }}\n",
    ),
    MessageKey.CREDENTIAL_REVOKED: (
        "Se revocó su {{ award }} de {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Su {{ award }} de {{ program }} (número {{ credential_number }}) se revocó el "
        "{{ decided_on }}{% if reason %}, por este motivo:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nQué significa: se retira de forma definitiva. El registro público ahora muestra "
        "la credencial como revocada, y la lista de estado de su credencial digital lo indica, "
        "de modo que quien la verifique ve que ya no es válida. No presente la credencial, "
        "su certificado ni su tarjeta de bolsillo como válidos.\n\n"
        "Puede apelar esta decisión hasta el {{ appeal_by }}: {{ url }}\n",
    ),
    MessageKey.CREDENTIAL_REINSTATED: (
        "Se restableció su {{ award }} de {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Su {{ award }} de {{ program }} (número {{ credential_number }}) se restableció el "
        "{{ decided_on }}{% if reason %}, por este motivo:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nQué significa: el registro público ahora muestra su estado como «{{ status }}», y "
        "la lista de estado de su credencial digital ya no la marca como suspendida ni "
        "revocada.\n\nSu página de credenciales: {{ url }}\n",
    ),
}
