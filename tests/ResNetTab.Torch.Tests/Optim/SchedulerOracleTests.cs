using System.Text.Json;
using ResNetTab.Torch.Optimizers;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary>
/// Learning-rate schedules against PyTorch 1.13: each group's rate after construction and after each of
/// 40 steps (two groups, the second at half the rate), and the cycled momentum / beta1 of OneCycleLR.
/// </summary>
public class SchedulerOracleTests
{
    private const double Tol = 1e-13;

    public static TheoryData<string> Cases => OptimOracle.Names("schedulers");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Learning_rates_match_pytorch(string name)
    {
        var c = OptimOracle.Case("schedulers", name);
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        var optArgs = c.GetProperty("optimizer_args");
        var optKind = c.GetProperty("optimizer").GetString()!;
        var lr = optArgs.GetProperty("lr").GetDouble();
        var groups = JsonDocument.Parse($"[{{\"params\":\"W\"}},{{\"params\":\"b\",\"lr\":{(lr / 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}]").RootElement;
        using var opt = OptimOracle.CreateOptimizer(optKind, optArgs, groups, w, b);
        var kind = c.GetProperty("kind").GetString()!;
        var args = c.GetProperty("args");
        var momentumKey = opt.defaults.ContainsKey("beta1") ? "beta1" : "momentum";

        var expectedLrs = c.GetProperty("lrs").EnumerateArray().Select(OptimOracle.Doubles).ToArray();
        var expectedMomenta = c.TryGetProperty("momentum", out var m) ? m.EnumerateArray().Select(OptimOracle.Doubles).ToArray() : null;

        if (kind == "ReduceLROnPlateau")
        {
            var metrics = OptimOracle.Doubles(c.GetProperty("metrics"));
            var plateau = Plateau(opt, args);
            OptimOracle.ShouldMatch(Lrs(opt), expectedLrs[0], Tol, $"{name} initial");
            for (var i = 0; i < metrics.Length; i++)
            {
                opt.step();
                plateau.step(metrics[i]);
                OptimOracle.ShouldMatch(plateau.get_last_lr().ToArray(), expectedLrs[i + 1], Tol, $"{name} step {i + 1}");
            }
            return;
        }

        var sched = Create(kind, opt, args);
        for (var i = 0; i < expectedLrs.Length; i++)
        {
            if (i > 0)
            {
                opt.step();
                sched.step();
            }
            OptimOracle.ShouldMatch(sched.get_last_lr().ToArray(), expectedLrs[i], Tol, $"{name} step {i}");
            OptimOracle.ShouldMatch(Lrs(opt), expectedLrs[i], Tol, $"{name} group lr, step {i}");
            if (expectedMomenta is not null)
                OptimOracle.ShouldMatch(opt.param_groups.Select(g => g[momentumKey]).ToArray(), expectedMomenta[i], Tol, $"{name} {momentumKey}, step {i}");
        }
    }

    private static double[] Lrs(Optimizer opt) => opt.param_groups.Select(g => g.lr).ToArray();

    private static LRScheduler Create(string kind, Optimizer opt, JsonElement args)
    {
        double D(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        int I(string key, int fallback) => args.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        int? N(string key) => args.TryGetProperty(key, out var v) ? v.GetInt32() : null;
        string S(string key, string fallback) => args.TryGetProperty(key, out var v) ? v.GetString()! : fallback;
        bool B(string key) => args.TryGetProperty(key, out var v) && v.GetBoolean();
        return kind switch
        {
            "StepLR" => optim.lr_scheduler.StepLR(opt, I("step_size", 0), D("gamma", 0.1)),
            "MultiStepLR" => optim.lr_scheduler.MultiStepLR(opt, args.GetProperty("milestones").EnumerateArray().Select(e => e.GetInt32()), D("gamma", 0.1)),
            "ExponentialLR" => optim.lr_scheduler.ExponentialLR(opt, D("gamma", 0)),
            "CosineAnnealingLR" => optim.lr_scheduler.CosineAnnealingLR(opt, I("T_max", 0), D("eta_min", 0)),
            "LinearLR" => optim.lr_scheduler.LinearLR(opt, D("start_factor", 1.0 / 3), D("end_factor", 1.0), I("total_iters", 5)),
            "OneCycleLR" => optim.lr_scheduler.OneCycleLR(opt, D("max_lr", 0), N("total_steps"), N("epochs"), N("steps_per_epoch"),
                D("pct_start", 0.3), S("anneal_strategy", "cos"), true, D("base_momentum", 0.85), D("max_momentum", 0.95),
                D("div_factor", 25), D("final_div_factor", 1e4), B("three_phase")),
            _ => throw new ArgumentException($"unknown scheduler {kind}", nameof(kind)),
        };
    }

    private static ReduceLROnPlateau Plateau(Optimizer opt, JsonElement args)
    {
        double D(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        int I(string key, int fallback) => args.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        string S(string key, string fallback) => args.TryGetProperty(key, out var v) ? v.GetString()! : fallback;
        return optim.lr_scheduler.ReduceLROnPlateau(opt, S("mode", "min"), D("factor", 0.1), I("patience", 10), D("threshold", 1e-4),
            S("threshold_mode", "rel"), I("cooldown", 0), D("min_lr", 0), D("eps", 1e-8));
    }
}
