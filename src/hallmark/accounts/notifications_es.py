"""The Spanish defaults of the messages (subject, body), with the English ones' placeholders.

A message with no Spanish template here goes to a Spanish-speaking person in English; staff edit
both languages' templates in the admin.
"""

from hallmark.accounts.data import MessageKey

_RECERTIFICATION_PAGE = "\n\nSu página de recertificación: {{ url }}\n"

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
    **{
        key: (subject, body + _RECERTIFICATION_PAGE)
        for key, (subject, body) in {
            MessageKey.RENEWAL_WINDOW_OPEN: (
                "Se abrió el período de renovación de su {{ designation }}",
                "Hola, {{ name }}:\n\nYa puede renovar su certificación {{ program }} "
                "({{ credential_number }}). Está vigente hasta el {{ expires_on }}. Registre su "
                "educación continua y solicite la renovación antes de esa fecha.",
            ),
            MessageKey.EXPIRES_IN_180_DAYS: (
                "Su certificación {{ designation }} vence en 180 días",
                "Hola, {{ name }}:\n\nSu certificación {{ program }} ({{ credential_number }}) "
                "vence el {{ expires_on }}. Revise su educación continua y solicite la renovación "
                "con tiempo.",
            ),
            MessageKey.EXPIRES_IN_90_DAYS: (
                "Su certificación {{ designation }} vence en 90 días",
                "Hola, {{ name }}:\n\nSu certificación {{ program }} ({{ credential_number }}) "
                "vence el {{ expires_on }}: dentro de 90 días.",
            ),
            MessageKey.EXPIRES_IN_30_DAYS: (
                "Su certificación {{ designation }} vence en 30 días",
                "Hola, {{ name }}:\n\nSu certificación {{ program }} ({{ credential_number }}) "
                "vence el {{ expires_on }}: dentro de 30 días. Solicite la renovación antes de esa "
                "fecha para conservarla sin interrupción.",
            ),
            MessageKey.CERTIFICATION_EXPIRED: (
                "Su certificación {{ designation }} venció: período de gracia hasta el "
                "{{ grace_ends_on }}",
                "Hola, {{ name }}:\n\nSu certificación {{ program }} ({{ credential_number }}) "
                "venció después del {{ expires_on }}. El registro ahora la muestra como vencida, "
                "en su período de gracia. Todavía puede renovarla hasta el {{ grace_ends_on }} "
                "(se aplica un recargo por renovación tardía).",
            ),
            MessageKey.GRACE_PERIOD_ENDED: (
                "Terminó el período de gracia de su {{ designation }}",
                "Hola, {{ name }}:\n\nEl período de gracia de su certificación {{ program }} "
                "({{ credential_number }}) terminó el {{ grace_ends_on }}. Todavía puede solicitar "
                "el restablecimiento hasta el {{ reinstatement_ends_on }} (con la tarifa de "
                "restablecimiento y la educación continua exigida); después, solo aprobar el "
                "examen de nuevo restablece la certificación.",
            ),
            MessageKey.RENEWAL_APPROVED: (
                "Se renovó su certificación {{ designation }}",
                "Hola, {{ name }}:\n\nSu certificación {{ program }} ({{ credential_number }}) "
                "se renovó: ahora está vigente hasta el {{ new_expires_on }}. Su credencial "
                "digital firmada se volvió a emitir con la nueva fecha; descárguela de nuevo "
                "desde su página de credenciales.",
            ),
            MessageKey.RENEWAL_AUDIT_SELECTED: (
                "Su renovación de la {{ designation }} fue seleccionada para auditoría",
                "Hola, {{ name }}:\n\nSu solicitud de renovación de {{ program }} "
                "({{ credential_number }}) fue seleccionada al azar para una auditoría. Suba la "
                "evidencia de las actividades que indicó (por ejemplo, certificados de asistencia "
                "o de finalización) a más tardar el {{ evidence_due_on }}.",
            ),
            MessageKey.RENEWAL_REFUSED: (
                "Decisión sobre la renovación de su {{ designation }}",
                "Hola, {{ name }}:\n\nSu solicitud de renovación de {{ program }} "
                "({{ credential_number }}) fue rechazada, por este motivo:\n\n{{ reason }}",
            ),
        }.items()
    },
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
    # Certification: a CE activity reviewed, complaints and appeals (these two in the language
    # the complaint or the appeal was filed in).
    MessageKey.CE_ACTIVITY_REVIEWED: (
        "Se revisó su actividad de educación continua",
        "Hola, {{ name }}:\n\nSe revisó su actividad de educación continua «{{ activity }}»: "
        "{{ outcome }}.{% if reason %}\n\n{{ reason }}{% endif %}" + _RECERTIFICATION_PAGE,
    ),
    # A complainant may give no name (only an address): the greeting does without one.
    MessageKey.COMPLAINT_ACKNOWLEDGED: (
        "Recibimos su queja {{ reference }}",
        "{% if name %}Hola, {{ name }}:{% else %}Hola:{% endif %}\n\n"
        "Recibimos su queja {{ reference }} sobre {{ program }} el {{ received_on }}. "
        "Nuestro personal de certificación la está revisando, y le informaremos el resultado a "
        "más tardar el {{ close_by }}.\n\n"
        "Consulte en qué estado se encuentra con su referencia y esta dirección de correo "
        "electrónico: {{ status_url }}\n",
    ),
    MessageKey.COMPLAINT_OUT_OF_SCOPE: (
        "Su queja {{ reference }}",
        "{% if name %}Hola, {{ name }}:{% else %}Hola:{% endif %}\n\n"
        "Revisamos su queja {{ reference }} sobre {{ program }}. No es una queja sobre la que "
        "podamos actuar como organismo de certificación, por este motivo:\n\n{{ reason }}\n\n"
        "Su queja queda cerrada. Gracias por informarnos.\n",
    ),
    MessageKey.COMPLAINT_CLOSED: (
        "Resultado de su queja {{ reference }}",
        "{% if name %}Hola, {{ name }}:{% else %}Hola:{% endif %}\n\n"
        "Terminamos de investigar su queja {{ reference }} sobre {{ program }}. "
        "El resultado:\n\n{{ outcome }}\n"
        "{% if actions %}\nLo que cambiaremos como consecuencia:\n{{ actions }}\n{% endif %}"
        "\nGracias por informarnos.\n",
    ),
    MessageKey.APPEAL_RECEIVED: (
        "Recibimos su apelación {{ reference }} ({{ program }})",
        "Hola, {{ name }}:\n\n"
        "Recibimos su apelación {{ reference }} (sobre: {{ subject }}). Acusaremos recibo "
        "a más tardar el {{ acknowledge_by }}, y un comité independiente la resolverá a más "
        "tardar el {{ decide_by }}.\n\n"
        "{{ url }}\n",
    ),
    MessageKey.APPEAL_ACKNOWLEDGED: (
        "Acusamos recibo de su apelación {{ reference }} ({{ program }})",
        "Hola, {{ name }}:\n\n"
        "Acusamos recibo de su apelación {{ reference }} (sobre: {{ subject }}). La examinará "
        "un comité de revisores que no participaron en la decisión; se resolverá a más tardar "
        "el {{ decide_by }}.\n\n{{ url }}\n",
    ),
    MessageKey.APPEAL_DECIDED: (
        "Decisión sobre su apelación ({{ program }})",
        "Hola, {{ name }}:\n\n"
        "Se resolvió su apelación (sobre: {{ subject }}): {{ outcome }}.\n\n"
        "{{ reason }}\n\n{{ url }}\n",
    ),
}

