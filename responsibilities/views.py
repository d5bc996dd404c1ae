from django.http import HttpRequest, HttpResponse


def unit_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


unit_create = unit_detail = unit_update = unit_deactivate = unit_list
official_list = official_create = official_detail = official_update = unit_list
official_deactivate = unit_list
