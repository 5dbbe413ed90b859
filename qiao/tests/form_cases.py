"""One case per HTML form of Qiao: the form filled with a saved row's realistic values.

``test_form_roundtrip.py`` finds every form class by itself and fails for one that has no case
here, so a new form is covered by default. A case builds its rows through the services, and
gives every date, datetime and time field of the form a value. ``typed`` holds what a person
types because no page can fill it in for them (passwords, files).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from qiao.directory import services as directory_services
from qiao.directory.models import (
    Credential,
    InvestorFocus,
    KeyFigure,
    Membership,
    OrganisationRelation,
)
from qiao.directory.tests.factories import (
    PASSWORD,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    make_member,
    term,
)
from qiao.events import services as event_services
from qiao.events.tests.factories import make_event
from qiao.home.forms import SiteProfileForm
from qiao.home.models import SiteProfile
from qiao.lab.tests.factories import at, make_equipment
from qiao.market.models import Kind
from qiao.market.tests.factories import make_listing
from qiao.pipeline import services as pipeline_services
from qiao.taxonomy.models import Vocabulary

# Days chosen so that day and month differ and neither is padded the same way in every format.
SIGNED = datetime.date(2023, 5, 18)
ISSUED = datetime.date(2021, 11, 3)
LATER = datetime.date(2027, 1, 29)


@dataclass
class Case:
    make: Callable[..., object]  # make(data=None, files=None) -> form
    typed: dict[str, str] = field(default_factory=dict)
    files: dict[str, object] = field(default_factory=dict)


class World:
    """The rows the cases share, built on first use through the services."""

    @cached_property
    def operator(self):
        return UserFactory(is_operator=True, is_staff=True, full_name="运营 王")

    @cached_property
    def organisation(self):
        return OrganisationFactory(
            name_zh="上海伯杰医疗科技股份有限公司",
            name_en="Bojie Medical",
            short_name_zh="伯杰医疗",
            founded_year=2006,
            website="https://bojie.example.cn",
            aliases="伯杰\nBojie",
            description_zh="体外诊断试剂与仪器。\n第二段。",
            terms=[term(Vocabulary.DEVICE_CATEGORY, "06")],
        )

    @cached_property
    def other(self):
        return OrganisationFactory(name_zh="上海市奉贤区中心医院", name_en="Fengxian Hospital")

    @cached_property
    def admin(self):
        return make_member(self.organisation, role=Membership.Role.ADMIN, full_name="赵百慧")

    def part(self, model, **fields):
        return directory_services.add_part(
            organisation=self.organisation, by=None, model=model, data=fields
        )

    @cached_property
    def credential(self):
        return self.part(
            Credential,
            kind=Credential.Kind.REGISTRATION,
            number="沪械注准20212220123",
            title="全自动化学发光免疫分析仪",
            device_class=Credential.DeviceClass.II,
            issued_on=ISSUED,
        )

    @cached_property
    def relation(self):
        return directory_services.add_part(
            organisation=self.organisation,
            by=None,
            model=OrganisationRelation,
            data={
                "target": self.other,
                "kind": OrganisationRelation._meta.get_field("kind").choices[0][0],
                "started_on": ISSUED,
                "ended_on": LATER,
                "note": "临床合作",
            },
        )

    @cached_property
    def key_figure(self):
        return self.part(
            KeyFigure, label_zh="营业收入", value=Decimal("12345678.90"), unit_zh="元", as_of=SIGNED
        )

    @cached_property
    def person(self):
        return PersonFactory(
            name_zh="李明",
            name_en="Li Ming",
            expertise="化学发光\n免疫分析",
            email="li.ming@bojie.example.cn",
            organisation=self.organisation,
            title_zh="研发总监",
        )

    @cached_property
    def listing(self):
        return make_listing(
            organisation=self.organisation,
            by=self.admin,
            status="draft",
            kind=Kind.FINANCING,
            title_zh="B轮融资",
            summary_zh="化学发光平台扩产。",
            amount=Decimal("80000000"),
            funding_round="b",
            deadline=LATER,
        )

    @cached_property
    def agreement(self):
        return pipeline_services.create_agreement(
            created_by=self.admin,
            parties=[(self.organisation, "party"), (self.other, "host")],
            categories=[term(Vocabulary.DEVICE_CATEGORY, "06")],
            kind="clinical_base",
            title_zh="临床研究基地协议",
            signed_on=SIGNED,
            amount=Decimal("5000000.00"),
            description="共建临床研究基地。\n为期三年。",
        )

    @cached_property
    def project(self):
        return pipeline_services.create_project(
            created_by=self.admin,
            organisation=self.organisation,
            stage=term(Vocabulary.LIFECYCLE_STAGE, "prototype"),
            entered_on=ISSUED,
            name_zh="床旁检测仪",
            category=term(Vocabulary.DEVICE_CATEGORY, "06"),
        )

    @cached_property
    def milestone(self):
        return pipeline_services.add_milestone(
            project=self.project,
            added_by=self.admin,
            kind="registration",
            reached_on=SIGNED,
            certificate_number="沪械注准20232220456",
        )

    @cached_property
    def funding(self):
        return pipeline_services.add_funding_round(
            project=self.project,
            investors=[self.other],
            added_by=self.admin,
            round="a",
            amount=Decimal("30000000.00"),
            closed_on=SIGNED,
        )

    @cached_property
    def event(self):
        return make_event(
            organiser_user=self.admin,
            organiser=self.organisation,
            starts_on=datetime.date(2026, 12, 3),
            ends_on=datetime.date(2026, 12, 4),
            capacity=120,
        )

    @cached_property
    def session(self):
        return event_services.add_session(
            event=self.event,
            added_by=self.admin,
            title_zh="开幕致辞",
            starts_at=at("2026-12-03", 9, 30),
            ends_at=at("2026-12-03", 10, 15),
            room="A厅",
        )

    @cached_property
    def zone(self):
        return event_services.add_zone(
            event=self.event, added_by=self.admin, name_zh="体外诊断展区"
        )

    @cached_property
    def participant_type(self):
        return event_services.add_participant_type(
            event=self.event, added_by=self.admin, name_zh="医院", request_quota=6
        )

    @cached_property
    def pending_registration(self):
        from qiao.events.models import Registration

        user = make_member(self.other, role=Membership.Role.MEMBER, full_name="钱医生")
        event = self.event
        return Registration.objects.get(
            pk=event_services.register(
                event=event, user=user, organisation=self.other, participant_type=None
            ).pk
        )

    @cached_property
    def equipment(self):
        return make_equipment(
            organisation=self.organisation,
            by=self.admin,
            opens_at=datetime.time(8, 30),
            closes_at=datetime.time(17, 45),
            unit_minutes=30,
            max_units=8,
        )

    @cached_property
    def chain_node(self):
        from qiao.chain.tests.factories import node

        return node("ivd_raw")

    @cached_property
    def lead(self):
        from qiao.attraction import services as attraction_services

        return attraction_services.create_lead(
            by=self.operator,
            data={
                "name": "苏州星衡医疗器械有限公司",
                "owner": self.operator,
                "source": "event",
                "source_note": "2023 医博会",
                "target_date": LATER,
                "planned_investment": Decimal("5000.00"),
                "arrived_investment": Decimal("1200.50"),
                "floor_area": Decimal("2400.5"),
                "chain_node": self.chain_node,
                "notes": "洽谈中。\n第二轮。",
            },
        )

    @cached_property
    def call(self):
        from qiao.calls import services as call_services

        return call_services.create_call(
            by=self.operator,
            kind="poc_fund",
            title_zh="概念验证基金 2027",
            title_en="Proof-of-concept fund 2027",
            description="支持早期项目。\n每项最高五十万元。",
            opens_on=SIGNED,
            closes_on=LATER,
            reviewers_per_application=2,
            form_fields=[{"key": "budget", "label_zh": "预算", "required": True}],
        )

    @cached_property
    def policy(self):
        from qiao.policies import services as policy_services

        return policy_services.create_policy(
            by=self.operator,
            title_zh="奉贤区首张三类医疗器械注册证奖励",
            title_en="Fengxian reward for a first class III certificate",
            number="奉经委〔2023〕12号",
            issuer="奉贤区经济委员会",
            level="district",
            source_url="https://www.fengxian.gov.cn/policy/12.html",
            summary_zh="首张三类注册证一次性奖励。",
            amount=Decimal("500000.00"),
            opens_on=SIGNED,
            closes_on=LATER,
            materials="营业执照\n注册证",
            office="产业科",
            phone="021-57420000",
            criteria=[{"type": "region", "district": ["奉贤区"]}],
        )

    @cached_property
    def policy_application(self):
        from qiao.policies import services as policy_services

        return policy_services.record_application(
            by=self.operator,
            policy_obj=self.policy,
            organisation=self.organisation,
            status="approved",
            applied_on=SIGNED,
            decided_on=SIGNED,
            amount_granted=Decimal("500000.00"),
            amount_received=Decimal("500000.00"),
            paid_on=SIGNED,
            note="已拨付",
        )

    @cached_property
    def submission(self):
        from qiao.reporting.tests.factories import open_campaign

        open_campaign(self.operator, [self.organisation])
        submission = self.organisation.submissions.get()
        for entry, value in zip(submission.entries.all(), ("12345678.90", "86"), strict=False):
            entry.value, entry.explanation = Decimal(value), "同比增长"
            entry.save(update_fields=["value", "explanation"])
        return submission

    @cached_property
    def service_category(self):
        from qiao.servicedesk.models import Category

        return Category.objects.create(name_zh="注册申报咨询", name_en="Registration advice")

    @cached_property
    def service_request(self):
        from qiao.servicedesk import services as servicedesk_services

        return servicedesk_services.file_request(
            by=self.admin,
            organisation=self.organisation,
            category=self.service_category,
            title="二类注册证延续",
            description="注册证明年到期。\n请指导延续材料。",
            urgency="urgent",
            today=SIGNED,
        )

    def news_proposal(self, kind: str):
        """A pending proposal of ``kind`` with every field filled, as review shows it (one per
        kind: the form's prefix is the proposal's id, so rendering and binding share it)."""
        from qiao.intel.models import Article, Proposal

        if kind in self._proposals:
            return self._proposals[kind]

        article = Article.objects.get_or_create(
            content_hash="form-cases",
            defaults={
                "title": "奉贤签约共建临床研究基地",
                "raw": "星衡医疗",
                "original_text": "星衡医疗",
                "cleaned_text": "星衡医疗",
                "published_on": ISSUED,
            },
        )[0]
        names = [self.other.name_zh, self.organisation.name_zh]
        payload = {
            "organisation": {"name": "星衡医疗", "type": "company", "aliases": ["星衡"]},
            "person": {"name": "林晓雯", "title": "总经理", "organisation": names[1]},
            "event": {
                "kind": "signing",
                "date": "2023-05-18",
                "place": "奉贤",
                "participants": names,
            },
            "agreement": {
                "parties": names,
                "kind": "clinical_base",
                "date": "2023-05-18",
                "amount_cny": 30000000,
                "count": 2,
            },
            "figure": {
                "text": "78项",
                "value": 78,
                "unit": "项",
                "about": "专利",
                "organisation": names[0],
                "date": "2023-05-18",
            },
            "relation": {"source": names[0], "kind": "partner_of", "target": names[1]},
        }[kind]
        self._proposals[kind] = Proposal.objects.create(
            article=article, kind=kind, payload=payload, confidence=0.9, span_start=0, span_end=4
        )
        return self._proposals[kind]

    @cached_property
    def _proposals(self) -> dict:
        return {}


def _pdf():
    return SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _cases(w: World) -> dict[str, Callable[[], Case]]:
    # One table on purpose, one entry per form in app order: a reviewer checks a new form's
    # case next to its neighbours. The imports are here so that importing this module
    # (for the discovery test) touches no form before Django is ready.
    from qiao.accounts import forms as accounts
    from qiao.alliances import forms as alliances
    from qiao.attraction import forms as attraction
    from qiao.calls import forms as calls
    from qiao.chain import forms as chain
    from qiao.directory import forms as directory
    from qiao.directory import views_excel
    from qiao.events import forms as events
    from qiao.events.models import EventRules
    from qiao.experts import forms as experts
    from qiao.inbox import views as inbox
    from qiao.insights import forms as insights
    from qiao.intel import forms as intel
    from qiao.lab import forms as lab
    from qiao.market import forms as market
    from qiao.onboarding import forms as onboarding
    from qiao.onboarding.tests.factories import application_data
    from qiao.pipeline import forms as pipeline
    from qiao.pipeline.models import Project
    from qiao.policies import forms as policies
    from qiao.reporting import forms as reporting
    from qiao.reporting.tests.factories import indicator
    from qiao.servicedesk import forms as servicedesk

    def model(form_class, instance, kwargs=dict):
        return lambda: Case(
            lambda data=None, files=None: form_class(
                data=data, files=files, instance=instance(), **kwargs()
            )
        )

    def plain(form_class, initial, *, typed=None, files=None, **kwargs):
        return lambda: Case(
            lambda data=None, files_=None: form_class(
                data=data, files=files_, initial=initial(), **kwargs
            ),
            typed=typed or {},
            files=files or {},
        )

    def kw(form_class, kwargs):
        """A form whose arguments are only known once the rows exist."""
        return lambda: Case(
            lambda data=None, files=None: form_class(data=data, files=files, **kwargs())
        )

    return {
        # accounts
        "qiao.accounts.forms.EmailAuthenticationForm": lambda: Case(
            lambda data=None, files=None: accounts.EmailAuthenticationForm(
                RequestFactory().post("/accounts/login/"),
                data=data,
                initial={"username": w.admin.email},
            ),
            typed={"password": PASSWORD},
        ),
        "qiao.accounts.forms.AcceptInvitationForm": plain(
            accounts.AcceptInvitationForm,
            lambda: {"full_name": "李明"},
            typed={"password1": "Qiao-test-2026-长", "password2": "Qiao-test-2026-长"},
            email="li.ming@bojie.example.cn",
        ),
        "qiao.accounts.forms.QiaoPasswordResetForm": plain(
            accounts.QiaoPasswordResetForm, lambda: {"email": w.admin.email}
        ),
        "qiao.accounts.forms.ApiTokenForm": plain(
            accounts.ApiTokenForm, lambda: {"name": "园区 OA", "scope": "write", "days": 365}
        ),
        # onboarding
        "qiao.onboarding.forms.ApplicationForm": plain(
            onboarding.ApplicationForm,
            lambda: {
                **application_data(1),
                "kind": term(Vocabulary.ORGANISATION_KIND, "hospital").pk,
                "contact_phone": "+8613800138000",
                "message": "三甲医院，检验科与影像科",
            },
            typed={"password1": "Qiao-test-2026-长", "password2": "Qiao-test-2026-长"},
        ),
        "qiao.onboarding.forms.DeclineForm": plain(
            onboarding.DeclineForm, lambda: {"reason": "营业执照不清晰", "version": 2}
        ),
        "qiao.onboarding.forms.SignUpForm": plain(
            onboarding.SignUpForm,
            lambda: {
                "full_name": "刘洋",
                "email": "liu@bojie.example.cn",
                "phone": "+8613912345678",
            },
            typed={"password1": "Qiao-test-2026-长", "password2": "Qiao-test-2026-长"},
        ),
        "qiao.onboarding.forms.JoinRequestForm": lambda: Case(
            lambda data=None, files=None: onboarding.JoinRequestForm(
                data=data,
                initial={"organisation": w.organisation.pk, "message": "我在检验科工作"},
                organisations=_orgs(w),
            )
        ),
        # directory
        "qiao.directory.forms.OrganisationForm": model(
            directory.OrganisationForm, lambda: w.organisation
        ),
        "qiao.directory.forms.RelationForm": model(directory.RelationForm, lambda: w.relation),
        "qiao.directory.forms.CapabilityForm": model(
            directory.CapabilityForm,
            lambda: w.part(
                directory.Capability, kind="service", name_zh="注册检验", description="一行"
            ),
        ),
        "qiao.directory.forms.DepartmentForm": model(
            directory.DepartmentForm,
            lambda: w.part(directory.Department, name_zh="检验科", description="三级甲等"),
        ),
        "qiao.directory.forms.CredentialForm": model(
            directory.CredentialForm, lambda: w.credential
        ),
        "qiao.directory.forms.KeyFigureForm": model(directory.KeyFigureForm, lambda: w.key_figure),
        "qiao.home.forms.SiteProfileForm": model(
            SiteProfileForm,
            lambda: SiteProfile.objects.create(
                operator_name_zh="奉贤生物医药产业园",
                operator_name_en="Fengxian Biomedical Park",
                description_zh="园区运营方",
                description_en="The park's operator",
            ),
        ),
        "qiao.directory.forms.InvestorFocusForm": model(
            directory.InvestorFocusForm, lambda: InvestorFocus(organisation=w.organisation)
        ),
        "qiao.directory.forms.PersonForm": lambda: Case(
            lambda data=None, files=None: directory.PersonForm(
                data, files, instance=w.person, organisations=_orgs(w), editor=w.operator
            )
        ),
        "qiao.directory.forms.InvitationForm": plain(
            directory.InvitationForm, lambda: {"email": "new@bojie.example.cn", "role": "admin"}
        ),
        "qiao.directory.forms.DirectorySearchForm": plain(
            directory.DirectorySearchForm, lambda: {"q": "伯杰", "province": "上海市"}
        ),
        "qiao.directory.views_excel.ImportForm": plain(
            views_excel.ImportForm, dict, files={"workbook": _pdf()}
        ),
        # market
        "qiao.market.forms.ListingForm": lambda: Case(
            lambda data=None, files=None: market.ListingForm(
                data, files, instance=_alliance_listing(w), kind=w.listing.kind, user=w.admin
            )
        ),
        "qiao.market.forms.ListingSearchForm": plain(
            market.ListingSearchForm, lambda: {"q": "融资", "side": "need"}
        ),
        # pipeline
        "qiao.pipeline.forms.AgreementForm": lambda: Case(
            lambda data=None, files=None: pipeline.AgreementForm(
                data,
                files,
                initial={
                    "kind": "clinical_base",
                    "title_zh": "新的协议",
                    "signed_on": SIGNED,
                    "currency": "CNY",
                    "party_a": w.organisation.name_zh,
                    "party_a_role": "party",
                    "party_b": w.other.name_zh,
                    "party_b_role": "host",
                },
            )
        ),
        "qiao.pipeline.forms.AgreementEditForm": model(
            pipeline.AgreementEditForm, lambda: w.agreement
        ),
        "qiao.pipeline.forms.AgreementChangeForm": lambda: Case(
            lambda data=None, files=None: pipeline.AgreementChangeForm(
                data, files, agreement=w.agreement
            )
        ),
        "qiao.pipeline.forms.DocumentForm": plain(
            pipeline.DocumentForm, dict, files={"file": _pdf()}
        ),
        "qiao.pipeline.forms.ProjectForm": lambda: Case(
            lambda data=None, files=None: pipeline.ProjectForm(
                data,
                files,
                instance=Project(),
                organisations=_orgs(w),
                viewer=w.operator,
                initial={
                    "name_zh": "新项目",
                    "organisation": w.organisation.pk,
                    "stage": term(Vocabulary.LIFECYCLE_STAGE, "concept").pk,
                    "entered_on": SIGNED,
                },
            )
        ),
        "qiao.pipeline.forms.ProjectEditForm": model(
            pipeline.ProjectEditForm, lambda: w.project, lambda: {"viewer": w.operator}
        ),
        "qiao.pipeline.forms.StageForm": plain(
            pipeline.StageForm,
            lambda: {
                "stage": term(Vocabulary.LIFECYCLE_STAGE, "type_testing").pk,
                "entered_on": SIGNED,
            },
        ),
        "qiao.pipeline.forms.MilestoneForm": model(
            pipeline.MilestoneForm,
            lambda: w.milestone,
            lambda: {"initial": {"site_name": w.other.name_zh}},
        ),
        "qiao.pipeline.forms.ProviderForm": plain(
            pipeline.ProviderForm, lambda: {"organisation_name": w.other.name_zh, "service": "cro"}
        ),
        "qiao.pipeline.forms.FundingForm": model(
            pipeline.FundingForm,
            lambda: w.funding,
            lambda: {"initial": {"investor_names": w.other.name_zh}},
        ),
        "qiao.pipeline.forms.NextActionForm": plain(
            pipeline.NextActionForm, lambda: {"next_action": "约见面", "due": LATER}
        ),
        "qiao.pipeline.forms.MessageForm": plain(
            pipeline.MessageForm, lambda: {"body": "您好，\n请查收。"}
        ),
        # events
        "qiao.events.forms.EventForm": lambda: Case(
            lambda data=None, files=None: events.EventForm(
                data,
                files,
                instance=w.event,
                organisations=_orgs(w),
                initial={"organiser": w.organisation.pk},
            )
        ),
        "qiao.events.forms.EventEditForm": model(events.EventEditForm, lambda: w.event),
        "qiao.events.forms.RulesForm": model(
            events.RulesForm, lambda: EventRules.objects.get(event=w.event)
        ),
        "qiao.events.forms.ParticipantTypeForm": lambda: Case(
            lambda data=None, files=None: events.ParticipantTypeForm(
                data, files, event=w.event, initial={"name_zh": "投资人", "request_quota": 5}
            )
        ),
        "qiao.events.forms.SessionForm": model(events.SessionForm, lambda: w.session),
        "qiao.events.forms.RegisterForm": kw(
            events.RegisterForm,
            lambda: {
                "organisations": _orgs(w),
                "event": w.event,
                "initial": {"organisation": w.organisation.pk},
            },
        ),
        "qiao.events.forms.ProfileForm": plain(
            events.ProfileForm, lambda: {"headline": "研发总监", "seeking": "临床合作\n渠道"}
        ),
        "qiao.events.forms.RequestForm": plain(events.RequestForm, lambda: {"recipient": 7}),
        "qiao.events.forms.ZoneForm": plain(events.ZoneForm, lambda: {"name_zh": "体外诊断展区"}),
        "qiao.events.forms.ExhibitorForm": lambda: Case(
            lambda data=None, files=None: events.ExhibitorForm(
                data,
                files,
                event=w.event,
                initial={
                    "zone": w.zone.pk,
                    "organisation": w.organisation.pk,
                    "booth": "A12",
                },
            )
        ),
        "qiao.events.forms.TypeEditForm": model(events.TypeEditForm, lambda: w.participant_type),
        "qiao.events.forms.BoothForm": plain(events.BoothForm, lambda: {"booth": "B07"}),
        "qiao.events.forms.SlotForm": plain(events.SlotForm, lambda: {"tables": 8}),
        "qiao.events.forms.MarkForm": plain(
            events.MarkForm, lambda: {"status": "no_show", "absent": "recipient"}
        ),
        "qiao.events.forms.BulkDecisionForm": kw(
            events.BulkDecisionForm,
            lambda: {
                "pending": [w.pending_registration],
                "initial": {
                    "registration": [w.pending_registration.pk],
                    "decision": "decline",
                    "reason": "名额已满",
                },
            },
        ),
        # inbox
        "qiao.inbox.views.PreferencesForm": plain(
            inbox.PreferencesForm, lambda: {"digest_frequency": "weekly", "language": "en"}
        ),
        # insights
        "qiao.insights.forms.AgreementFilterForm": plain(
            insights.AgreementFilterForm,
            lambda: {"period": "quarter", "since": ISSUED, "until": SIGNED},
        ),
        "qiao.insights.forms.BrokerFilterForm": plain(
            insights.BrokerFilterForm, lambda: {"since": ISSUED}
        ),
        "qiao.insights.forms.NetworkFilterForm": plain(
            insights.NetworkFilterForm, lambda: {"category": "06", "limit": 40}
        ),
        "qiao.insights.forms.StatisticsFilterForm": plain(
            insights.StatisticsFilterForm, lambda: {"indicator": indicator("revenue").pk}
        ),
        "qiao.insights.forms.RegionFilterForm": plain(
            insights.RegionFilterForm,
            lambda: {
                "indicator": indicator("revenue").pk,
                "period": "2026Q3",
                "province": "上海市",
                "city": "上海市",
            },
        ),
        # intel
        "qiao.intel.forms.IngestForm": plain(
            intel.IngestForm,
            lambda: {
                "text": "伯杰医疗与奉贤区中心医院签约。",
                "source": "新民晚报",
                "published_on": SIGNED,
            },
        ),
        **{
            f"qiao.intel.forms.{name}": kw(
                getattr(intel, name), lambda kind=kind: {"proposal": w.news_proposal(kind)}
            )
            for name, kind in (
                ("OrganisationProposalForm", "organisation"),
                ("PersonProposalForm", "person"),
                ("EventProposalForm", "event"),
                ("AgreementProposalForm", "agreement"),
                ("FigureProposalForm", "figure"),
                ("RelationProposalForm", "relation"),
            )
        },
        "qiao.intel.forms.AddOrganisationForm": plain(
            intel.AddOrganisationForm, lambda: {"name": "星衡医疗", "type": "company"}
        ),
        "qiao.intel.forms.ThresholdForm": plain(intel.ThresholdForm, lambda: {"threshold": 0.85}),
        # lab
        "qiao.lab.forms.EquipmentSearchForm": plain(
            lab.EquipmentSearchForm, lambda: {"q": "显微镜", "no_training": True}
        ),
        "qiao.lab.forms.EquipmentForm": kw(
            lab.EquipmentForm, lambda: {"instance": w.equipment, "user": w.admin}
        ),
        "qiao.lab.forms.BookingForm": kw(
            lab.BookingForm,
            lambda: {
                "user": w.admin,
                "equipment": w.equipment,
                "manager": False,
                "initial": {
                    "day": LATER,
                    "start": datetime.time(9, 30),
                    "units": 2,
                    "organisation": w.organisation.pk,
                },
            },
        ),
        "qiao.lab.forms.MaintenanceForm": plain(
            lab.MaintenanceForm,
            lambda: {
                "starts_at": timezone.localtime(at("2026-12-03", 8, 30)),
                "ends_at": timezone.localtime(at("2026-12-04", 17, 15)),
                "reason": "年度校准",
            },
        ),
        "qiao.lab.forms.TrainingForm": plain(
            lab.TrainingForm,
            lambda: {
                "email": "li.ming@bojie.example.cn",
                "trained_on": ISSUED,
                "valid_until": LATER,
            },
        ),
        "qiao.lab.forms.TrainingRequestForm": plain(
            lab.TrainingRequestForm, lambda: {"note": "博士生，需使用共聚焦显微镜做活细胞成像"}
        ),
        "qiao.lab.forms.TrainingGrantForm": plain(
            lab.TrainingGrantForm,
            lambda: {"trained_on": ISSUED, "valid_until": LATER, "note": "上机考核通过"},
        ),
        "qiao.lab.forms.ReasonForm": plain(lab.ReasonForm, lambda: {"reason": "违规操作"}),
        "qiao.lab.forms.UsageForm": plain(lab.UsageForm, lambda: {"minutes": 90}),
        "qiao.lab.forms.PhotoForm": plain(lab.PhotoForm, dict, files={"file": _pdf()}),
        "qiao.lab.forms.VoucherForm": plain(
            lab.VoucherForm,
            lambda: {
                "organisation_name": w.organisation.name_zh,
                "issuer": "上海市科委",
                "number": "KJ-2023-018",
                "share_percent": 50,
                "amount": Decimal("200000.00"),
                "valid_from": SIGNED,
                "valid_until": LATER,
            },
        ),
        "qiao.lab.forms.OpeningHoursForm": kw(
            lab.OpeningHoursForm, lambda: {"equipment": _hours(w)}
        ),
        "qiao.lab.forms.ClosureForm": plain(
            lab.ClosureForm,
            lambda: {
                "starts_on": SIGNED,
                "ends_on": SIGNED + datetime.timedelta(days=3),
                "reason": "设备年检",
                "whole_lab": False,
            },
        ),
        # attraction
        "qiao.attraction.forms.LeadForm": model(attraction.LeadForm, lambda: w.lead),
        "qiao.attraction.forms.StageTargetsForm": kw(
            attraction.StageTargetsForm, lambda: {"lead": w.lead}
        ),
        # calls
        "qiao.calls.forms.CallForm": model(
            calls.CallForm,
            lambda: w.call,
            lambda: {"initial": {"criteria": [("创新性", 3), ("可行性", 1)]}},
        ),
        "qiao.calls.forms.ApplicationForm": kw(
            calls.ApplicationForm,
            lambda: {
                "organisations": _orgs(w),
                "call": w.call,
                "initial": {
                    "title": "化学发光床旁检测",
                    "summary": "小型化仪器。\n适合基层医院。",
                    "answer_budget": "五十万元：\n样机三十万元",
                },
            },
        ),
        "qiao.calls.forms.DecisionForm": plain(
            calls.DecisionForm,
            lambda: {"funded": "1", "amount": Decimal("500000.00"), "letter": "祝贺！\n请签约。"},
        ),
        # alliances
        "qiao.alliances.forms.TierForm": model(alliances.TierForm, lambda: _tier(w)),
        # experts
        "qiao.experts.forms.ExpertForm": model(experts.ExpertForm, lambda: _expert(w)),
        # chain
        "qiao.chain.forms.NodeForm": model(chain.NodeForm, lambda: _with_keywords(w)),
        "qiao.chain.forms.PlacementForm": plain(
            chain.PlacementForm,
            lambda: {"organisation": w.organisation.name_zh, "excluded": True},
        ),
        # policies
        "qiao.policies.forms.PolicyForm": model(policies.PolicyForm, lambda: w.policy),
        "qiao.policies.forms.ApplicationForm": model(
            policies.ApplicationForm, lambda: w.policy_application
        ),
        "qiao.policies.forms.CriterionRowForm": plain(
            policies.CriterionRowForm,
            lambda: {
                "field": "first_registration",
                "operator": "in",
                "value": "III",
                "since": SIGNED,
            },
        ),
        "qiao.policies.forms.ComposerForm": plain(
            policies.ComposerForm, lambda: {"combine": "any"}
        ),
        "qiao.policies.forms.FlagForm": plain(
            policies.FlagForm,
            lambda: {"name": "high_tech", "held": "yes", "expires_on": LATER},
        ),
        # reporting
        "qiao.reporting.forms.CampaignForm": plain(
            reporting.CampaignForm,
            lambda: {
                "title": "2026Q3 集群季报",
                "period": "2026Q3",
                "due_on": LATER,
                "indicators": [indicator("revenue").pk, indicator("employees").pk],
            },
        ),
        "qiao.reporting.forms.IndicatorForm": model(
            reporting.IndicatorForm, lambda: indicator("revenue")
        ),
        "qiao.reporting.forms.EntriesForm": kw(
            reporting.EntriesForm, lambda: {"entries": list(w.submission.entries.all())}
        ),
        "qiao.reporting.forms.ReturnForm": plain(
            reporting.ReturnForm, lambda: {"reason": "营业收入与上季相差过大，请核实"}
        ),
        # servicedesk
        "qiao.servicedesk.forms.RequestForm": model(
            servicedesk.RequestForm, lambda: w.service_request
        ),
        "qiao.servicedesk.forms.MessageForm": plain(
            servicedesk.MessageForm,
            lambda: {"body": "请补充说明书。\n谢谢。", "wait_on_firm": True},
        ),
        "qiao.servicedesk.forms.RatingForm": plain(
            servicedesk.RatingForm, lambda: {"rating": 4, "comment": "答复及时"}
        ),
        "qiao.servicedesk.forms.AttachmentForm": plain(
            servicedesk.AttachmentForm, dict, files={"file": _pdf()}
        ),
        "qiao.servicedesk.forms.HandOverForm": plain(
            servicedesk.HandOverForm, lambda: {"handler": w.operator.pk}
        ),
    }


def _hours(w: World):
    from qiao.lab.services import hours

    equipment = w.equipment
    hours.set_opening_hours(
        equipment=equipment,
        hours={
            **dict.fromkeys(range(5), (datetime.time(8, 30), datetime.time(17, 45))),
            5: (datetime.time(9, 0), datetime.time(12, 0)),
            6: (datetime.time(13, 30), datetime.time(16, 15)),
        },
        observes_holidays=True,
        changed_by=w.admin,
    )
    return equipment


def _with_keywords(w: World):
    from qiao.chain import services as chain_services

    node = w.chain_node
    chain_services.update_node(
        by=w.operator, node=node, data={"keywords": "化学发光\n免疫分析", "position": 3}
    )
    return node


def _tier(w: World):
    from qiao.alliances import services as alliance_services

    return alliance_services.create_tier(
        alliance=w.other, by=w.operator, name_zh="理事单位", name_en="Council member",
        annual_fee=Decimal("50000.00"), benefits="工作组席位\n年会发言", event_request_quota=20,
        lab_discount_percent=15, event_registration="priority",
        lab_voucher_yuan=Decimal("20000.00"),
    )  # fmt: skip


def _alliance_listing(w: World):
    """The listing, shown to the members of an alliance its organisation has paid up in."""
    from django.utils import timezone

    from qiao.alliances import services as alliance_services
    from qiao.alliances.models import AllianceMembership
    from qiao.market import services as market_services

    if not AllianceMembership.objects.filter(alliance=w.other, member=w.organisation).exists():
        tier = alliance_services.create_tier(
            alliance=w.other, by=w.operator, name_zh="会员单位", annual_fee=Decimal("20000.00")
        )
        membership = alliance_services.apply_for_membership(
            member=w.organisation, tier=tier, by=w.admin
        )
        alliance_services.decide_membership(membership=membership, approve=True, by=w.operator)
        alliance_services.record_payment(membership=membership, by=w.operator,
                                         invoice_no="FP-2026-001", amount=tier.annual_fee,
                                         paid_on=timezone.localdate())  # fmt: skip
        market_services.update_listing(listing=w.listing, updated_by=w.admin,
                                       visibility="alliance", alliance=w.other)  # fmt: skip
        w.listing.refresh_from_db()
    return w.listing


def _expert(w: World):
    from qiao.experts import services as expert_services
    from qiao.experts.models import Expert
    from qiao.taxonomy.models import Term

    existing = Expert.objects.filter(person=w.person).first()
    return existing or expert_services.appoint_expert(
        by=w.operator, person=w.person, fields_zh="心血管介入\n可降解支架",
        fields_en="Interventional cardiology", title="主任医师", body="集群专家智库",
        term_start=SIGNED, term_end=LATER, capacity=4, letter_no="智库〔2023〕7号",
        terms=list(Term.objects.filter(vocabulary=Vocabulary.THERAPEUTIC_AREA)[:2]),
    )  # fmt: skip


def _orgs(w: World):
    from qiao.directory.models import Organisation

    return Organisation.objects.filter(pk=w.organisation.pk)


def cases(world: World) -> dict[str, Callable[[], Case]]:
    """Every form's case by ``module.ClassName``; call one to build its rows."""
    return _cases(world)
