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
    # The candidate's journey and results.
    MessageKey.APPLICATION_SUBMITTED: (
        "Recibimos su solicitud de {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Recibimos su solicitud para {{ program }} el {{ submitted_on }}. El personal de "
        "credenciales la revisará y le escribirá con su decisión.\n\n"
        "Tarifa de solicitud: {{ fee_status }}.\n\nSu solicitud: {{ url }}\n",
    ),
    MessageKey.APPLICATION_APPROVED: (
        "Su solicitud de {{ program }} está aprobada",
        "Hola, {{ name }}:\n\n"
        "Su solicitud para {{ program }} está aprobada. La aprobación vence el "
        "{{ expires_on }}: reserve un lugar en un periodo de examen antes de esa fecha.\n\n"
        "Reservar un lugar: {{ url }}\n",
    ),
    MessageKey.APPLICATION_MORE_INFORMATION: (
        "Su solicitud de {{ program }} necesita más información",
        "Hola, {{ name }}:\n\n"
        "El personal de credenciales necesita más información antes de decidir sobre su "
        "solicitud para {{ program }}:\n\n{{ reason }}\n\n"
        "Actualice su solicitud y envíela de nuevo a más tardar el {{ resubmit_by }}: "
        "{{ url }}\n",
    ),
    MessageKey.APPLICATION_DENIED: (
        "Decisión sobre su solicitud de {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Su solicitud para {{ program }} fue denegada por este motivo:\n\n{{ reason }}\n\n"
        "Puede apelar esta decisión hasta el {{ appeal_by }}: {{ url }}\n",
    ),
    MessageKey.ACCOMMODATION_APPROVED: (
        "Su adaptación para {{ program }} está aprobada",
        "Hola, {{ name }}:\n\n"
        "Su solicitud de {{ accommodation }} para {{ program }} está aprobada. Se aplica a cada "
        "examen que reserve para {{ program }}, incluidas las reservas que ya tiene: no "
        "necesita volver a solicitarla.\n\n{{ url }}\n",
    ),
    MessageKey.ACCOMMODATION_DENIED: (
        "Decisión sobre su solicitud de adaptación para {{ program }}",
        "Hola, {{ name }}:\n\n"
        "Su solicitud de {{ accommodation }} para {{ program }} fue denegada por este "
        "motivo:\n\n{{ reason }}\n\n"
        "Puede apelar esta decisión hasta el {{ appeal_by }}: {{ url }}\n",
    ),
    MessageKey.BOOKING_CONFIRMED: (
        "Reserva confirmada: {{ window }}",
        "Hola, {{ name }}:\n\n"
        "Tiene un lugar en {{ window }} ({{ delivery_mode }}), abierto del {{ opens }} al "
        "{{ closes }} ({{ time_zone }}).\n\n"
        "Código de autorización: {{ authorization_code }} (válido hasta el "
        "{{ authorization_expires }}).\n"
        "{% if accommodations %}Se aplican sus adaptaciones aprobadas: {{ accommodations }}.\n"
        "{% endif %}\nSu reserva: {{ url }}\n",
    ),
    MessageKey.BOOKING_CANCELLED: (
        "Reserva cancelada: {{ window }}",
        "Hola, {{ name }}:\n\nSu lugar en {{ window }} está cancelado.{% if reason %} "
        "Motivo: {{ reason }}{% endif %}\n\nSu panel: {{ url }}\n",
    ),
    MessageKey.BOOKING_RESCHEDULED: (
        "Reserva trasladada a {{ window }}",
        "Hola, {{ name }}:\n\n"
        "Su lugar se trasladó de {{ old_window }} a {{ window }}, abierto del {{ opens }} al "
        "{{ closes }} ({{ time_zone }}). Su nuevo código de autorización es "
        "{{ authorization_code }}.\n\nSu reserva: {{ url }}\n",
    ),
    MessageKey.RESULTS_RELEASED: (
        "Su resultado de {{ program }} está disponible",
        "Hola, {{ name }}:\n\nSu resultado del examen {{ program }} presentado el "
        "{{ sat_on }} está disponible: {{ url }}\n",
    ),
}
