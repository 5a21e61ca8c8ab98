"""The runtimes table of bench/runtimes.sh, from its reports' report.json files: a row per model,
a column per figure the demo and the sweeps measured. Usage: runtimes_table.py OUT_DIR"""

import json
import sys
from pathlib import Path

out = Path(sys.argv[1])


def models(experiment):
    report = json.loads((out / experiment / "report.json").read_text())
    return {s["name"]: s for s in report["scenarios"]}, report


demo, report = models("demo")
waiting, _ = models("waiting")
spawn, _ = models("spawn")


def by_model(scenario):
    return {m["model"]: m for run in scenario["runs"] for m in run["models"]}


def batch(name, model):
    b = by_model(demo[name]).get(model, {}).get("batch")
    return f"{b['makespan_ms']:,.0f} vs {b['one_after_another_ms']:,.0f} ms" if b else ""


def alone_ratio(model):
    b = by_model(demo["cpu-pair"]).get(model, {}).get("batch")
    return f"{b['makespan_ms'] / (b['one_after_another_ms'] / len(b['requests'])):.2f}x" if b else ""


def sustained(model):
    """The highest waiting level a model held, its memory per request there, and where it stopped."""
    runs = [(run["level"], m) for run in waiting["scale-waiting"]["runs"] for m in run["models"] if m["model"] == model]
    held = [(level, m) for level, m in runs if not m.get("limit_reason")]
    stopped = next((level for level, m in runs if m.get("limit_reason")), None)
    if not held:
        return "none", "", f"{stopped:,.0f}" if stopped else ""
    level, m = held[-1]
    per = m["resources"].get("memory_per_in_flight")
    return f"{level:,.0f}", f"{per / 1024:,.1f} KiB" if per else "", f"{stopped:,.0f}" if stopped else "-"


def spawn_p50(model):
    levels = [m for run in spawn["spawn-rate"]["runs"] for m in run["models"] if m["model"] == model and run["level"] == 1]
    return f"{levels[0]['spawn']['p50']:.1f} ms" if levels and levels[0].get("spawn") else ""


print(f"# Every runtime side by side ({report['machine']['cores']} cores, {report['started_at'][:10]})")
print()
print("| model | runtime | seed-primes at once vs one after another | two-fetches | chess simul ratio | mixed-load req/s | two CPU-bound at once / one alone | at once of 1,000 waiting | waiting: held in flight | memory per request there | stopped at | spawn p50 |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for model, m in by_model(demo["seed-primes"]).items():
    chess = by_model(demo["chess-simul"]).get(model, {}).get("story")
    mixed = by_model(demo["mixed-load"]).get(model, {})
    running = by_model(demo["how-many-at-once"]).get(model, {}).get("resources", {}).get("running_at_once")
    held, memory, stopped = sustained(model)
    cells = [
        m["label"], m["capabilities"]["runtime"], batch("seed-primes", model), batch("two-fetches", model),
        f"{chess['ratio']:.1f}x" if chess else "", f"{mixed.get('throughput_per_second', 0):,.0f}", alone_ratio(model),
        f"{running:,}" if running is not None else "", held, memory, stopped, spawn_p50(model),
    ]
    print("| " + " | ".join(cells) + " |")
