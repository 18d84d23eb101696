using Ordo.Admin.Api;

namespace Ordo.Admin.Administration;

/// <summary>
/// The roles × permissions editor's state: each role's grants as the API last gave them (with the ETag of that
/// version) and as the user has ticked them since. A role is dirty while the two differ; saving sends the ticked set
/// with the saved version's ETag, so a change made elsewhere meanwhile is refused (412) rather than overwritten.
/// </summary>
public sealed class RoleMatrix
{
    /// <summary>The built-in role that always grants every permission; the API refuses to edit it.</summary>
    private const string AdminRole = "admin";

    private readonly List<Column> _columns = [];

    public IReadOnlyList<PermissionInfo> Permissions { get; private set; } = [];

    public IReadOnlyList<Column> Columns => _columns;

    public IEnumerable<Column> Dirty => _columns.Where(c => c.IsDirty);

    public bool IsDirty => _columns.Any(c => c.IsDirty);

    public void Load(IReadOnlyList<PermissionInfo> permissions, IEnumerable<(Role Role, string? ETag)> roles)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(roles);
        Permissions = permissions;
        _columns.Clear();
        _columns.AddRange(roles.Select(r => new Column(r.Role, r.ETag)));
    }

    public Column? Find(Guid roleId) => _columns.Find(c => c.Role.Id == roleId);

    /// <summary>The role as the API now has it (after a save, a creation or a reload): its edits are gone.</summary>
    public void Replace(Role role, string? etag)
    {
        ArgumentNullException.ThrowIfNull(role);
        var index = _columns.FindIndex(c => c.Role.Id == role.Id);
        if (index < 0)
        {
            _columns.Add(new Column(role, etag));
        }
        else
        {
            _columns[index] = new Column(role, etag);
        }
    }

    public void Remove(Guid roleId) => _columns.RemoveAll(c => c.Role.Id == roleId);

    /// <summary>One role's column: what is saved and what is ticked.</summary>
    public sealed class Column
    {
        private readonly HashSet<string> _saved;
        private readonly HashSet<string> _ticked;

        public Column(Role role, string? etag)
        {
            ArgumentNullException.ThrowIfNull(role);
            Role = role;
            ETag = etag;
            _saved = new HashSet<string>(role.Permissions, StringComparer.Ordinal);
            _ticked = new HashSet<string>(role.Permissions, StringComparer.Ordinal);
        }

        public Role Role { get; }

        public string? ETag { get; }

        /// <summary><c>admin</c> always grants everything: the API refuses any edit of it (422 <c>built_in_role</c>).</summary>
        public bool IsFixed => Role.BuiltIn && Role.Name == AdminRole;

        public bool Grants(string permission) => _ticked.Contains(permission);

        public bool IsChanged(string permission) => _ticked.Contains(permission) != _saved.Contains(permission);

        public bool IsDirty => !_ticked.SetEquals(_saved);

        public IReadOnlyList<string> Added => [.. _ticked.Except(_saved).Order(StringComparer.Ordinal)];

        public IReadOnlyList<string> Removed => [.. _saved.Except(_ticked).Order(StringComparer.Ordinal)];

        public void Toggle(string permission)
        {
            if (IsFixed)
            {
                return;
            }

            if (!_ticked.Remove(permission))
            {
                _ticked.Add(permission);
            }
        }

        public void Discard()
        {
            _ticked.Clear();
            _ticked.UnionWith(_saved);
        }

        /// <summary>The PUT body: the role's name and description unchanged, the ticked grants in name order.</summary>
        public RoleRequest ToRequest() => new(Role.Name, Role.Description, [.. _ticked.Order(StringComparer.Ordinal)]);
    }
}
