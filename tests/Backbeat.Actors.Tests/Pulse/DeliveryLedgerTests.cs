using Backbeat.Pulse;

namespace Backbeat.Tests.Pulse;

public sealed class DeliveryLedgerTests
{
    private static DeliveryLedger DeliveredUpTo(long ordinal)
    {
        var ledger = new DeliveryLedger();
        ledger.Delivered(ordinal);
        return ledger;
    }

    [Fact]
    public void The_first_frame_is_delivered_with_nothing_to_fill()
    {
        var plan = new DeliveryLedger().Plan(42);

        Assert.Equal(new GapPlan(true, 42, 42, 0), plan);
    }

    [Fact]
    public void The_next_frame_is_delivered_with_nothing_to_fill() =>
        Assert.Equal(new GapPlan(true, 11, 11, 0), DeliveredUpTo(10).Plan(11));

    [Theory]
    [InlineData(10)]
    [InlineData(9)]
    [InlineData(0)]
    public void A_frame_delivered_already_is_not_delivered_again(long ordinal) =>
        Assert.False(DeliveredUpTo(10).Plan(ordinal).Deliver);

    [Fact]
    public void A_gap_is_filled_from_the_first_missing_frame() =>
        Assert.Equal(new GapPlan(true, 11, 14, 0), DeliveredUpTo(10).Plan(14));

    [Fact]
    public void A_gap_longer_than_the_fill_limit_is_jumped_and_counted()
    {
        var plan = DeliveredUpTo(10).Plan(10 + DeliveryLedger.MaxGapFill + 2);

        Assert.Equal(plan.Ordinal, plan.FillFrom);
        Assert.Equal(DeliveryLedger.MaxGapFill + 1, plan.Skipped);
    }

    [Fact]
    public void Recording_an_old_ordinal_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => DeliveredUpTo(10).Delivered(10));
}
