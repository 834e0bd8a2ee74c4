using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using Backbeat.Admin;
using Backbeat.Pulse;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Admin;

public sealed class AdminActorTests : TestKit
{
    private const string ClusterConfig = """
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.roles = [backbeat]
        akka.loglevel = WARNING
        """;

    private static readonly AdminActorSettings Quick = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(300));

    public AdminActorTests()
        : base(ClusterConfig)
    {
    }

    private IActorRef Admin(IActorRef leader, IActorRef follower) => Sys.ActorOf(AdminActor.Props(leader, follower, Quick));

    [Fact]
    public void Tempo_questions_go_to_the_leader_and_its_answer_comes_back()
    {
        var leader = CreateTestProbe();
        var admin = Admin(leader, CreateTestProbe());

        admin.Tell(GetTempo.Instance, TestActor);
        leader.ExpectMsg<GetTempo>();
        var status = new TempoStatus(12, null, null, null, 10.8m, 13.2m);
        leader.Reply(status);

        Assert.Equal(status, ExpectMsg<TempoStatus>());
    }

    [Fact]
    public void A_tempo_change_goes_to_the_leader_unchanged_and_its_verdict_comes_back()
    {
        var leader = CreateTestProbe();
        var admin = Admin(leader, CreateTestProbe());

        admin.Tell(new SetTempo(13, "why"), TestActor);
        Assert.Equal(new SetTempo(13, "why"), leader.ExpectMsg<SetTempo>());
        leader.Reply(new TempoRefused("too far"));

        Assert.Equal(new TempoRefused("too far"), ExpectMsg<TempoRefused>());
    }

    [Fact]
    public void A_silent_leader_yields_leader_unavailable_after_the_timeout()
    {
        var admin = Admin(CreateTestProbe(), CreateTestProbe());

        admin.Tell(new SetTempo(13, null), TestActor);

        var answer = ExpectMsg<LeaderUnavailable>(TimeSpan.FromSeconds(5));
        Assert.Contains("did not answer", answer.Reason);
    }

    [Fact]
    public void Without_a_pulse_leader_questions_are_answered_at_once_as_unavailable()
    {
        var admin = Admin(ActorRefs.Nobody, ActorRefs.Nobody);

        admin.Tell(GetLeaderStatus.Instance, TestActor);

        ExpectMsg<LeaderUnavailable>(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_leader_answering_the_wrong_thing_yields_leader_unavailable()
    {
        var leader = CreateTestProbe();
        var admin = Admin(leader, CreateTestProbe());

        admin.Tell(GetTempo.Instance, TestActor);
        leader.ExpectMsg<GetTempo>();
        leader.Reply("not a tempo status");

        ExpectMsg<LeaderUnavailable>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Drift_questions_go_to_the_follower()
    {
        var follower = CreateTestProbe();
        var admin = Admin(CreateTestProbe(), follower);

        admin.Tell(GetDrift.Instance, TestActor);
        follower.ExpectMsg<GetDrift>();
        follower.Reply(TestFollower.Drift);

        Assert.Equal(TestFollower.Drift, ExpectMsg<DriftStatus>());
    }

    [Fact]
    public void A_silent_follower_yields_follower_unavailable()
    {
        var admin = Admin(CreateTestProbe(), CreateTestProbe());

        admin.Tell(GetDrift.Instance, TestActor);

        ExpectMsg<FollowerUnavailable>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Before_joining_the_cluster_state_has_no_leader_host()
    {
        var admin = Admin(CreateTestProbe(), CreateTestProbe());

        admin.Tell(GetClusterState.Instance, TestActor);

        var state = ExpectMsg<ClusterState>();
        Assert.Null(state.LeaderHost);
        Assert.Equal(Cluster.Get(Sys).SelfAddress.ToString(), state.SelfAddress);
    }

    [Fact]
    public void Once_up_this_node_is_a_reachable_backbeat_member_and_the_leader_host()
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, TimeSpan.FromSeconds(10));
        var admin = Admin(CreateTestProbe(), CreateTestProbe());

        admin.Tell(GetClusterState.Instance, TestActor);
        var state = ExpectMsg<ClusterState>();
        admin.Tell(GetLeaderAddress.Instance, TestActor);
        var leaderAddress = ExpectMsg<LeaderAddress>();

        var self = Assert.Single(state.Members);
        Assert.Equal(("Up", true, true), (self.Status, self.Reachable, self.IsLeaderHost));
        Assert.Equal(["backbeat"], self.Roles);
        Assert.Equal(state.SelfAddress, state.LeaderHost);
        Assert.Equal(new LeaderAddress(state.SelfAddress, true), leaderAddress);
    }

    [Fact]
    public void Leave_for_an_address_that_is_no_member_is_answered_not_a_member_and_changes_nothing()
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, TimeSpan.FromSeconds(10));
        var admin = Admin(CreateTestProbe(), CreateTestProbe());
        var stranger = new Address("akka.tcp", "backbeat", "127.0.0.1", 1);

        admin.Tell(new LeaveMember(stranger), TestActor);

        Assert.Equal(new NotAMember(stranger.ToString()), ExpectMsg<NotAMember>());
        Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
    }

    [Fact]
    public void Down_for_an_address_that_is_no_member_is_answered_not_a_member()
    {
        var admin = Admin(CreateTestProbe(), CreateTestProbe());
        var stranger = new Address("akka.tcp", "backbeat", "127.0.0.1", 1);

        admin.Tell(new DownMember(stranger), TestActor);

        Assert.Equal(new NotAMember(stranger.ToString()), ExpectMsg<NotAMember>());
    }

    [Fact]
    public void Leave_for_a_member_is_issued_and_the_member_leaves()
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, TimeSpan.FromSeconds(10));
        var admin = Admin(CreateTestProbe(), CreateTestProbe());

        admin.Tell(new LeaveMember(cluster.SelfAddress), TestActor);

        Assert.Equal(new MembershipChangeIssued(cluster.SelfAddress.ToString(), "leave"), ExpectMsg<MembershipChangeIssued>());
        AwaitCondition(() => cluster.SelfMember.Status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Removed || cluster.IsTerminated, TimeSpan.FromSeconds(10));
    }
}
