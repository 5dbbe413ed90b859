from stdnum.cn import uscc

from qiao.onboarding import services
from qiao.taxonomy.models import Term, Vocabulary


def credit_code(n: int) -> str:
    """A valid unified social credit code (GB 32100 check digit) numbered ``n``."""
    base = f"91310000{n:09d}"
    return base + uscc.calc_check_digit(base)


def application_data(n: int = 1, **overrides) -> dict:
    data = {
        "name_zh": f"申请医疗科技有限公司{n}",
        "name_en": f"Applicant Medtech Co. {n}",
        "short_name_zh": "",
        "kind": Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="company"),
        "province": "江苏省",
        "city": "苏州市",
        "district": "工业园区",
        "credit_code": credit_code(n),
        "contact_name": "陈静",
        "contact_title": "总经理",
        "contact_email": f"chen{n}@applicant.example.cn",
        "contact_phone": "13800138000",
        "message": "",
    }
    return {**data, **overrides}


def submit(n: int = 1, *, password: str = "", language: str = "zh-hans", **overrides):
    return services.submit_application(
        by=None, data=application_data(n, **overrides), password=password, language=language
    )
