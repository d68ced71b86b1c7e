from django.apps import AppConfig
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from planning import health as plan_health
        from planning import portfolio as planning_portfolio

        plan_health.register()
        planning_portfolio.register()

        from planning import checklist as plan_checklist
        from planning import coaching

        plan_checklist.register()
        coaching.register()
        from planning import documents, satisfaction

        satisfaction.register()
        documents.register_checks()
        from accounts import home, timeline

        home.register_notice(coaching.home_notices)
        from planning.selectors import attach_plan_freshness

        for kind, sentence in TIMELINE_SENTENCES.items():
            timeline.register_event_kind(kind, sentence)
        from accounts.services.owners import Mover, register_hand_over_mover
        from planning.models import Action

        def held(ids, leaving):
            return Action.objects.open().filter(plan__customer_id__in=ids, owner=leaving)

        # What a leaving KAM holds on the handed-over accounts goes with the accounts.
        register_hand_over_mover(
            Mover(
                "actions",
                move=lambda ids, leaving, to: held(ids, leaving).update(owner=to, version=F("version") + 1),
                count=lambda ids, leaving: held(ids, leaving).count(),
                label=lambda n: ngettext("%(count)s open action", "%(count)s open actions", n) % {"count": n},
            )
        )
        # Each key account on the home page shows its plan's freshness (one query for all).
        home.register_customer_annotator(
            lambda customers: attach_plan_freshness([c for c in customers if c.status == c.Status.KEY])
        )


TIMELINE_SENTENCES = {
    "plan.created": _("created the account plan for %(period)s"),
    "plan.updated": _("changed %(plan_fields)s on the account plan for %(period)s"),
    "plan.reviewed": _("reviewed the account plan for %(period)s; next review by %(next_due)s"),
    "plan.rolled_over": _(
        "rolled the account plan over from %(old)s to %(new)s (%(carried)s items carried over)"
    ),
    "goal.added": _("added the goal “%(goal)s”"),
    "goal.changed": _("changed the goal “%(goal)s”"),
    "goal.removed": _("removed the goal “%(goal)s”"),
    "opportunity.added": _("added the opportunity “%(opportunity)s”"),
    "opportunity.changed": _("changed the opportunity “%(opportunity)s”"),
    "opportunity.removed": _("removed the opportunity “%(opportunity)s”"),
    "action.added": _("added the action “%(action)s” for %(owner)s"),
    "action.changed": _("changed the action “%(action)s”"),
    "action.completed": _("completed the action “%(action)s”"),
    "action.removed": _("removed the action “%(action)s”"),
    "responsibility.added": _("made %(person)s responsible for %(area)s"),
    "responsibility.removed": _("removed %(person)s's responsibility for %(area)s"),
    "whitespace.changed": _("updated the white space for %(offering)s at %(unit)s"),
    "whitespace.row_shared": _("marked the white-space row %(offering)s as shared with the customer"),
    "whitespace.row_internal": _("marked the white-space row %(offering)s as internal"),
    "sharing.shared": _("shared “%(item)s” with the customer (%(share_flag)s)"),
    "sharing.internal": _("made “%(item)s” internal again (%(share_flag)s)"),
    "invitation.sent": _("invited %(stakeholder)s to the plan (link valid for %(days)s days)"),
    "invitation.resent": _("sent %(stakeholder)s a new link to the plan (valid for %(days)s days)"),
    "invitation.revoked": _("ended %(stakeholder)s's access to the plan"),
    "guest.opened": _("customer contact %(stakeholder)s opened the shared plan"),
    "guest.renewal_requested": _("customer contact %(stakeholder)s asked for a new link to the plan"),
    "guest.commented": _("customer contact %(stakeholder)s commented on “%(item)s”"),
    "guest.agreed": _("customer contact %(stakeholder)s agreed to the success criteria of “%(item)s”"),
    "guest.proposed": _(
        "customer contact %(stakeholder)s proposed a change to the success criteria of “%(item)s”"
    ),
    "guest.ranked": _("customer contact %(stakeholder)s ranked the shared initiatives"),
    "guest.action_status": _(
        "customer contact %(stakeholder)s set the action “%(item)s” to %(action_status)s"
    ),
    "guest.pulse": _("customer contact %(stakeholder)s answered the satisfaction pulse: %(score)s of 5"),
    "guest.answered": _("answered a comment from %(stakeholder)s on the shared plan"),
    "scenario.applied": _("added a mitigation action to the plan from the what-if scenario “%(scenario)s”"),
    "scenario.proposed": _(
        "proposed a mitigation to the account owner from the what-if scenario “%(scenario)s”"
    ),
}
