"""Write operations on the directory (``organisations``, ``people``, ``members``).

Every service takes the acting user as ``by`` and asks ``directory/policies.py``.
"""

from qiao.directory.selectors import get_open_invitation
from qiao.directory.services.accounts import link_account_person, person_of
from qiao.directory.services.investors import INVESTOR_FOCUS_FIELDS, save_investor_focus
from qiao.directory.services.members import (
    INVITATION_DAYS,
    accept_invitation,
    add_member,
    invite_member,
)
from qiao.directory.services.organisations import (
    ORGANISATION_FIELDS,
    PART_FIELDS,
    PartEdit,
    ProfileChanges,
    add_part,
    change_part,
    create_organisation,
    create_visitor_organisation,
    organisation_search_document,
    reindex_organisation,
    remove_part,
    save_organisation_profile,
    set_search_fields,
    update_organisation,
)
from qiao.directory.services.people import (
    PERSON_FIELDS,
    create_person,
    person_search_document,
    reindex_person,
    update_person,
)

__all__ = [
    "INVESTOR_FOCUS_FIELDS",
    "INVITATION_DAYS",
    "ORGANISATION_FIELDS",
    "PART_FIELDS",
    "PERSON_FIELDS",
    "PartEdit",
    "ProfileChanges",
    "accept_invitation",
    "add_member",
    "add_part",
    "change_part",
    "create_organisation",
    "create_visitor_organisation",
    "create_person",
    "get_open_invitation",
    "invite_member",
    "link_account_person",
    "organisation_search_document",
    "person_of",
    "person_search_document",
    "reindex_organisation",
    "set_search_fields",
    "reindex_person",
    "remove_part",
    "save_investor_focus",
    "save_organisation_profile",
    "update_organisation",
    "update_person",
]
