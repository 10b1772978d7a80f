import importlib

import pytest
from django.contrib.auth.models import Group

from hallmark.accounts.data import Role
from hallmark.accounts.roles import role_permissions, sync_roles
from hallmark.accounts.services import grant_role, revoke_role

from factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_a_group_for_every_role() -> None:
    first = importlib.import_module("hallmark.accounts.migrations.0002_role_groups")
    panel = importlib.import_module("hallmark.accounts.migrations.0009_panel_member_group")
    assert sorted([*first.ROLES, panel.ROLE]) == sorted(Role.values)
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_syncing_twice_gives_each_group_exactly_its_permissions() -> None:
    first = sync_roles()
    group = Group.objects.get(name=Role.PROGRAM_MANAGER.value)
    group.permissions.clear()
    assert sync_roles() == first
    assert group.permissions.count() == first[Role.PROGRAM_MANAGER.value] > 0


def test_every_listed_permission_exists() -> None:
    counts = sync_roles()
    for role, names in role_permissions().items():
        assert counts[role.value] == len(set(names)), role


def test_program_managers_set_programs_up_and_others_only_read_or_nothing(cast) -> None:
    assert cast.manager.has_perm("programs.change_contentoutline")
    assert cast.manager.has_perm("programs.publish_contentoutline")
    assert cast.manager.has_perm("programs.add_retakepolicy")
    for person in (cast.writer, cast.reviewer, cast.psychometrician, cast.officer):
        assert person.has_perm("programs.view_contentoutline")
        assert not person.has_perm("programs.change_contentoutline")
        assert not person.has_perm("programs.publish_contentoutline")
    assert cast.officer.has_perm("programs.view_eligibilitypolicy")
    assert not cast.writer.has_perm("programs.view_eligibilitypolicy")
    for person in (cast.candidate, cast.panelist, cast.proctor, cast.outsider):
        assert not person.has_perm("programs.view_program")


def test_staff_roles_open_the_admin_and_candidates_do_not(cast) -> None:
    assert cast.manager.is_staff and cast.proctor.is_staff
    assert not cast.candidate.is_staff and not cast.panelist.is_staff


def test_revoking_the_last_staff_role_closes_the_admin() -> None:
    person = UserFactory(roles=[Role.ITEM_WRITER, Role.ITEM_REVIEWER])
    revoke_role(person, Role.ITEM_WRITER)
    assert person.is_staff
    revoke_role(person, Role.ITEM_REVIEWER)
    assert not person.is_staff
    grant_role(person, Role.CANDIDATE)
    assert not person.is_staff
    assert person.has_role(Role.CANDIDATE)
