using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// The access tables in <c>docs/security.md</c> are rendered from the code (the role definitions and the running
/// app's endpoints), so the document cannot drift from what the service enforces. Refresh with
/// <c>ORDO_UPDATE_SNAPSHOTS=1</c>.
/// </summary>
public sealed class SecurityDocumentTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private const string DocumentPath = "docs/security.md";

    [Fact]
    public void The_role_and_endpoint_tables_in_the_security_document_match_the_code()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryFiles.Root, DocumentPath)).ReplaceLineEndings("\n");

        document = ReplaceRegion(document, "roles", RolePermissionMatrix());
        document = ReplaceRegion(document, "staff-only", string.Join(", ", Permissions.StaffOnly.Select(permission => $"`{permission}`")) + "\n");
        document = ReplaceRegion(document, "endpoints", EndpointPermissionTable(Fixture.Factory.Services.GetRequiredService<EndpointDataSource>()));

        RepositoryFiles.AssertMatches(DocumentPath, document);
    }

    [Fact]
    public void Every_endpoint_is_public_on_purpose_or_names_a_permission_from_the_catalogue()
    {
        var endpoints = Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints.SelectMany(endpoint => endpoint.Metadata.GetOrderedMetadata<PermissionMetadata>()), permission =>
            Assert.True(Permissions.Exists(permission.Name), permission.Name));
        Assert.All(BuiltInRoles.Definitions.Values.SelectMany(role => role.Permissions), permission =>
            Assert.True(Permissions.Exists(permission), permission));
    }

    internal static string RolePermissionMatrix()
    {
        var roles = BuiltInRoles.Definitions.Keys.ToList();
        var table = new StringBuilder();
        table.Append("| permission | ").AppendJoin(" | ", roles).Append(" | what it allows |\n");
        table.Append("|---|").AppendJoin("", roles.Select(_ => ":-:|")).Append("---|\n");
        foreach (var (permission, description) in Permissions.Descriptions)
        {
            table.Append("| `").Append(permission).Append("` | ");
            table.AppendJoin(" | ", roles.Select(role => BuiltInRoles.Definitions[role].Permissions.Contains(permission) ? "✓" : " "));
            table.Append(" | ").Append(description).Append(" |\n");
        }

        table.Append('\n');
        foreach (var (role, definition) in BuiltInRoles.Definitions)
        {
            table.Append("- **").Append(role).Append("**: ").Append(definition.Description).Append('\n');
        }

        return table.ToString();
    }

    internal static string EndpointPermissionTable(EndpointDataSource endpoints)
    {
        var rows = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(endpoint => (Route: RouteOf(endpoint), Methods: MethodsOf(endpoint), Access: AccessOf(endpoint)))
            .Distinct()
            .OrderBy(row => row.Route, StringComparer.Ordinal)
            .ThenBy(row => row.Methods, StringComparer.Ordinal)
            .ToList();
        var table = new StringBuilder("| method | route | who may call it |\n|---|---|---|\n");
        foreach (var (route, methods, access) in rows)
        {
            table.Append("| ").Append(methods).Append(" | `").Append(route).Append("` | ").Append(access).Append(" |\n");
        }

        return table.ToString();
    }

    /// <summary>The admin panel's files are one endpoint each, named by the build (fingerprints change): one row for all.</summary>
    private static string RouteOf(RouteEndpoint endpoint)
    {
        var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        return route.StartsWith("/admin/", StringComparison.Ordinal) ? "/admin/{panel file}" : route;
    }

    private static string MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
            ? string.Join(", ", methods.Order(StringComparer.Ordinal))
            : "any";

    private static string AccessOf(RouteEndpoint endpoint)
    {
        var permissions = endpoint.Metadata.GetOrderedMetadata<PermissionMetadata>().Select(permission => permission.Name).Distinct().ToList();
        if (permissions.Count > 0)
        {
            return string.Join(" and ", permissions.Select(permission => $"`{permission}`"));
        }

        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? "public"
            : "any authenticated caller (fallback policy; no permission declared)";
    }

    private static string ReplaceRegion(string document, string name, string content)
    {
        var region = new Regex($"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", RegexOptions.Singleline);
        Assert.True(region.IsMatch(document), $"{DocumentPath} lacks the <!-- generated:{name} --> … <!-- /generated:{name} --> markers.");
        return region.Replace(document, match => match.Groups[1].Value + content + match.Groups[2].Value, 1);
    }
}
