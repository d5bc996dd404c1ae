import factory
from django.contrib.auth.models import Group, User

from responsibilities.models import Official, Profile, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = Unit.Kind.TOWNSHIP
    name = factory.Sequence(lambda n: f"第{n}镇")
    code = factory.Sequence(lambda n: f"U{n:05d}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    post = "科室负责人"
    rank = Official.Rank.MIDDLE_MANAGER


class UserFactory(factory.django.DjangoModelFactory):
    """A login account: `UserFactory(profile__unit=unit, roles=[roles.AUDITOR])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-1")
    profile = factory.RelatedFactory(
        "tests.factories.ProfileFactory", factory_related_name="user"
    )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    unit = factory.SubFactory(UnitFactory)
