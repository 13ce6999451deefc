using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;

namespace OrleansAgents.Placement;

/// <summary>
/// Places an agent grain. The agent's name is the grain key; its catalog profile decides the strategy. First, <b>model
/// affinity</b>: only silos serving the agent's model (<see cref="AgentProfile.Model"/>, else <c>Inference:Model</c>) are
/// candidates — as the load snapshot last saw them (<see cref="SiloLoad.Models"/>, which follows configuration reloads),
/// else as their silo metadata said at start; with none, <see cref="PlacementOptions.ModelFallback"/>. Then:
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
    IOptions<InferenceOptions> inference,
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
        var known = catalog.TryResolve(agent, out var descriptor);
        var requiresGpu = known && descriptor!.Profile.RequiresGpu;
        var kind = requiresGpu ? AcceleratorAffinity : LoadAware;
        var compatible = Remaining(context.GetCompatibleSilos(target), context);
        if (compatible.Length == 0)
        {
            instruments.OnDecision(kind, null, PlacementOutcome.Failed);
            throw AgentPlacementException.NoCompatibleSilo(agent);
        }

        // An unknown name is placed anywhere: its activation only answers "not found".
        var (candidates, outcome) = known ? ServingModel(agent, descriptor!.Profile.Model ?? inference.Value.DefaultModelName, compatible, kind)
            : (compatible, PlacementOutcome.Placed);
        var onAccelerator = false;
        if (requiresGpu)
        {
            var accelerated = candidates.Where(s => capabilities.Get(s).HasAccelerator).ToArray();
            if (accelerated.Length == 0)
            {
                if (options.CurrentValue.GpuFallback == GpuFallbackMode.Fail)
                {
                    instruments.OnDecision(kind, null, PlacementOutcome.Failed);
                    throw AgentPlacementException.NoAccelerator(agent);
                }

                LogNoAccelerator(logger, agent);
                outcome = PlacementOutcome.FallbackCpu;
            }
            else
            {
                (candidates, onAccelerator) = (accelerated, true);
            }
        }

        SiloAddress chosen;
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, candidates) is { } hint)
        {
            (chosen, outcome) = (hint, PlacementOutcome.Hinted);
        }
        else
        {
            chosen = Pick(candidates, queueFirst: onAccelerator);
        }

        loads.RecordPlacement(chosen);
        instruments.OnDecision(kind, chosen, outcome);
        return Task.FromResult(chosen);
    }

    // The silos that serve the model; with none, all of them (the chosen one loads it on demand) or a typed failure.
    private (SiloAddress[] Candidates, PlacementOutcome Outcome) ServingModel(string agent, string model, SiloAddress[] compatible, string kind)
    {
        var serving = compatible.Where(s => ModelsOf(s).Contains(model, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (serving.Length > 0)
        {
            return (serving, PlacementOutcome.Placed);
        }

        if (options.CurrentValue.ModelFallback == ModelFallbackMode.Fail)
        {
            instruments.OnDecision(kind, null, PlacementOutcome.Failed);
            throw AgentPlacementException.NoModel(
                agent, model, string.Join("; ", compatible.Select(s => $"{s} [{string.Join(", ", ModelsOf(s))}]")));
        }

        LogNoModel(logger, agent, model);
        return (compatible, PlacementOutcome.FallbackLoad);
    }

    // The snapshot is authoritative (it follows reloads and on-demand loads); metadata covers a silo it has not read yet.
    private IReadOnlyList<string> ModelsOf(SiloAddress silo) => loads.Get(silo).Models ?? capabilities.Get(silo).Models;

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
