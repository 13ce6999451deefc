using OrleansAgents.Caching;

namespace OrleansAgents.Tests.Caching;

/// <summary>The terms guard of the semantic cache: what may and may not share an answer whatever the cosine says.</summary>
public sealed class SemanticTermsTests
{
    [Fact]
    public void Of_KeepsNumbersVersionsAndContractionsWholeAndDropsCasePunctuationAndCourtesy()
        => Assert.Equal(
            ["why", "does", "api:2.3.1", "fail", "on", "port", "8080", "can't", "reach", "user_id"],
            SemanticTerms.Of("Hey, quick question: why does API:2.3.1 fail on port 8080?? (can't reach user_id) Thanks!"));

    [Theory]
    [InlineData("Rotate the DB password, please.", "rotate db password")]
    [InlineData("rotate the database credentials now", "Rotate the databse credentials now")]
    [InlineData("restart the ingestion worker", "restart the ingestoin worker")]
    public void Agree_WhenOnlyCaseCourtesyOrOneSlipDiffers_IsTrue(string cached, string request)
        => Assert.True(SemanticTerms.Agree(SemanticTerms.Of(cached), SemanticTerms.Of(request)));

    [Theory]
    [InlineData("enable TLS on the gateway", "disable TLS on the gateway")]
    [InlineData("deploy api:2.3.1 to staging", "deploy api:2.3.2 to staging")]
    [InlineData("retry the job with backoff", "retry the job without backoff")]
    [InlineData("the build is failing", "the build is not failing")]
    [InlineData("copy staging to production", "copy production to staging")]
    [InlineData("open port 8080", "open port 8081")]
    [InlineData("the form is slow", "the from is slow")]
    public void Agree_WhenAMeaningBearingTermDiffers_IsFalse(string cached, string request)
        => Assert.False(SemanticTerms.Agree(SemanticTerms.Of(cached), SemanticTerms.Of(request)));

    [Theory]
    [InlineData("database", "databse", true)]
    [InlineData("database", "datbaase", true)]
    [InlineData("database", "databasee", true)]
    [InlineData("increase", "decrease", false)]
    [InlineData("form", "from", false)]
    [InlineData("v2.3.1", "v2.3.2", false)]
    public void IsSlip_AllowsOneEditOrSwapInLongWordsOfLettersOnly(string a, string b, bool expected)
        => Assert.Equal(expected, SemanticTerms.IsSlip(a, b));
}
