from participants.access import visible_participants


def test_world_builds_and_owner_sees_own_participants(world):
    owner = world.users["kommun_vagledare"]
    assert visible_participants(owner).count() == 5
