from responsibilities.models import Unit
from tests.factories import UnitFactory


def test_township_staff_sees_only_their_township_and_below(
    township_staff, township, other_township
):
    station = UnitFactory(parent=township, kind=Unit.Kind.STATION)

    visible = set(Unit.objects.visible_to(township_staff))

    assert visible == {township, station}
