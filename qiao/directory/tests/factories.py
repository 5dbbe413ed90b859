import factory
from django.contrib.auth import get_user_model

from qiao.directory import services
from qiao.directory.models import Membership, Organisation, Person
from qiao.taxonomy.models import Term, Vocabulary

PASSWORD = "Qiao-test-2026"


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Builds through the service, so the search document is always filled in."""

    class Meta:
        model = Organisation

    kind = factory.LazyFunction(lambda: term(Vocabulary.ORGANISATION_KIND, "company"))
    name_zh = factory.Sequence(lambda n: f"测试医疗器械有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Test Medical Devices Co. {n}")
    province = "上海市"
    city = "上海市"
    district = "浦东新区"
    visibility = Organisation.Visibility.PUBLIC

    @classmethod
    def _create(cls, model_class, *args, terms=(), **kwargs):
        return services.create_organisation(by=None, data={**kwargs, "terms": terms})


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_zh = factory.Sequence(lambda n: f"张{n}")
    name_en = factory.Sequence(lambda n: f"Zhang {n}")

    @classmethod
    def _create(cls, model_class, *args, organisation=None, title_zh="", **kwargs):
        affiliations = (
            [{"organisation": organisation, "title_zh": title_zh}] if organisation else []
        )
        return services.create_person(by=None, data=kwargs, affiliations=affiliations)


def make_member(organisation: Organisation, role: str = Membership.Role.MEMBER, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
