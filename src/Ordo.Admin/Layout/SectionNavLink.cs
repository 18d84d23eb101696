using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace Ordo.Admin.Layout;

/// <summary>
/// A navigation link matched by prefix (current on its address and every address under it) except on the address
/// <see cref="Except"/> names and those under it: that page has a link of its own ("New order" on <c>orders/new</c>,
/// not "Orders" as well).
/// </summary>
public sealed class SectionNavLink : NavLink
{
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>A base-relative path under this link's own (e.g. <c>orders/new</c>).</summary>
    [Parameter, EditorRequired] public string Except { get; set; } = "";

    protected override bool ShouldMatch(string uriAbsolute) => base.ShouldMatch(uriAbsolute) && !IsUnder(uriAbsolute, Except);

    private bool IsUnder(string uriAbsolute, string path)
    {
        var relative = Navigation.ToBaseRelativePath(uriAbsolute);
        var end = relative.IndexOfAny(['?', '#']);
        relative = end < 0 ? relative : relative[..end];
        return relative.Equals(path, StringComparison.OrdinalIgnoreCase)
            || relative.StartsWith(path + "/", StringComparison.OrdinalIgnoreCase);
    }
}
