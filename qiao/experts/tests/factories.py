from datetime import date

from qiao.directory.models import Person
from qiao.directory.tests.factories import PersonFactory, UserFactory
from qiao.experts import services


def make_expert(*, organisation=None, fields="心血管介入 支架 导管", with_user=True, **extra):
    """An active expert with a user account, appointed by the system until 2028."""
    user = UserFactory() if with_user else None
    person = PersonFactory(organisation=organisation)
    if user is not None:  # linking an account is the accounts app's job; a test shortcut here
        Person.objects.filter(pk=person.pk).update(user=user)
        person.refresh_from_db()
    data = {
        "fields_zh": fields,
        "body": "集群专家智库",
        "term_start": date(2025, 1, 1),
        "term_end": date(2028, 12, 31),
        **extra,
    }
    return services.appoint_expert(by=None, person=person, **data)
