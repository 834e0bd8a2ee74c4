using System.Net;
using Backbeat.Node.Api;

namespace Backbeat.Node.Tests.Api;

public sealed class AdminAuthPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Without_a_token_loopback_callers_may_change(string address)
    {
        Assert.Equal(AdminAuthDecision.Allowed, AdminAuthPolicy.Evaluate(null, null, IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("2001:db8::1")]
    public void Without_a_token_other_callers_are_forbidden(string address)
    {
        Assert.Equal(AdminAuthDecision.Forbidden, AdminAuthPolicy.Evaluate(null, "Bearer anything", IPAddress.Parse(address)));
    }

    [Fact]
    public void Without_a_token_a_caller_of_unknown_address_is_forbidden()
    {
        Assert.Equal(AdminAuthDecision.Forbidden, AdminAuthPolicy.Evaluate(null, null, null));
    }

    [Fact]
    public void With_a_token_even_loopback_callers_must_present_it()
    {
        Assert.Equal(AdminAuthDecision.Unauthorized, AdminAuthPolicy.Evaluate("t0k", null, IPAddress.Loopback));
    }

    [Theory]
    [InlineData("Bearer t0k")]
    [InlineData("bearer t0k")]
    [InlineData("Bearer  t0k ")]
    public void With_a_token_the_bearer_token_admits_any_caller(string header)
    {
        Assert.Equal(AdminAuthDecision.Allowed, AdminAuthPolicy.Evaluate("t0k", header, IPAddress.Parse("10.0.0.5")));
    }

    [Theory]
    [InlineData("Bearer t0")]
    [InlineData("Bearer t0kk")]
    [InlineData("Bearer T0K")]
    [InlineData("Token t0k")]
    [InlineData("")]
    public void With_a_token_anything_else_is_unauthorized(string header)
    {
        Assert.Equal(AdminAuthDecision.Unauthorized, AdminAuthPolicy.Evaluate("t0k", header, IPAddress.Loopback));
    }
}
