from django.apps import AppConfig
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Risk")

    def ready(self) -> None:
        from risk import health as risk_health
        from risk import portfolio as risk_portfolio

        risk_health.register()
        risk_portfolio.register()

        from risk import checklist as risk_checklist

        risk_checklist.register()
        from accounts.timeline import register_event_kind

        for kind, sentence in {
            "risk.created": _("added the risk “%(risk)s” (score %(score)s of 25)"),
            "risk.updated": _("updated the risk “%(risk)s”"),
            "risk.closed": _("closed the risk “%(risk)s”"),
            "contract.added": _("added the contract “%(contract)s”, expiring %(expiry)s"),
            "contract.updated": _("changed the contract “%(contract)s”, expiring %(expiry)s"),
            "contract.removed": _("removed the contract “%(contract)s”"),
            "competitor.added": _("recorded the competitor %(competitor)s"),
            "competitor.updated": _("updated the competitor %(competitor)s"),
            "competitor.removed": _("removed the competitor %(competitor)s"),
            "risk_review.recorded": _("reviewed the account's risks; the next review is due %(next_due)s"),
        }.items():
            register_event_kind(kind, sentence)
        from accounts.services.owners import Mover, register_hand_over_mover
        from risk.models import RiskItem

        def held(ids, leaving):
            return RiskItem.objects.open().filter(customer_id__in=ids, owner=leaving)

        # What a leaving KAM holds on the handed-over accounts goes with the accounts.
        register_hand_over_mover(
            Mover(
                "risks",
                move=lambda ids, leaving, to: held(ids, leaving).update(owner=to, version=F("version") + 1),
                count=lambda ids, leaving: held(ids, leaving).count(),
                label=lambda n: ngettext("%(count)s open risk", "%(count)s open risks", n) % {"count": n},
            )
        )
