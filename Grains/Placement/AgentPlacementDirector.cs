using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Placement;

/// <summary>
/// Places an agent grain. The agent's name is the grain key; its catalog profile decides the strategy:
/// <list type="bullet">
/// <item><b>accelerator affinity</b> (<see cref="AgentProfile.RequiresGpu"/>): among silos advertising an accelerator,
/// the shortest inference queue, then the lowest load score; with none, <see cref="PlacementOptions.GpuFallback"/>;</item>
/// <item><b>load-aware</b> (the others, and unknown names): the lowest load score among all compatible silos.</item>
/// </list>
/// Everything is read from memory (silo metadata and the <see cref="SiloLoadSnapshot"/>). A compatible placement hint
/// wins; remaining ties are broken at random. A silo that is stopping (<see cref="AgentDrain"/>) never picks itself.
/// </summary>
internal sealed partial class AgentPlacementDirector(
    IAgentCatalog catalog,
    ISiloCapabilitiesReader capabilities,
    SiloLoadSnapshot loads,
    IOptionsMonitor<PlacementOptions> options,
    PlacementInstruments instruments,
    AgentDrain drain,
    ILogger<AgentPlacementDirector> logger,
    Random? random = null) : IPlacementDirector
{
    internal const string AcceleratorAffinity = "accelerator-affinity";
    internal const string LoadAware = "load-aware";
    private const double Tie = 1e-9;
    private readonly Random _random = random ?? Random.Shared;

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var agent = target.GrainIdentity.Key.ToString() ?? "";
        var requiresGpu = catalog.TryResolve(agent, out var descriptor) && descriptor.Profile.RequiresGpu;
        var kind = requiresGpu ? AcceleratorAffinity : LoadAware;
        var compatible = Remaining(context.GetCompatibleSilos(target), context);
        if (compatible.Length == 0)
        {
            instruments.OnDecision(kind, null, PlacementOutcome.Failed);
            throw AgentPlacementException.NoCompatibleSilo(agent);
        }

        var candidates = compatible;
        var outcome = PlacementOutcome.Placed;
        if (requiresGpu)
        {
            candidates = [.. compatible.Where(s => capabilities.Get(s).HasAccelerator)];
            if (candidates.Length == 0)
            {
                if (options.CurrentValue.GpuFallback == GpuFallbackMode.Fail)
                {
                    instruments.OnDecision(kind, null, PlacementOutcome.Failed);
                    throw AgentPlacementException.NoAccelerator(agent);
                }

                LogNoAccelerator(logger, agent);
                (candidates, outcome) = (compatible, PlacementOutcome.FallbackCpu);
            }
        }

        SiloAddress chosen;
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, candidates) is { } hint)
        {
            (chosen, outcome) = (hint, PlacementOutcome.Hinted);
        }
        else
        {
            chosen = Pick(candidates, queueFirst: requiresGpu && outcome == PlacementOutcome.Placed);
        }

        loads.RecordPlacement(chosen);
        instruments.OnDecision(kind, chosen, outcome);
        return Task.FromResult(chosen);
    }

    // A stopping silo places (and migrates) its agents elsewhere, unless it is the only one left.
    private SiloAddress[] Remaining(SiloAddress[] compatible, IPlacementContext context)
    {
        if (!drain.IsDraining && !context.LocalSiloStatus.IsTerminating())
        {
            return compatible;
        }

        var others = compatible.Where(s => !s.Equals(context.LocalSilo)).ToArray();
        return others.Length > 0 ? others : compatible;
    }

    private SiloAddress Pick(SiloAddress[] candidates, bool queueFirst)
    {
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        var load = candidates.Select(loads.Get).ToArray();
        var scores = LoadScore.Compute(load, options.CurrentValue);
        var best = new List<int>(candidates.Length);
        for (var i = 0; i < candidates.Length; i++)
        {
            var order = best.Count == 0 ? -1 : Compare(i, best[0]);
            if (order < 0)
            {
                best.Clear();
            }

            if (order <= 0)
            {
                best.Add(i);
            }
        }

        return candidates[best[best.Count == 1 ? 0 : _random.Next(best.Count)]];

        // Affinity compares queue depth first; both compare the load score, equal within Tie being a tie.
        int Compare(int a, int b)
        {
            if (queueFirst && load[a].QueueDepth != load[b].QueueDepth)
            {
                return load[a].QueueDepth.CompareTo(load[b].QueueDepth);
            }

            var difference = scores[a] - scores[b];
            return Math.Abs(difference) <= Tie ? 0 : Math.Sign(difference);
        }
    }
}
