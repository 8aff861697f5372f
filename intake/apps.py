from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Actor: cases and guided intake"

    def ready(self):
        # The programme's decisions reach the actors' schemas through this receiver; the
        # programme's side never imports this app.
        from intake.services import application_decision_record, referral_case_open, referral_notify
        from tenants.referrals.services import referral_case_opener, referral_notifier
        from tenants.services import decision_receiver

        decision_receiver(application_decision_record)
        # Accepted referrals open their case here, and requests notify the actor's staff.
        referral_case_opener(referral_case_open)
        referral_notifier(referral_notify)
