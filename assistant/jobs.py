"""The assistant's background job: answer one run with the language model (or, when it fails,
the offline provider). Registered with the core's job runners."""

from __future__ import annotations

from accounts import jobs
from accounts.models import Job
from assistant import services
from assistant.models import AssistantRun


@jobs.register(services.JOB_KIND)
def answer_run(job: Job, progress: jobs.Progress) -> dict:
    run = (
        AssistantRun.objects.select_related("customer", "created_by", "source")
        .filter(pk=job.params.get("run_id"), status=AssistantRun.Status.PENDING)
        .first()
    )
    if run is None:
        return {}
    services.run_execute(run=run, progress=progress)
    return {"run_id": run.pk}
