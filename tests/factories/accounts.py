"""Factories for people's profiles, demographics and messages."""

import factory

from hallmark.accounts import models as am
from hallmark.accounts.data import DeliveryStatus, MessageKey

from factories.programs import UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    address_line1 = "1 Main Street"
    city = "Springfield"
    country = "United States"


class DemographicsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.Demographics
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    age_band = "35-44"
    disability = "declined"


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.MessageTemplate
        django_get_or_create = ("key", "language")

    key = MessageKey.BOOKING_CANCELLED
    language = "en"
    subject = "Cancelled: {{ window }}"
    body = "Hello {{ name }}"


class SentMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.SentMessage

    key = MessageKey.BOOKING_CANCELLED
    template = factory.SubFactory(MessageTemplateFactory)
    person = factory.SubFactory(UserFactory)
    to = factory.LazyAttribute(lambda o: o.person.email)
    subject = "Cancelled"
    body = "Hello"
    status = DeliveryStatus.SENT
