using Simul.Contracts.V1;
using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Tests;

public class ScenarioLoaderTests
{
    [Fact]
    public void Every_shipped_scenario_loads()
    {
        var files = Directory.GetFiles(ScenarioCatalog.Directory, "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(Path.GetFileNameWithoutExtension(file), ScenarioLoader.Load(file).Name));
        Assert.All(ScenarioCatalog.DefaultComparison, name => ScenarioCatalog.Load(name));
    }

    [Fact]
    public void The_seed_scenario_asks_for_the_three_seed_primes()
    {
        var scenario = ScenarioCatalog.Load("seed-primes");

        Assert.Equal([99991L, 9973L, 997L], scenario.Requests.Select(r => r.Expect!.Value));
        Assert.Equal(LoadKind.Batch, scenario.Load.Kind);
    }

    [Fact]
    public void Chess_expands_into_one_steps_request_per_board_at_the_time_scale_asking_for_its_timeline()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "c", "chess": { "boards": 24, "moves": 30, "move_seconds": 5, "reply_seconds": 55, "time_scale": 0.001 } }
            """, "test");

        var steps = Assert.Single(scenario.Requests).Item.Steps;
        // A batch: the report draws every request, so each asks for its phases in time.
        Assert.Equal(new StepsRequest { Steps = 30, WorkUs = 5_000, WaitUs = 55_000, Timeline = true }, steps);
        Assert.Equal(24, scenario.Load.Copies);
    }

    [Theory]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 2, "wait_ms": 1 } } ] }""", "requests[0].prime: below must be at least 3")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100, "wait_ms": -1 } } ] }""", "requests[0].prime: wait_ms")]
    [InlineData("""{ "name": "x", "requests": [ { } ] }""", "requests[0]: must name exactly one workload")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 }, "fetch": { } } ] }""", "requests[0]: must name exactly one workload")]
    [InlineData("""{ "name": "x", "requests": [] }""", "requests: needs at least one request")]
    [InlineData("""{ "requests": [ { "prime": { "below": 100 } } ] }""", "name: is required")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "closed", "concurrency": 0 } }""", "load.concurrency: must be at least 1")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open" } }""", "load.rate: must be positive")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "sideways" } }""", "load.kind")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": "many" } } ] }""", "requests[0].prime.below")]
    [InlineData("""{ "name": "x", "requestz": [] }""", "requestz")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "batch" }, "sweep": { "concurrency": [1] } }""", "sweep.concurrency: needs load.kind closed")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "chess": { } }""", "requests: must be empty when chess is given")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "thresholds": [ "async:p99<1s", "async:p98<1s" ] }""", "thresholds[1]: threshold 'async:p98<1s': no figure 'p98'")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "batch" }, "faults": [ { "at_s": 1, "for_s": 1 } ] }""", "faults[0]: needs an open load")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 10, "duration_s": 10, "warmup_s": 2 }, "faults": [ { "at_s": 5, "for_s": 4 } ] }""", "faults[0].for_s: must end within the measured window (8 s after the warm-up)")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 10, "duration_s": 10, "warmup_s": 2 }, "faults": [ { "at_s": 1, "for_s": 3 }, { "at_s": 2, "for_s": 1 } ] }""", "faults[1].at_s: must not start before the stage before it ends")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 10, "duration_s": 10, "warmup_s": 2 }, "faults": [ { "at_s": 1, "for_s": 1, "upstream": { "delay_factor": 5000 } } ] }""", "faults[0].upstream.delay_factor must be from 0 to 1000")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 10, "duration_s": 10, "warmup_s": 2 }, "faults": [ { "at_s": 1, "for_s": 1, "upstream": { "error_rate": 2 } } ] }""", "faults[0].upstream.error_rate must be a share")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "closed", "stages": [ { "for_s": 1, "rate": 5 } ] } }""", "load.stages: shape an open load")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 5, "duration_s": 2, "stages": [ { "for_s": 3, "rate": 5 } ] } }""", "load.stages: must fit in load.duration_s")]
    [InlineData("""{ "name": "x", "requests": [ { "prime": { "below": 100 } } ], "load": { "kind": "open", "rate": 5, "stages": [ { "for_s": 0, "rate": 5 } ] } }""", "load.stages[0].for_s: must be positive")]
    [InlineData("""{ "name": "x", """, "test.json:")]
    public void A_broken_file_gets_a_message_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "test.json"));

        Assert.StartsWith("test.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fault_stages_are_read_with_their_upstream_profile_and_the_defaults_of_what_they_leave_out()
    {
        var scenario = ScenarioCatalog.Load("upstream-slowdown");

        var stage = Assert.Single(scenario.Faults);
        Assert.Equal((5.0, 15.0), (stage.AtS, stage.EndS));
        Assert.Equal(new Contracts.Faults.FaultProfile(DelayFactor: 40), stage.Upstream);
        Assert.Equal("upstream delay x40", stage.Describe());
        Assert.Equal("upstream 20% 503", Assert.Single(ScenarioCatalog.Load("upstream-errors").Faults).Describe());
    }

    [Fact]
    public void A_sweep_gives_the_load_of_each_level()
    {
        var scenario = ScenarioCatalog.Load("concurrency-sweep");

        Assert.Equal(Swept.Concurrency, scenario.SweepOf);
        Assert.Equal([10.0, 100.0, 1000.0], scenario.Levels.Select(l => l!.Value));
        Assert.Equal(100, scenario.LoadAt(100).Concurrency);
        Assert.Equal(scenario.Load.DurationS, scenario.LoadAt(100).DurationS);
    }

    [Fact]
    public void Levels_from_the_command_line_keep_the_sweeps_other_rules()
    {
        var scenario = Simul.Orchestrator.Commands.ScenarioCatalog.Load("scale-waiting");

        var swept = Simul.Orchestrator.Commands.Cli.WithLevels(scenario, "2000,4000");

        Assert.Equal([2000, 4000], swept.Sweep!.Concurrency);
        Assert.Equal(scenario.Sweep!.MinIdealShare, swept.Sweep.MinIdealShare);
        Assert.Equal(0.9, swept.Sweep.MinIdealShare);
        Assert.Equal(scenario.Sweep.MaxRssMb, swept.Sweep.MaxRssMb);
    }
}