# A person's rights over their data: the decision on a request for erasure.
SPANISH_TEMPLATES |= {
    MessageKey.ERASURE_CARRIED_OUT: (
        "Se borraron sus datos en {{ site_name }}",
        "{% if name %}Hola, {{ name }}:{% else %}Hola:{% endif %}\n\n"
        "Cumplimos su solicitud del {{ requested_on }} de borrar sus datos. Su cuenta está "
        "cerrada: ya no puede iniciar sesión, y este es el último mensaje que enviamos a esta "
        "dirección.\n\n"
        "Se borró:\n{{ removed }}\n\n"
        "Se conserva, porque un organismo de certificación debe guardar el registro de lo que "
        "otorgó:\n{{ kept }}\n\n"
        "Quien tenga uno de sus números de credencial puede seguir verificando esa credencial "
        "en el registro público.\n",
    ),
    MessageKey.ERASURE_REFUSED: (
        "Su solicitud de borrar sus datos en {{ site_name }}",
        "Hola, {{ name }}:\n\n"
        "Su solicitud del {{ requested_on }} de borrar sus datos fue rechazada, por este "
        "motivo:\n\n{{ reason }}\n\n"
        "Sus datos y su cuenta siguen como estaban. Puede volver a pedirlo cuando el motivo "
        "ya no se aplique: {{ url }}\n",
    ),
}
