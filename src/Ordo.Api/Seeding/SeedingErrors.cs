using Ordo.Domain.Common;

namespace Ordo.Api.Seeding;

/// <summary>The error catalogue of demo-data seeding (the <c>seed</c> command and seeding at start-up; no endpoint).</summary>
public static class SeedingErrors
{
    public static readonly ErrorCode DatabaseNotEmpty = new(
        "database_not_empty", ErrorKind.Conflict, "Seeding only (never answered over HTTP): the database already holds data, and demo data goes only into an empty one.");
}
