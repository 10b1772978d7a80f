"""Appeals moved to the certification app, where independent panels hear them; its migration
0009 copied every row first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('exams', '0006_fee_status_due'),
        ('certification', '0010_import_exam_appeals'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Appeal',
        ),
    ]
