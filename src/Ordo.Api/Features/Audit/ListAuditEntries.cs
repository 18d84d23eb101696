using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Features.Audit;

/// <summary>The filters of the audit list; null means not filtered.</summary>
public sealed record AuditFilters(string? Actor, string? Action, string? ResourceType, string? ResourceId, DateTimeOffset? From, DateTimeOffset? To);

public static class ListAuditEntries
{
    public static readonly QueryParameter[] Documentation =
    [
        new("actor", "Entries of one actor: a user id, a client id, `anonymous` or `system`.", Example: "system", MaxLength: AuditEntry.MaxActorLength),
        new("action", "Entries of one action, e.g. `order.paid`.", Example: "order.paid", Enum: AuditActions.All),
        new("resourceType", "Entries about one kind of resource.", Example: AuditResources.Order, MaxLength: AuditEntry.MaxResourceTypeLength),
        new("resourceId", "Entries about one resource (with `resourceType`).", Example: ExampleValues.OrderId.ToString(), MaxLength: AuditEntry.MaxResourceIdLength),
        new("from", "Written at or after (ISO 8601).", Example: "2026-01-01T00:00:00Z", Format: "date-time", MaxLength: 40),
        new("to", "Written before (ISO 8601).", Example: "2026-02-01T00:00:00Z", Format: "date-time", MaxLength: 40),
    ];

    public static RouteHandlerBuilder MapListAuditEntries(this IEndpointRouteBuilder audit) =>
        audit.MapGet("/", HandleAsync)
            .WithName("ListAuditEntries")
            .RequirePermission(Permissions.AuditRead)
            .WithSummary("List the audit trail")
            .WithDescription("Newest first, keyset-paginated (no total count). Filters: `actor`, `action`, `resourceType` with optional `resourceId`, `from`, `to`. Each entry carries `previousHash` and `hash`: the chain that makes edits, deletions and reordering detectable (see `GET /api/v1/audit/verification`). Personal data in `changes` is masked. Unknown parameters or values answer 400.")
            .ListsPages(Documentation);

    /// <summary>
    /// The use case: up to <paramref name="take"/> entries matching <paramref name="filters"/>, newest first, before
    /// the sequence number <paramref name="beforeSequence"/> when given.
    /// </summary>
    public static async Task<List<AuditEntry>> ExecuteAsync(
        AuditFilters filters, long? beforeSequence, int take, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.AuditEntries.AsNoTracking();
        if (filters.Actor is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (filters.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (filters.ResourceType is { } resourceType)
        {
            entries = entries.Where(e => e.ResourceType == resourceType);
        }

        if (filters.ResourceId is { } resourceId)
        {
            entries = entries.Where(e => e.ResourceId == resourceId);
        }

        if (filters.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (filters.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        if (beforeSequence is { } before)
        {
            entries = entries.Where(e => e.Sequence < before);
        }

        return await entries.OrderByDescending(e => e.Sequence).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The REST adapter: reads the filters, answers the page with its links.</summary>
    public static async Task<Results<Ok<Page<AuditEntryResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "audit", "actor", "action", "resourceType", "resourceId", "from", "to");
        var action = query.Text("action");
        if (action is not null && !AuditActions.All.Contains(action))
        {
            query.Errors.Add("action", $"Unknown action '{action}'. Allowed: {string.Join(", ", AuditActions.All)}.");
        }

        var filters = new AuditFilters(query.Text("actor"), action, query.Text("resourceType"), query.Text("resourceId"), query.Timestamp("from"), query.Timestamp("to"));
        if (filters.ResourceId is not null && filters.ResourceType is null)
        {
            query.Errors.Add("resourceId", "Filter by 'resourceId' together with 'resourceType'.");
        }

        var cursor = query.CursorKeys(1, keys => long.TryParse(keys[0], NumberStyles.None, CultureInfo.InvariantCulture, out _));
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var before = cursor is null ? (long?)null : long.Parse(cursor[0], CultureInfo.InvariantCulture);
        var rows = await ExecuteAsync(filters, before, query.Limit + 1, db, cancellationToken);
        return TypedResults.Ok(Paging.Respond(
            http,
            rows.Select(AuditEntryResponse.From).ToList(),
            query.Limit,
            entry => [entry.Sequence.ToString(CultureInfo.InvariantCulture)],
            query.Scope));
    }
}
