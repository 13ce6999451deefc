namespace OrleansAgents.Agents;

/// <summary>Whether a request's answer may be shared with other users.</summary>
public enum Sensitivity
{
    /// <summary>The answer depends only on the text and may be served to anyone.</summary>
    Public = 0,

    /// <summary>The answer is scoped to the requesting tenant and user.</summary>
    Private = 1,
}
