"""One admitted request as the models see it: what to do, its timing and its cancellation."""

from dataclasses import dataclass, field

from simul_worker.cancellation import Cancellation
from simul_worker.contract import work_pb2
from simul_worker.timing import RequestTiming


@dataclass
class Job:
    item: work_pb2.WorkItem
    timing: RequestTiming
    cancellation: Cancellation = field(default_factory=Cancellation)
