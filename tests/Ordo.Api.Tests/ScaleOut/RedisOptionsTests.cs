using Ordo.Api.Infrastructure.SharedState;

namespace Ordo.Api.Tests.ScaleOut;

public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis.internal:6380,password=secret,ssl=true,abortConnect=false")]
    public void Well_formed_or_absent_connection_strings_pass(string? connectionString) =>
        Assert.Null(RedisOptions.ConnectionStringProblem(connectionString));

    [Theory]
    [InlineData("127.0.0.1:6379,nonsense=1")]
    [InlineData("127.0.0.1:6379,connectTimeout=soon")]
    public void A_malformed_connection_string_is_refused_at_start_up_with_the_reason(string connectionString) =>
        Assert.NotNull(RedisOptions.ConnectionStringProblem(connectionString));
}
