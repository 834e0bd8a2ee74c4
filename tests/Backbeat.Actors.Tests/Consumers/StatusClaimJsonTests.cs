using System.Text;
using Backbeat.Consumers;

namespace Backbeat.Tests.Consumers;

public sealed class StatusClaimJsonTests
{
    [Fact]
    public void A_claim_is_written_with_the_five_snake_case_fields()
    {
        var json = Encoding.UTF8.GetString(StatusClaimJson.ToUtf8(new StatusClaim("agent-7", 1024, "work", ClaimState.Late, 12.5)));

        Assert.Equal("""{"agent_id":"agent-7","beat_index":1024,"phase":"work","state":"late","duration_ms":12.5}""", json);
    }

    [Theory]
    [InlineData(ClaimState.Done)]
    [InlineData(ClaimState.Late)]
    [InlineData(ClaimState.Failed)]
    public void A_written_claim_parses_back_to_itself(ClaimState state)
    {
        var claim = new StatusClaim("agent-7", 3, "review", state, 0.25);

        Assert.True(StatusClaimJson.TryParse(StatusClaimJson.ToUtf8(claim), out var parsed, out var error), error);
        Assert.Equal(claim, parsed);
    }

    [Fact]
    public void Extra_fields_from_a_newer_sender_are_ignored()
    {
        var json = """{"type":"backbeat.status.v1","agent_id":"a","beat_index":1,"phase":"plan","state":"done","duration_ms":3,"note":{"x":1}}""";

        Assert.True(StatusClaimJson.TryParse(Encoding.UTF8.GetBytes(json), out var claim, out var error), error);
        Assert.Equal(new StatusClaim("a", 1, "plan", ClaimState.Done, 3), claim);
    }

    [Theory]
    [InlineData("", "empty payload")]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("""{"beat_index":1,"phase":"plan","state":"done","duration_ms":3}""", "agent_id must be a string")]
    [InlineData("""{"agent_id":7,"beat_index":1,"phase":"plan","state":"done","duration_ms":3}""", "agent_id must be a string")]
    [InlineData("""{"agent_id":"","beat_index":1,"phase":"plan","state":"done","duration_ms":3}""", "agent_id is missing or empty")]
    [InlineData("""{"agent_id":"a\u0007","beat_index":1,"phase":"plan","state":"done","duration_ms":3}""", "control characters")]
    [InlineData("""{"agent_id":"a","phase":"plan","state":"done","duration_ms":3}""", "beat_index must be an integer")]
    [InlineData("""{"agent_id":"a","beat_index":"1","phase":"plan","state":"done","duration_ms":3}""", "beat_index must be an integer")]
    [InlineData("""{"agent_id":"a","beat_index":1.5,"phase":"plan","state":"done","duration_ms":3}""", "beat_index must be an integer")]
    [InlineData("""{"agent_id":"a","beat_index":99999999999999999999,"phase":"plan","state":"done","duration_ms":3}""", "beat_index must be an integer")]
    [InlineData("""{"agent_id":"a","beat_index":-1,"phase":"plan","state":"done","duration_ms":3}""", "beat_index must not be negative")]
    [InlineData("""{"agent_id":"a","beat_index":1,"state":"done","duration_ms":3}""", "phase must be a string")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"","state":"done","duration_ms":3}""", "phase is missing or empty")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"finished","duration_ms":3}""", "state must be done, late or failed")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"DONE","duration_ms":3}""", "state must be done, late or failed")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":null,"duration_ms":3}""", "state must be a string")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"done"}""", "duration_ms must be a number")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"done","duration_ms":-1}""", "duration_ms must be a finite number")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"done","duration_ms":1e400}""", "duration_ms must be a")]
    [InlineData("""{"agent_id":"a","beat_index":1,"phase":"plan","state":"done","duration_ms":3""", "not JSON")]
    public void A_malformed_claim_is_refused_with_its_reason(string json, string reason)
    {
        Assert.False(StatusClaimJson.TryParse(Encoding.UTF8.GetBytes(json), out var claim, out var error));
        Assert.Null(claim);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_oversized_payload_is_refused_unread()
    {
        var payload = new byte[StatusClaimJson.MaxPayloadBytes + 1];

        Assert.False(StatusClaimJson.TryParse(payload, out _, out var error));
        Assert.Contains("exceeds", error);
    }

    [Fact]
    public void Deeply_nested_json_is_refused()
    {
        var json = new string('[', 100) + new string(']', 100);

        Assert.False(StatusClaimJson.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("not JSON", error);
    }

    [Fact]
    public void An_agent_id_longer_than_the_limit_is_refused()
    {
        var claim = ClaimBuilder.AClaim().By(new string('a', StatusClaim.MaxAgentIdLength + 1)).Build();

        Assert.False(StatusClaim.IsWellFormed(claim, out var reason));
        Assert.Contains("longer than", reason);
    }

    [Fact]
    public void A_claim_with_an_undefined_state_number_is_not_well_formed()
    {
        var claim = ClaimBuilder.AClaim().In((ClaimState)7).Build();

        Assert.False(StatusClaim.IsWellFormed(claim, out var reason));
        Assert.Contains("not done, late or failed", reason);
    }

    [Fact]
    public void A_null_claim_is_not_well_formed()
    {
        Assert.False(StatusClaim.IsWellFormed(null, out var reason));
        Assert.Equal("the claim is null", reason);
    }
}
