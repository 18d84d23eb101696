using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Features.Audit;

public static class VerifyAuditChain
{
    public static RouteHandlerBuilder MapVerifyAuditChain(this IEndpointRouteBuilder audit) =>
        audit.MapGet("/verification", HandleAsync)
            .WithName("VerifyAuditChain")
            .RequirePermission(Permissions.AuditRead)
            .WithSummary("Verify the audit chain")
            .WithDescription("Walks the whole audit trail from the first entry (in batches) and recomputes every hash. `intact` is true when every entry follows the one before it and the chain head agrees; otherwise `firstBreak` names the first broken link: its sequence number and `kind` (`hash_mismatch`: the entry was edited; `missing_sequence`: entries were deleted; `reordered`: the entry does not follow the previous one; `head_mismatch`: the trail ends elsewhere than the chain head says). The same check runs as the `audit-verify` command. A consistent rewrite of the whole table is caught by the signed checkpoints in the log stream instead.");

    /// <summary>The use case: the walk along the chain (any transport, e.g. the <c>audit-verify</c> command, calls the verifier).</summary>
    public static Task<AuditVerification> ExecuteAsync(AuditVerifier verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return verifier.VerifyAsync(cancellationToken);
    }

    /// <summary>The REST adapter: 200 with the outcome, broken or not (the check itself succeeded).</summary>
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<AuditVerificationResponse>> HandleAsync(
        AuditVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(AuditVerificationResponse.From(await ExecuteAsync(verifier, cancellationToken)));
}
