using Npgsql;
using OrleansAgents.Persistence;

namespace OrleansAgents.Tests.Persistence;

public sealed class NpgsqlPoolsTests
{
    private const string Base = "Host=db;Username=u;Password=p;Database=d";

    [Fact]
    public void Sized_WhenConnectionStringHasNoPoolSettings_SetsPoolSizeAndConnectTimeout()
    {
        var sized = new NpgsqlConnectionStringBuilder(NpgsqlPools.Sized(Base, 16));

        Assert.Equal(16, sized.MaxPoolSize);
        Assert.Equal(5, sized.Timeout);
        Assert.Equal("db", sized.Host);
    }

    [Theory]
    [InlineData("Maximum Pool Size=50", 50)]
    [InlineData("MaxPoolSize=30", 30)]
    public void Sized_WhenConnectionStringSetsThePoolSize_KeepsIt(string setting, int expected)
        => Assert.Equal(expected, new NpgsqlConnectionStringBuilder(NpgsqlPools.Sized($"{Base};{setting}", 16)).MaxPoolSize);

    [Fact]
    public void Sized_WhenConnectionStringSetsTheTimeout_KeepsIt()
        => Assert.Equal(30, new NpgsqlConnectionStringBuilder(NpgsqlPools.Sized($"{Base};Timeout=30", 16)).Timeout);

    [Fact]
    public void Sized_WhenMinimumAboveMaximum_LowersTheMinimum()
        => Assert.Equal(16, new NpgsqlConnectionStringBuilder(NpgsqlPools.Sized($"{Base};Minimum Pool Size=40", 16)).MinPoolSize);
}
