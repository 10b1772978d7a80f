# A case set's stimulus can show images, audio and video of its own.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('itembank', '0002_item_kinds_sets_and_media'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ItemSetMedia',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('content_type', models.CharField(max_length=40)),
                ('data', models.BinaryField()),
                ('transcript', models.TextField(blank=True, help_text='What the audio or video says.')),
                ('captions', models.TextField(blank=True, help_text='WebVTT captions of a video.')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('item_set', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='media', to='itembank.itemset')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'case set media',
                'ordering': ['item_set', 'name'],
                'constraints': [
                    models.UniqueConstraint(fields=('item_set', 'name'), name='item_set_media_name_unique'),
                    models.CheckConstraint(condition=models.Q(('content_type__in', ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'video/mp4', 'video/webm'))), name='item_set_media_type_known'),
                    models.CheckConstraint(condition=models.Q(models.Q(('content_type__in', ('audio/mpeg', 'audio/ogg', 'audio/wav')), _negated=True), models.Q(('transcript', ''), _negated=True), _connector='OR'), name='item_set_media_audio_has_transcript', violation_error_message='Audio needs its transcript.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('content_type__in', ('video/mp4', 'video/webm')), _negated=True), models.Q(('captions', ''), _negated=True), _connector='OR'), name='item_set_media_video_has_captions', violation_error_message='Video needs its captions (WebVTT).'),
                ],
            },
        ),
    ]
